import fs from "node:fs";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { withPreparedStatements } from "./preparedStatements";
import type { PGlite } from "@electric-sql/pglite";
import type postgres from "postgres";
import * as schema from "./schema";
import { databaseConfig, type PoolingMode } from "./config";
import { acquireDataDirLock } from "./lock";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Row = Record<string, unknown>;

/**
 * The one place that opens the database. Callers get the same API on both engines:
 * `db` (Drizzle), `rows()` for raw SQL, `exec()` for scripts; `streamKeyset()` below reads
 * tables too large for memory.
 */
export interface Database {
  db: Db;
  engine: "postgres" | "pglite";
  /** Runs a query and returns its rows, whichever driver is underneath. */
  rows<T extends Row = Row>(query: SQL): Promise<T[]>;
  /** Runs several statements (migrations, seed steps). */
  exec(text: string): Promise<void>;
  /** Runs several statements in one transaction: all or nothing. */
  execInTransaction(text: string): Promise<void>;
  close(): Promise<void>;
  /**
   * PostgreSQL only: streams `COPY … TO STDOUT` at constant memory. Callers use `streamText()`
   * below, which falls back to keyset batches on PGlite.
   */
  copyOut?(copyStatement: string): AsyncIterable<Buffer>;
  /** Driver handles for the few places that need them (backup, COPY); nothing else may use them. */
  driver: { pglite?: PGlite; postgres?: postgres.Sql };
}

export interface OpenOptions {
  url?: string;
  dataDir?: string;
  /** In-memory PGlite, optionally started from a dumped data dir (tests). */
  memory?: boolean;
  loadDataDir?: Blob;
  /** PostgreSQL: how `url` is pooled (default DATABASE_POOLING); see openPostgres. */
  pooling?: PoolingMode;
  /** PostgreSQL: the server itself when `url` is a transaction pooler (default DATABASE_DIRECT_URL). */
  directUrl?: string;
  /** PostgreSQL: connections in this handle's pool (default DB_POOL_MAX). */
  poolMax?: number;
}

/**
 * postgres.js over `url`. Behind a transaction pooler (`pooling: "transaction"`, e.g. PgBouncer's
 * `pool_mode = transaction`) consecutive statements may run on different server connections, so:
 * no named prepared statements (`prepare: false`: each query is parsed unnamed, in one round trip),
 * and a COPY stream — long, holding its server connection throughout — goes to `directUrl` when one
 * is given. Nothing else in the app keeps session state: settings are `SET LOCAL`, advisory locks are
 * transaction-scoped (`pg_advisory_xact_lock`), there is no LISTEN, no WITH HOLD cursor and no
 * temporary table outliving its transaction; large reads are COPY streams (above) or keyset batches.
 */
async function openPostgres(url: string, options: OpenOptions = {}): Promise<Database> {
  const { default: postgresJs } = await import("postgres");
  const pooling = options.pooling ?? databaseConfig.pooling;
  const directUrl = options.directUrl ?? (options.url ? undefined : databaseConfig.directUrl);
  const client = postgresJs(url, {
    max: options.poolMax ?? databaseConfig.poolMax,
    idle_timeout: databaseConfig.idleTimeoutSeconds,
    max_lifetime: databaseConfig.maxLifetimeSeconds,
    prepare: pooling !== "transaction",
    // Queries are named prepared statements (preparedStatements.ts), and a named statement would
    // switch to a generic plan after five runs, planned without its parameters' values: a filter
    // matching 50 rows and one matching 500,000 would then share one plan (the sequential scan of
    // the issue). Every execution is planned for its own values. Not behind a transaction pooler:
    // nothing is named there, and a pooler may refuse startup parameters.
    ...(pooling === "transaction" ? {} : { connection: { plan_cache_mode: "force_custom_plan" } }),
    onnotice: () => {},
    // Dates and numerics arrive as drizzle expects them; timestamptz stays ISO text for raw rows.
  });
  const db = drizzlePostgres(pooling === "transaction" ? client : withPreparedStatements(client), {
    schema,
  }) as unknown as Db;
  return {
    db,
    engine: "postgres",
    async rows<T extends Row>(query: SQL) {
      return (await db.execute(query)) as unknown as T[];
    },
    async exec(text: string) {
      await client.unsafe(text);
    },
    async execInTransaction(text: string) {
      await client.begin((tx) => tx.unsafe(text));
    },
    async close() {
      await client.end({ timeout: 5 });
    },
    async *copyOut(copyStatement: string) {
      // A client of its own: a COPY stream shares no connection state with the pool's queries.
      // Behind a transaction pooler it bypasses the pooler when it can (see above).
      const copyClient = postgresJs(directUrl ?? url, {
        max: 1,
        prepare: directUrl !== undefined || pooling !== "transaction",
        onnotice: () => {},
      });
      try {
        const stream = await copyClient.unsafe(copyStatement).readable();
        for await (const chunk of stream) yield chunk as Buffer;
      } finally {
        await copyClient.end({ timeout: 5 });
      }
    },
    driver: { postgres: client },
  };
}

async function openPglite(options: OpenOptions): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pgliteExtensions } = await import("./pgliteExtensions");
  let release = () => {};
  let dataDir: string | undefined;
  if (!options.memory) {
    dataDir = options.dataDir ?? databaseConfig.pgliteDataDir;
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    release = acquireDataDirLock(dataDir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir ?? "memory://", {
      extensions: await pgliteExtensions(),
      loadDataDir: options.loadDataDir,
      // PGlite's initdb leaves PostgreSQL's server default of 128 MB, which every open allocates and
      // zeroes in wasm (~0.4 s); one connection over the demo database (~30 MB) needs far less.
      startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"],
    });
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    engine: "pglite",
    async rows<T extends Row>(query: SQL) {
      const result = (await db.execute(query)) as unknown as { rows: T[] };
      return result.rows;
    },
    async exec(text: string) {
      await client.exec(text);
    },
    async execInTransaction(text: string) {
      await client.transaction((tx) => tx.exec(text));
    },
    async close() {
      await client.close();
      release();
    },
    driver: { pglite: client },
  };
}

/** Opens a new handle: PostgreSQL when a URL is given (or DATABASE_URL is set), else PGlite. */
export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const url = options.url ?? (options.memory || options.dataDir ? undefined : databaseConfig.url);
  return url ? openPostgres(url, options) : openPglite(options);
}

// One handle per process, shared by bundled (Next) and unbundled (tsx) copies of this module.
const processKey = Symbol.for("saltbitter.database");
type ProcessGlobal = typeof globalThis & { [processKey]?: Promise<Database> };

/** The process-wide database, opened once (at server start, see instrumentation.ts). */
export function getDatabase(): Promise<Database> {
  const g = globalThis as ProcessGlobal;
  g[processKey] ??= openDatabase().catch((error: unknown) => {
    delete g[processKey];
    throw error;
  });
  return g[processKey];
}

/**
 * At server start (server/boot.ts): opens the process-wide database (or takes the one already
 * open) and runs `ready` on it (migrate, seed) before `getDatabase()` hands it to anyone, so a
 * request served meanwhile waits for the readied database instead of reading a half-migrated one.
 * If readying fails the handle is closed (releasing PGlite's lock), so a retry opens afresh.
 */
export function readyDatabase(ready: (database: Database) => Promise<void>): Promise<Database> {
  const g = globalThis as ProcessGlobal;
  const opened = g[processKey] ?? openDatabase();
  const readied = opened.then(async (database) => {
    try {
      await ready(database);
    } catch (error) {
      await database.close().catch(() => {});
      throw error;
    }
    return database;
  });
  g[processKey] = readied;
  readied.catch(() => {
    if (g[processKey] === readied) delete g[processKey];
  });
  return readied;
}

/** For tests and CLIs: make `getDatabase()` return this handle. */
export function setDatabase(database: Database): void {
  (globalThis as ProcessGlobal)[processKey] = Promise.resolve(database);
}

/**
 * Reads a large result in keyset batches at constant memory. Works the same on both engines and
 * never holds PGlite's single connection between batches (a cursor would block every request).
 * `page(after, limit)` returns the next `limit` rows strictly after the row `after`.
 */
export async function* streamKeyset<T extends Row>(
  database: Database,
  page: (after: T | undefined, limit: number) => SQL,
  batchSize = 2000,
): AsyncGenerator<T[]> {
  let after: T | undefined;
  for (;;) {
    const batch = await database.rows<T>(page(after, batchSize));
    if (batch.length === 0) return;
    yield batch;
    if (batch.length < batchSize) return;
    after = batch[batch.length - 1];
  }
}

/**
 * Streams a query's output as text at constant memory: `copy` (a whole `COPY (…) TO STDOUT`
 * statement, values inlined) on PostgreSQL, else keyset batches turned into text by `format`.
 * The two paths must render the same rows the same way (tested on both engines).
 */
export async function* streamText<T extends Row>(
  database: Database,
  source: {
    copy: string;
    page: (after: T | undefined, limit: number) => SQL;
    format: (rows: T[]) => string;
    header?: string;
  },
  batchSize = 5000,
): AsyncGenerator<Buffer> {
  if (database.copyOut) {
    yield* database.copyOut(source.copy);
    return;
  }
  if (source.header) yield Buffer.from(source.header);
  for await (const batch of streamKeyset(database, source.page, batchSize)) yield Buffer.from(source.format(batch));
}

export { sql };
