import "server-only";
import { readyDatabase, sql, type Database } from "@/db/client";
import { migrateToHead } from "@/db/migrator";
import { formatDemoLogins } from "@/db/seeding/demoStaff";
import { ensureAuthEnvironment } from "./auth/secret";

/**
 * Readies the process-wide database at server start (called from instrumentation.ts): opens it,
 * migrates it to head and, on the embedded engine only, seeds the demo data when it is empty.
 * Memoized per process. Until it is done, `getDatabase()` callers (route handlers, actions) wait
 * for it (see readyDatabase in db/client.ts), so the server may serve pages meanwhile.
 */
const bootKey = Symbol.for("saltbitter.boot");
type BootGlobal = typeof globalThis & { [bootKey]?: Promise<Database> };

export function prepareDatabase(): Promise<Database> {
  const g = globalThis as BootGlobal;
  if (!g[bootKey]) {
    // Synchronously, before the first request: sessions need NEXTAUTH_SECRET, not the database.
    ensureAuthEnvironment();
    const started = performance.now();
    g[bootKey] = readyDatabase((database) => boot(database, started)).catch((error: unknown) => {
      delete g[bootKey];
      throw error;
    });
  }
  return g[bootKey];
}

/**
 * For instrumentation.ts: a server whose database cannot be readied would answer every request
 * with an error, so it stops instead, with the reason on one line (e.g. the data dir is locked by
 * another process, or a migration is missing).
 */
export async function prepareDatabaseOrExit(): Promise<void> {
  try {
    await prepareDatabase();
  } catch (error) {
    console.error(`[boot] the database could not be prepared; stopping the server.`);
    console.error(error instanceof Error ? `[boot] ${error.name}: ${error.message}` : error);
    process.exit(1);
  }
}

async function boot(database: Database, started: number): Promise<void> {
  const elapsed = (from: number) => `${Math.round(performance.now() - from)} ms`;
  const opened = performance.now();
  const applied = await migrateToHead(database);
  const migrated = performance.now();
  const seeded = database.engine === "pglite" ? await seedWhenEmpty(database) : false;
  // The first start writes ~50 MB of WAL: without a checkpoint now, the next start would replay it
  // (~0.5 s) whenever this one is stopped without PGlite closing cleanly (Ctrl-C, SIGTERM).
  if (database.engine === "pglite" && (applied.length || seeded)) await database.exec("CHECKPOINT");

  console.log(
    `[boot] database ready (${database.engine}) in ${elapsed(started)}: ` +
      `open ${Math.round(opened - started)} ms, ` +
      `migrations ${applied.length ? applied.join(", ") : "up to date"} ${Math.round(migrated - opened)} ms` +
      (seeded ? `, demo seed ${elapsed(migrated)}` : ""),
  );
  // Printed here, not by `npm start`: its launcher stays plain JavaScript (scripts/start.mjs).
  console.log(
    database.engine === "pglite"
      ? "Demo staff logins (role, email, password):"
      : "Demo staff logins (role, email, password), if `npm run db:seed` was run:",
  );
  console.log(formatDemoLogins());
}

/**
 * Seeds the demo set when there are no users yet. The lookup stops at the first user, and the seed
 * code (its generators, bcrypt) loads only for an empty database, on the first start.
 */
async function seedWhenEmpty(database: Database): Promise<boolean> {
  const [row] = await database.rows<{ seeded: boolean }>(sql`SELECT EXISTS (SELECT 1 FROM users) AS seeded`);
  if (row?.seeded) return false;
  const { seedDemoData } = await import("@/db/seeding");
  await seedDemoData(database);
  return true;
}
