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
};
