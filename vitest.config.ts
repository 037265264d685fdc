import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Every test file runs once per engine: project "pglite" always, project "postgres" when
 * TEST_DATABASE_URL points at a PostgreSQL + PostGIS server. tests/support/database.ts reads
 * TEST_DB_ENGINE to know which one it is in; each project's globalSetup migrates its template once.
 */
const engines = ["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])] as const;

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
    projects: engines.map((engine) => ({
      extends: true as const,
      test: {
        name: engine,
        include: ["tests/**/*.test.ts"],
        env: { TEST_DB_ENGINE: engine },
        globalSetup: [`tests/support/globalSetup.${engine}.ts`],
      },
    })),
  },
});
