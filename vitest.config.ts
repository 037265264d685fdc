import path from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";
import { engineFreeTestFiles } from "./tests/support/engineFreeTests";

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Every test file that uses a database runs once per engine: project "pglite" always, project
 * "postgres" when TEST_DATABASE_URL points at a PostgreSQL + PostGIS server. tests/support/database.ts reads
 * TEST_DB_ENGINE to know which one it is in; each project's globalSetup migrates its template once.
 */
const engines = ["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])] as const;

/** Files that open no test database and never ask the engine run once, in project "pglite" (see engineFreeTests.ts). */
const engineFree = engineFreeTestFiles(root);

/**
 * Project "pgbouncer" (when TEST_PGBOUNCER_URL is set too): the files that exercise how the app uses
 * its connections — lists and cursor paging, CSV and COPY exports, transactions with their audit rows,
 * statement-level triggers taking transaction advisory locks under concurrency — once more through
 * PgBouncer in transaction pooling mode (DATABASE_POOLING=transaction), not the whole suite again.
 */
const throughPgbouncer = [
  "tests/db/pgbouncer.test.ts",
  "tests/backoffice/list.test.ts",
  "tests/backoffice/export.test.ts",
  "tests/backoffice/writes.test.ts",
  "tests/backoffice/registration.test.ts",
  "tests/compliance/export.test.ts",
  "tests/compliance/chain.test.ts",
  "tests/moderation/queueCache.test.ts",
  "tests/moderation/statementsExport.test.ts",
];

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // server/ modules import "server-only", which throws outside a Next.js server bundle.
      { find: /^server-only$/, replacement: path.join(root, "tests/support/server-only.ts") },
    ],
  },
  test: {
    // Two cores, and each PGlite is a whole PostgreSQL in WASM (a few hundred MB): two forks at a time.
    pool: "forks",
    maxWorkers: 2,
    // Booting PGlite + PostGIS from the template takes seconds; bulk geo inserts take longer.
    hookTimeout: 60_000,
    testTimeout: 60_000,
    teardownTimeout: 30_000,
    projects: [
      ...engines.map((engine) => ({
        extends: true as const,
        test: {
          name: engine,
          include: ["tests/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...(engine === "pglite" ? [] : engineFree)],
          env: { TEST_DB_ENGINE: engine },
          globalSetup: [`tests/support/globalSetup.${engine}.ts`],
        },
      })),
      ...(process.env.TEST_DATABASE_URL && process.env.TEST_PGBOUNCER_URL
        ? [
            {
              extends: true as const,
              test: {
                name: "pgbouncer",
                include: throughPgbouncer,
                env: { TEST_DB_ENGINE: "postgres", TEST_DB_VIA: "pgbouncer" },
                globalSetup: ["tests/support/globalSetup.postgres.ts"],
              },
            },
          ]
        : []),
    ],
  },
});
