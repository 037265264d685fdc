import fs from "node:fs";
import path from "node:path";

/**
 * The test files whose outcome cannot depend on the database engine: they reach none of the
 * modules that open a test database or ask which engine runs (following their imports inside
 * tests/), and never read the engine's environment themselves. vitest.config.ts runs them once, in
 * the "pglite" project, instead of once per engine: the same pure checks twice only cost CI time.
 */
const engineModules = ["support/database.ts", "support/engine.ts", "support/postgresUrls.ts", "support/template.ts"];
const engineEnvironment = /TEST_DATABASE_URL|TEST_DB_ENGINE|TEST_PGBOUNCER_URL|TEST_REPLICA_URL/;
const importSpecifier = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

function resolveImport(root: string, fromFile: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(root, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Paths relative to `root`, as vitest's include and exclude take them. */
export function engineFreeTestFiles(root: string): string[] {
  const testsDir = path.join(root, "tests");
  const testFiles = fs
    .readdirSync(testsDir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".test.ts"))
    .map((file) => path.join(testsDir, file));
  const engineFiles = new Set(engineModules.map((module) => path.join(testsDir, module)));
  const verdicts = new Map<string, boolean>();

  // Whether `file` depends on the engine. A file met again while being decided (an import cycle)
  // counts as depending on it: a file of the cycle decided meanwhile keeps that answer, and the
  // safe one is "both engines" (only slower), never "one engine" for a file that needs both.
  const dependsOnEngine = (file: string): boolean => {
    const known = verdicts.get(file);
    if (known !== undefined) return known;
    verdicts.set(file, true);
    let verdict = engineFiles.has(file);
    if (!verdict) {
      const source = fs.readFileSync(file, "utf8");
      verdict = engineEnvironment.test(source);
      for (const match of source.matchAll(importSpecifier)) {
        if (verdict) break;
        const target = resolveImport(root, file, match[1]);
        // Only helpers inside tests/ open test databases; the app's own modules take a database handle.
        if (target?.startsWith(testsDir + path.sep)) verdict = dependsOnEngine(target);
      }
    }
    verdicts.set(file, verdict);
    return verdict;
  };

  return testFiles.filter((file) => !dependsOnEngine(file)).map((file) => path.relative(root, file));
}
