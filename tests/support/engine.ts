/** Which database engine a test worker runs on; set per vitest project in vitest.config.ts. */
export type Engine = "pglite" | "postgres";

export const ENGINE_ENV = "TEST_DB_ENGINE";

export function currentEngine(): Engine {
  const value = process.env[ENGINE_ENV] ?? "pglite";
  if (value !== "pglite" && value !== "postgres")
    throw new Error(`${ENGINE_ENV}=${value}: expected pglite or postgres`);
  return value;
}

/** Set to "pgbouncer" by the vitest project that reaches PostgreSQL through PgBouncer (transaction mode). */
export const VIA_ENV = "TEST_DB_VIA";
