import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fmt } from "./_support";

/**
 * Issue #11: a fresh clone, after `npm ci`, to the first served page with `npm start` (build, migrate,
 * seed included) in ≤ 60 s on an idle machine; a warm restart in ≤ 5 s. "Served" means GET / answers and the
 * database is ready (/api/health), whichever comes last. The clone gets this checkout's node_modules
 * as hard links, which is what `npm ci` would lay down, without timing the download.
 */
const port = Number(process.env.BENCH_STARTUP_PORT || 3217);
const repo = path.resolve(".");
const clone = "/tmp/sb-startup-bench";

/**
 * Seconds until the app is usable: GET / answers 200 (following the redirect to the login page)
 * and /api/health reports the database open, migrated and seeded. The server may serve pages
 * while the database readies, so the page alone would not prove the app usable.
 */
async function firstPage(child: ChildProcess, started: number): Promise<{ page: number; database: number }> {
  const deadline = started + 600_000;
  let page: number | undefined;
  let database: number | undefined;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    try {
      if (page === undefined) {
        const response = await fetch(`http://127.0.0.1:${port}/`, { redirect: "follow" });
        if (response.ok) page = (performance.now() - started) / 1000;
      }
      if (database === undefined) {
        const response = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (response.ok && ((await response.json()) as { ok?: boolean }).ok) {
          database = (performance.now() - started) / 1000;
        }
      }
      if (page !== undefined && database !== undefined) return { page, database };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no page within 600 s");
}

/**
 * Stops npm and everything it started, and waits until the whole group is gone: npm exits before
 * the Next server has closed PGlite, and a restart meanwhile finds the data dir still locked.
 */
async function stopGroup(child: ChildProcess): Promise<void> {
  const alive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (alive()) process.kill(-child.pid!, "SIGTERM");
  while (alive()) await new Promise((r) => setTimeout(r, 50));
}

async function timedStart(label: string): Promise<number> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PGLITE_DATA_DIR: path.join(clone, ".data/pglite"),
  };
  delete env.DATABASE_URL;
  const started = performance.now();
  const child = spawn("npm", ["start"], { cwd: clone, env, detached: true, stdio: ["ignore", "ignore", "inherit"] });
  try {
    const { page, database } = await firstPage(child, started);
    const seconds = Math.max(page, database);
    console.log(
      `  ${label}: first page after ${fmt(seconds)} s (page served at ${fmt(page)} s, database ready at ${fmt(database)} s)`,
    );
    return seconds;
  } finally {
    await stopGroup(child);
  }
}

export async function run(): Promise<void> {
  fs.rmSync(clone, { recursive: true, force: true });
  const cloned = spawnSync("git", ["clone", "-q", repo, clone], { stdio: "inherit" });
  if (cloned.status !== 0) throw new Error("git clone failed");
  spawnSync("cp", ["-al", path.join(repo, "node_modules"), path.join(clone, "node_modules")]);
  const cold = await timedStart("cold (build + migrate + seed)");
  const warm = await timedStart("warm restart");
  console.log(`startup: cold ${fmt(cold)} s (goal ≤ 60 s), warm ${fmt(warm)} s (goal ≤ 5 s)`);
  fs.rmSync(clone, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
