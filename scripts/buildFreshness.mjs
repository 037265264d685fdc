// @ts-check
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

/**
 * Decides whether the production build (.next, or NEXT_DIST_DIR as next.config.mjs reads it) is
 * older than the sources, and rebuilds it when it is.
 * Shared by `npm start` (scripts/start.mjs) and `npm run test:e2e` (scripts/e2e.ts). Plain
 * JavaScript (types in buildFreshness.d.mts) so that `npm start` runs without a TypeScript loader.
 */
export const root = path.resolve(import.meta.dirname, "..");
export const distDir = process.env.NEXT_DIST_DIR || ".next";
const buildIdPath = path.join(root, distDir, "BUILD_ID");

/** The `next` CLI, run with this Node (no shell, no npx). */
export const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

// Top-level directories that are never build input: dot-directories (.git, .next and other build
// dirs, .data), dependencies, tests, tooling scripts, migrations read at run time. Everything else
// under the root counts, so a new top-level folder of app code cannot be forgotten here.
const skippedDirs = new Set([
  "node_modules",
  "e2e",
  "tests",
  "scripts",
  "bench",
  "drizzle",
  "coverage",
  "backups",
  "test-results",
  "playwright-report",
]);
// Tool configuration at the root that does not feed the build.
const skippedFiles = new Set([
  "next-env.d.ts",
  "playwright.config.ts",
  "vitest.config.ts",
  "drizzle.config.ts",
  "eslint.config.mjs",
  ".prettierrc.json",
]);
const sourceFile = /\.(tsx?|jsx?|mjs|cjs|json|css|scss)$|^\.env/;

/**
 * @param {string} dir
 * @returns {{ file: string; mtimeMs: number }}
 */
function newestSource(dir, topLevel = true) {
  let newest = { file: "", mtimeMs: 0 };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    /** @type {{ file: string; mtimeMs: number } | undefined} */
    let candidate;
    if (entry.isDirectory()) {
      const skipped = topLevel
        ? skippedDirs.has(entry.name) || entry.name.startsWith(".")
        : entry.name === "node_modules";
      if (!skipped) candidate = newestSource(full, false);
    } else if (entry.isFile() && (sourceFile.test(entry.name) || full.includes(`${path.sep}public${path.sep}`))) {
      if (topLevel && skippedFiles.has(entry.name)) continue;
      candidate = { file: full, mtimeMs: fs.statSync(full).mtimeMs };
    }
    if (candidate && candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}

/**
 * Why a build is needed, or null when <distDir>/BUILD_ID is newer than every source file.
 * @returns {string | null}
 */
export function staleReason() {
  if (!fs.existsSync(buildIdPath)) return `no production build in ${distDir} yet`;
  const builtAt = fs.statSync(buildIdPath).mtimeMs;
  const newest = newestSource(root);
  if (newest.mtimeMs > builtAt) return `${path.relative(root, newest.file)} changed since the last build`;
  return null;
}

/**
 * Runs `next build` when the build is stale; exits the process if the build fails.
 * @param {string | null} reason staleReason(), when the caller has already asked
 * @returns {void}
 */
export function buildIfStale(reason = staleReason()) {
  if (!reason) {
    console.log("Production build is up to date.");
    return;
  }
  console.log(`Building (${reason})…`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: root,
    stdio: "inherit",
    // No type check, no build cache: see next.config.mjs.
    env: { ...process.env, SALTBITTER_START_BUILD: "1" },
  });
  if (result.status !== 0) {
    console.error(`next build failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
