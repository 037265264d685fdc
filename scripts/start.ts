/**
 * `npm start`: builds when the production build is stale, then runs `next start`.
 * The database is not opened here: the Next server process owns it (and PGlite's lock);
 * instrumentation.ts migrates and seeds it as the server starts.
 */
import { spawn } from "node:child_process";
import { buildIfStale, nextBin, root } from "./buildFreshness";
import { formatDemoLogins } from "../db/seeding/demoStaff";

const port = Number(process.env.PORT || 3000);
const url = `http://localhost:${port}`;

buildIfStale();

console.log(`\nStarting SaltBitter Back Office on ${url}`);
if (process.env.DATABASE_URL) {
  console.log("Database: PostgreSQL (DATABASE_URL). Demo logins exist if `npm run db:seed` was run:");
} else {
  console.log(`Database: embedded PGlite in ${process.env.PGLITE_DATA_DIR || ".data/pglite"} (seeded on first start).`);
  console.log("Demo staff logins (role, email, password):");
}
console.log(`${formatDemoLogins()}\n`);

const server = spawn(process.execPath, [nextBin, "start", "-p", String(port)], { cwd: root, stdio: "inherit" });

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 143)));

// Next logs "Ready" before instrumentation has readied the database; the health route answers
// only once the database is open, migrated and seeded, so wait for it.
async function announceWhenReady() {
  const started = Date.now();
  while (server.exitCode === null) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) {
        console.log(`\nReady on ${url} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
        return;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
void announceWhenReady();
