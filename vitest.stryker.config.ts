import { defineConfig } from "vitest/config";
import UnloadableFileReporter from "./tests/support/unloadableFileReporter";
import base from "./vitest.config";

/**
 * The vitest configuration StrykerJS runs (stryker.config.mjs): the same aliases and timeouts as
 * vitest.config.ts, on PGlite only (one engine is enough to tell a killed mutant from a survivor,
 * and a mutant run on both would take twice as long). Stryker's runner picks the pool itself (one
 * thread per Stryker worker) and, with `related`, runs only the test files importing a mutated file.
 *
 * MUTATION_TESTS (comma-separated globs) narrows the test files, for a run on a few source files:
 * a mutant of module-level code (a "static" mutant, such as a cell of the permission matrix) is
 * tested by every related test file, which for a module imported everywhere is the whole suite.
 *
 *   MUTATION_TESTS=tests/security/permissionMatrix.test.ts npx stryker run --mutate server/auth/permissions.ts
 */
const include = process.env.MUTATION_TESTS?.split(",")
  .map((glob) => glob.trim())
  .filter(Boolean) ?? ["tests/**/*.test.ts"];

export default defineConfig({
  resolve: base.resolve,
  test: {
    hookTimeout: base.test?.hookTimeout,
    testTimeout: base.test?.testTimeout,
    teardownTimeout: base.test?.teardownTimeout,
    include,
    env: { TEST_DB_ENGINE: "pglite" },
    globalSetup: ["tests/support/globalSetup.pglite.ts"],
    // A test file that cannot load is a failed test, not an absent one (see the reporter).
    reporters: ["default", new UnloadableFileReporter()],
  },
});
