import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openDatabase, type Database } from "./client";
import { databaseConfig } from "./config";
import { acquireDataDirLock } from "./lock";
import { heldBlob } from "./heldBlob";

/**
 * Backups of either engine: pg_dump's custom format for PostgreSQL, a gzipped dump of the data
 * dir for PGlite (taken through PGlite itself, so it is consistent).
 */
export const defaultBackupPath = (url = databaseConfig.url) =>
  path.resolve(
    "backups",
    `saltbitter-${new Date().toISOString().replace(/[:.]/g, "-")}.${url ? "dump" : "pglite.tar.gz"}`,
  );

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { stdio: ["ignore", "inherit", "pipe"], encoding: "utf8" });
  if (result.error)
    throw new Error(`${command} could not run (${result.error.message}): install the PostgreSQL client tools.`);
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr.trim()}`);
}

export async function backupDatabase(
  file: string,
  options: { url?: string; dataDir?: string; database?: Database } = {},
): Promise<string> {
  const url = options.url ?? (options.dataDir || options.database ? undefined : databaseConfig.url);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (url) {
    run("pg_dump", ["--format=custom", "--no-owner", "--file", file, "--dbname", url]);
    return file;
  }
  // An embedded database already open in this process (it holds the dir's lock) is dumped as it
  // is; otherwise the dir is opened for the dump (a cold PostGIS boot: seconds).
  const live = options.database?.driver.pglite;
  if (live) {
    await writeDump(file, live);
    return file;
  }
  const database = await openDatabase({ dataDir: options.dataDir ?? databaseConfig.pgliteDataDir });
  try {
    await writeDump(file, database.driver.pglite!);
  } finally {
    await database.close();
  }
  return file;
}

async function writeDump(file: string, pglite: NonNullable<Database["driver"]["pglite"]>) {
  const dump = await pglite.dumpDataDir("gzip");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
}

/**
 * Restores over the current database. PostgreSQL: pg_restore --clean. PGlite: the current data dir
 * is kept beside it (…-before-restore-<time>) and a new one is loaded from the dump.
 */
export async function restoreDatabase(file: string, options: { url?: string; dataDir?: string } = {}): Promise<void> {
  await (await restoreAndOpen(file, options))?.close();
}

/**
 * As restoreDatabase, but an embedded database stays open on the restored dir and is returned
 * (loading a dump boots PGlite anyway: the caller need not boot it a second time). PostgreSQL: null.
 */
export async function restoreAndOpen(
  file: string,
  options: { url?: string; dataDir?: string } = {},
): Promise<Database | null> {
  if (!fs.existsSync(file)) throw new Error(`Backup file not found: ${file}`);
  const url = options.url ?? (options.dataDir ? undefined : databaseConfig.url);
  if (url) {
    run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", url, file]);
    return null;
  }
  const dataDir = options.dataDir ?? databaseConfig.pgliteDataDir;
  const release = acquireDataDirLock(dataDir); // refuse while the app holds the dir
  if (fs.existsSync(dataDir)) fs.renameSync(dataDir, `${dataDir}-before-restore-${Date.now()}`);
  release();
  return openDatabase({ dataDir, loadDataDir: heldBlob(fs.readFileSync(file)) });
}
