import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The key of the migrated template: a hash of every migration file (up and down) and of the engine
 * packages whose on-disk format a dumped data dir depends on. Unchanged key → the template is reused.
 */
const HARNESS_VERSION = "1";

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && (entry.name.endsWith(".sql") || entry.name === "_journal.json"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function packageVersion(name: string): string {
  const file = path.resolve("node_modules", name, "package.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

export function migrationsDir(): string {
  return path.resolve(process.env.MIGRATIONS_DIR || "./drizzle");
}

export function templateKey(): string {
  const hash = crypto.createHash("sha256");
  hash.update(`harness ${HARNESS_VERSION}\n`);
  for (const name of ["@electric-sql/pglite", "@electric-sql/pglite-postgis"]) {
    hash.update(`${name}@${packageVersion(name)}\n`);
  }
  const dir = migrationsDir();
  for (const file of filesUnder(dir)) {
    hash.update(`${path.relative(dir, file)}\n`);
    hash.update(fs.readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

/** Where the PGlite template lives: .data/test-template/pglite-<key>.tar */
export const pgliteTemplateDir = path.resolve(".data/test-template");
