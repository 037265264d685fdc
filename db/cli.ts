import { openDatabase, type Database } from "./client";
import { databaseConfig } from "./config";

/** The database a maintenance CLI works on: the owner's (MIGRATION_DATABASE_URL) when set, since the app role may not change the schema. */
const maintenanceUrl = () => databaseConfig.migrationUrl ?? databaseConfig.url;

/** Runs a CLI body against the configured database and exits non-zero with a clear message on failure. */
export async function runCli(body: (database: Database) => Promise<void>): Promise<void> {
  let database: Database | undefined;
  try {
    database = await openDatabase({ url: maintenanceUrl() });
    await body(database);
  } catch (error) {
    console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await database?.close();
  }
}

export function describeTarget(): string {
  const url = maintenanceUrl();
  return url ? `PostgreSQL (${redact(url)})` : `embedded PGlite (${databaseConfig.pgliteDataDir})`;
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");

/** Reads `--name value` from argv. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
