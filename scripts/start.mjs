// @ts-check
/**
 * `npm start`: builds when the production build is stale, then runs `next start`.
 * The database is not opened here: the Next server process owns it (and PGlite's lock);
 * instrumentation.ts migrates and seeds it as the server starts, and prints the demo logins.
 * Plain JavaScript run by Node itself: under tsx every start took ~0.7 s longer (a second Node
 * process plus the TypeScript loader), a seventh of the 5 s warm-restart budget.
 */
import { spawn } from "node:child_process";
import os from "node:os";
import { buildIfStale, nextBin, root, staleReason } from "./buildFreshness.mjs";

const port = Number(process.env.PORT || 3000);
const url = `http://localhost:${port}`;

// A first start builds (about 40 s on two cores) and then seeds the embedded database (about 15 s):
// the seeding runs beside the build instead, in its own process (db/prepareEmbedded.ts), which
// closes the database before the server opens it.
const reason = staleReason();
const preparing = reason && !process.env.DATABASE_URL ? prepareEmbeddedDatabase() : Promise.resolve();
buildIfStale(reason);
await preparing;

console.log(`\nStarting SaltBitter Back Office on ${url}`);
console.log(
  process.env.DATABASE_URL
    ? "Database: PostgreSQL (DATABASE_URL)."
    : `Database: embedded PGlite in ${process.env.PGLITE_DATA_DIR || ".data/pglite"} (seeded on first start).`,
);

/** @returns {Promise<void>} resolves when db/prepareEmbedded.ts is done; exits if it failed. */
function prepareEmbeddedDatabase() {
  const child = spawn(process.execPath, ["--import", "tsx", "db/prepareEmbedded.ts"], { cwd: root, stdio: "inherit" });
  // The build is the longer of the two: it gets the cores first, the seeding what the build leaves.
  if (child.pid) os.setPriority(child.pid, 10);
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      if (code === 0) return resolve();
      console.error(`Preparing the embedded database failed (exit ${code}); see the lines above.`);
      process.exit(code ?? 1);
    }),
  );
}

// Next's own "✓ Ready in …" comes before the database is open, migrated and seeded (tens of
// seconds on a first start): that line is dropped, and "Ready" is said below once a page answers.
const server = spawn(process.execPath, [nextBin, "start", "-p", String(port)], {
  cwd: root,
  stdio: ["inherit", "pipe", "inherit"],
});
let pending = "";
server.stdout?.on("data", (/** @type {Buffer} */ chunk) => {
  const lines = (pending + chunk.toString()).split("\n");
  pending = lines.pop() ?? "";
  for (const line of lines) if (!/\bReady in\b/.test(line)) process.stdout.write(`${line}\n`);
});

for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 143)));

// Next logs "Ready" before the database is ready; the health route answers only once the database
// is open, migrated and seeded, so wait for it.
async function announceWhenReady() {
  const started = Date.now();
  while (server.exitCode === null) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) {
        const login = await fetch(`http://127.0.0.1:${port}/login`).catch(() => null);
        if (!login?.ok) throw new Error("sign-in page not answering yet");
        console.log(`\nReady on ${url} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
        return;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
void announceWhenReady();
