import path from "node:path";

/** Every setting the database layer reads, with its default, in one place (documented in README). */
export const databaseConfig = {
  /** When set, the app uses this PostgreSQL (postgres.js); otherwise embedded PGlite. */
  url: process.env.DATABASE_URL || undefined,
  /** The owner role's PostgreSQL, for maintenance CLIs (migrate, rollback, seed); else `url`. See docs/security-database.md. */
  migrationUrl: process.env.MIGRATION_DATABASE_URL || undefined,
  // turbopackIgnore: a runtime path (the data dir), not a file the build should trace and ship.
  pgliteDataDir: path.resolve(/*turbopackIgnore: true*/ process.env.PGLITE_DATA_DIR || "./.data/pglite"),
  /** Pool defaults follow the seed document's SQLAlchemy settings: 5 + 10 overflow, recycle 3600 s. */
  poolMax: Number(process.env.DB_POOL_MAX || 15),
  idleTimeoutSeconds: Number(process.env.DB_IDLE_TIMEOUT || 30),
  maxLifetimeSeconds: Number(process.env.DB_MAX_LIFETIME || 3600),
  /**
   * `transaction` when DATABASE_URL goes through a pooler in transaction mode (PgBouncer
   * `pool_mode = transaction`): no named prepared statements, and COPY streams go to `directUrl`.
   */
  pooling: poolingMode(process.env.DATABASE_POOLING),
  /** PostgreSQL itself, bypassing the pooler, for work a transaction pooler should not carry (COPY streams). */
  directUrl: process.env.DATABASE_DIRECT_URL || undefined,
  /** A streaming replica for list, show, map, dashboard and export reads (db/routing.ts). */
  replicaUrl: process.env.DATABASE_REPLICA_URL || undefined,
  /** A replica further behind than this is skipped (reads go to the primary). */
  replicaMaxLagMs: Number(process.env.REPLICA_MAX_LAG_MS || 5000),
  /** The replica's lag is measured at most this often per app server, and cached meanwhile. */
  replicaLagCheckMs: Number(process.env.REPLICA_LAG_CHECK_MS || 1000),
  /** After a staff member's own write, their reads go to the primary for this long (read-your-writes). */
  readYourWritesMs: Number(process.env.REPLICA_READ_YOUR_WRITES_MS || 10000),
  /** Pool size of the replica's connections (per app server). */
  replicaPoolMax: Number(process.env.DB_REPLICA_POOL_MAX || process.env.DB_POOL_MAX || 15),
};

export type PoolingMode = "session" | "transaction";

function poolingMode(value: string | undefined): PoolingMode {
  if (!value || value === "session") return "session";
  if (value === "transaction") return "transaction";
  throw new Error(`DATABASE_POOLING=${value}: expected "session" (the default) or "transaction"`);
}
