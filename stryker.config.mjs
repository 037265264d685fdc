// @ts-check
/**
 * Mutation testing (issue #13 §5): `npm run test:mutation`, not part of `npm test`.
 * Mutates the critical server folders, runs the vitest suite on PGlite against each mutant (only the
 * tests that cover it), and keeps results in reports/ so a second run retests only what changed.
 * @type {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
const config = {
  testRunner: "vitest",
  vitest: { configFile: "vitest.stryker.config.ts", related: true },
  coverageAnalysis: "perTest",
  mutate: [
    "server/auth/**/*.ts",
    "server/audit/**/*.ts",
    "server/compliance/**/*.ts",
    "server/resources/**/*.ts",
    "server/geo/**/*.ts",
    // Types only: nothing to mutate that a test could observe.
    "!server/resources/types.ts",
    "!**/*.d.ts",
  ],
  // The sandbox is a copy of the project: leave out what tests never read (databases, builds, reports).
  ignorePatterns: [
    "/.data/*",
    "!/.data/test-template",
    ".next",
    ".next-*",
    "reports",
    "coverage",
    "test-results",
    "playwright-report",
    "backups",
    "e2e",
    "bench",
  ],
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  // Two cores, shared: at most two test processes, each with its own PGlite (a few hundred MB).
  concurrency: 2,
  // Each test file boots a PGlite from the template (seconds); a mutant that loops is cut after this.
  timeoutMS: 30_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 30,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  thresholds: { high: 85, low: 70, break: null },
};

export default config;
