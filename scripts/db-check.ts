import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { loadMigrations } from "../db/migrator";

/**
 * Fails when db/schema and drizzle/ disagree: drizzle-kit generates into a scratch copy of
 * drizzle/, and any new migration there is a schema change nobody generated. Also checks that
 * every migration has its down migration and that drizzle-kit's own snapshot check passes.
 */
// drizzle-kit wants a path relative to the project.
fs.mkdirSync(".data", { recursive: true });
const scratch = path.relative(process.cwd(), fs.mkdtempSync(path.join(".data", "db-check-")));
fs.cpSync("drizzle", scratch, { recursive: true });
const before = new Set(fs.readdirSync(scratch));

const kit = (args: string[], env: Record<string, string> = {}) =>
  spawnSync("npx", ["drizzle-kit", ...args], { encoding: "utf8", env: { ...process.env, ...env } });

const generated = kit(["generate", "--name", "check"], { DRIZZLE_OUT: scratch });
const added = fs.readdirSync(scratch).filter((f) => !before.has(f) && f.endsWith(".sql"));
fs.rmSync(scratch, { recursive: true, force: true });

const problems: string[] = [];
// drizzle-kit can exit 0 after printing an error, so its output is checked too.
if (generated.status !== 0 || /error/i.test(generated.stderr + generated.stdout))
  problems.push(`drizzle-kit generate failed:\n${generated.stderr || generated.stdout}`);
if (added.length)
  problems.push(
    `db/schema has changes with no migration (drizzle-kit would generate ${added.join(", ")}). Run npm run db:generate, review it, and add its down migration.`,
  );
const check = kit(["check"]);
if (check.status !== 0) problems.push(`drizzle-kit check failed:\n${check.stdout}${check.stderr}`);
try {
  loadMigrations();
} catch (error) {
  problems.push((error as Error).message);
}

if (problems.length) {
  console.error(`✗ db:check\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log(
  `✓ db:check: db/schema matches drizzle/ (${loadMigrations().length} migrations, each with a down migration).`,
);
