import fs from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { chromiumArgs, chromiumExecutable } from "./e2e/chromium";

/**
 * End-to-end tests against the production build (`next start`), on a throwaway embedded database.
 * Run them with `npm run test:e2e` (rebuilds when stale, passes arguments through to Playwright).
 */
// Throws, naming the apt line, when no Chromium is installed.
const chromiumPath = chromiumExecutable();
const distDir = process.env.NEXT_DIST_DIR || ".next";
if (!fs.existsSync(path.join(import.meta.dirname, distDir, "BUILD_ID"))) {
  throw new Error(
    `No production build in ${distDir}: run \`npm run test:e2e\` (it builds when needed) or \`npm run build\`.`,
  );
}

const port = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://127.0.0.1:${port}`;
// A fresh data dir per run (PGlite creates it; the server seeds it at start). Set on process.env so
// Playwright's workers, which load this file again, see the same one. scripts/e2e.ts removes it after.
process.env.E2E_PGLITE_DATA_DIR ||= path.join(import.meta.dirname, ".data", `e2e-${Date.now()}`);

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // One browser at a time: on a 2-core machine the server (and PGlite's single connection) is the
  // bottleneck, so a second worker finishes no sooner (1.6 min either way) and only adds contention
  // that timed tests out on a busy CI machine. Override with --workers.
  workers: 1,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  // CI machines may be shared: more headroom there than locally.
  timeout: process.env.CI ? 60_000 : 30_000,
  expect: { timeout: process.env.CI ? 20_000 : 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromiumPath,
          args: [
            ...chromiumArgs,
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    command: `node node_modules/next/dist/bin/next start -p ${port}`,
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      PGLITE_DATA_DIR: process.env.E2E_PGLITE_DATA_DIR,
      DATABASE_URL: "", // always the embedded database, whatever the shell says
      PORT: String(port),
    },
  },
});
