/**
 * `npm run test:e2e [-- playwright args]`: checks Chromium, rebuilds when the build is stale, runs
 * Playwright (which starts `next start` on a throwaway database) and exits with its code.
 */
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { chromiumExecutable } from "../e2e/chromium";
import { buildIfStale, root } from "./buildFreshness.mjs";

try {
  chromiumExecutable();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

buildIfStale();

const dataDir = path.join(root, ".data", `e2e-${Date.now()}`);
const playwrightCli = createRequire(import.meta.url).resolve("@playwright/test/cli");
const result = spawnSync(process.execPath, [playwrightCli, "test", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, E2E_PGLITE_DATA_DIR: dataDir },
});

if (!process.env.KEEP_E2E_DATA) {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(`${dataDir}.lock`, { force: true });
}
process.exit(result.status ?? 1);
