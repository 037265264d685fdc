import crypto from "node:crypto";
import fs from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, setDatabase, type Database, type OpenOptions } from "../../db/client";
import { heldBlob } from "../../db/heldBlob";
import { migrateToHead } from "../../db/migrator";
import { currentEngine, VIA_ENV, type Engine } from "./engine";
import { adminUrl, databaseUrl, quoteIdent } from "./postgresUrls";
import { templateKey } from "./template";
import "./provided";

/**
 * One fresh, migrated database per test file, on the engine of the running vitest project:
 *
 *   const getDatabase = useFreshDatabase();          // at the top of a test file
 *   it("…", async () => { const database = getDatabase(); … });
 *
 * PGlite: an in-memory instance started from the template dumped by globalSetup.pglite.ts.
 * PostgreSQL: CREATE DATABASE … TEMPLATE the database built by globalSetup.postgres.ts, dropped after.
 */
export interface TestDatabase {
  database: Database;
  engine: Engine;
  /** A label for messages: the PostgreSQL database name, or "pglite (memory)". */
  name: string;
  /** Closes the handle and, on PostgreSQL, drops the database. */
  dispose(): Promise<void>;
}

/** Opens a fresh migrated database; the caller disposes of it. Most files want useFreshDatabase(). */
export async function freshDatabase(): Promise<TestDatabase> {
  const opened = currentEngine() === "postgres" ? await clonePostgres() : await loadPglite();
  if (templateKey() !== inject("templateKey")) {
    // drizzle/ changed since the global setup migrated the template (a migration landed mid-run):
    // bring this copy to the new head. The next run builds a new template.
    try {
      await migrateToHead(opened.database);
    } catch (error) {
      await opened.dispose();
      throw error;
    }
  }
  return opened;
}

async function loadPglite(): Promise<TestDatabase> {
  const template = inject("pgliteTemplate");
  if (!template || !fs.existsSync(template)) {
    throw new Error(`No PGlite template (${template}): is tests/support/globalSetup.pglite.ts in the project?`);
  }
  // Read whole now (not fs.openAsBlob, which reads lazily and fails if the file is replaced meanwhile).
  const database = await openDatabase({ memory: true, loadDataDir: heldBlob(await fs.promises.readFile(template)) });
  return { database, engine: "pglite", name: "pglite (memory)", dispose: () => database.close() };
}

async function clonePostgres(): Promise<TestDatabase> {
  const template = inject("postgresTemplate");
  const prefix = inject("postgresRunPrefix");
  if (!template || !prefix) throw new Error("No PostgreSQL template: is globalSetup.postgres.ts in the project?");
  const server = adminUrl();
  const name = `${prefix}${crypto.randomBytes(6).toString("hex")}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  let database: Database | undefined;
  try {
    await admin.unsafe(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
    database = await openDatabase(connectionOf(server, name));
  } catch (error) {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch(() => {});
    await admin.end({ timeout: 5 });
    throw error;
  }
  const opened = database;
  return {
    database: opened,
    engine: "postgres",
    name,
    async dispose() {
      try {
        await opened.close();
        await admin.unsafe(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}

/**
 * How a test file's database is reached: directly, or — in the "pgbouncer" project (vitest.config.ts) —
 * through PgBouncer in transaction pooling mode at TEST_PGBOUNCER_URL, as production behind a
 * transaction pooler (DATABASE_POOLING=transaction, COPY streams on the direct URL).
 */
export const DIRECT_APPLICATION_NAME = "saltbitter-direct";

function connectionOf(server: string, name: string): OpenOptions {
  if (process.env[VIA_ENV] !== "pgbouncer") return { url: databaseUrl(server, name) };
  const bouncer = process.env.TEST_PGBOUNCER_URL;
  if (!bouncer) throw new Error(`${VIA_ENV}=pgbouncer needs TEST_PGBOUNCER_URL`);
  // Named, so a test can tell which connection a statement ran on.
  const direct = new URL(databaseUrl(server, name));
  direct.searchParams.set("application_name", DIRECT_APPLICATION_NAME);
  return { url: databaseUrl(bouncer, name), pooling: "transaction", directUrl: direct.toString() };
}

/**
 * Registers beforeAll/afterAll hooks that give this file its own fresh database, also made the
 * process default (`setDatabase`) so server code calling getDatabase() uses it. Returns a getter,
 * valid inside tests and hooks that run after this call's beforeAll.
 */
export function useFreshDatabase(): () => Database {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await freshDatabase();
    setDatabase(current.database);
  });
  afterAll(async () => {
    await current?.dispose();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error("useFreshDatabase(): the database is opened in beforeAll; use the getter in tests");
    return current.database;
  };
}
