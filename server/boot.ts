import "server-only";
import { readyDatabase, type Database } from "@/db/client";
import { readySchema } from "@/db/migrator";
import type { ConnectionRole } from "@/db/roles";
import { formatDemoLogins } from "@/db/seeding/demoStaff";
import { seedDemoWhenEmpty } from "@/db/seeding/whenEmpty";
import { checkpointSettings } from "./audit/checkpointConfig";
import { startCheckpointer } from "./audit/checkpointer";
import { startSequencer } from "./audit/sequencer";
import { ensureAuthEnvironment } from "./auth/secret";
import { deadlineCalendar } from "./compliance/deadlines";

/**
 * Readies the process-wide database at server start (called from instrumentation.ts): opens it,
 * migrates it to head (unless it connects as the least-privilege app role, which refuses to start
 * on a schema that is behind) and, on the embedded engine only, seeds the demo data when it is empty.
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
    // One honest line per phase: a first start spends tens of seconds here after Next says it is up.
    console.log("[boot] opening the database…");
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
  // A wrong compliance calendar would surface only when a request is filed: refuse to start instead.
  deadlineCalendar();
  const elapsed = (from: number) => `${Math.round(performance.now() - from)} ms`;
  const opened = performance.now();
  console.log(`[boot] database open (${database.engine}, ${Math.round(opened - started)} ms); checking migrations…`);
  const { applied, role } = await readySchema(database);
  const migrated = performance.now();
  if (applied.length) console.log(`[boot] applied ${applied.length} migrations (${elapsed(opened)})`);
  warnAboutRole(database.engine, role);
  const seeded =
    database.engine === "pglite" ? await seedDemoWhenEmpty(database, (line) => console.log(`[boot] ${line}`)) : false;
  // The first start writes ~50 MB of WAL: without a checkpoint now, the next start would replay it
  // (~0.5 s) whenever this one is stopped without PGlite closing cleanly (Ctrl-C, SIGTERM).
  if (database.engine === "pglite" && (applied.length || seeded)) await database.exec("CHECKPOINT");

  // Chains audit rows in the background (one sequencer at a time across servers: an advisory lock).
  startSequencer(database);
  startAuditCheckpoints(database);

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
 * Signed checkpoints of the audit chain, outside the database (server/audit/checkpointer.ts). A
 * configuration error or a missing key is a loud warning, not a refusal: the chain in the
 * database still works; only its protection against a compromised database is missing.
 */
function startAuditCheckpoints(database: Database): void {
  try {
    const settings = checkpointSettings();
    if (!settings.signingKey) {
      const warning =
        "No AUDIT_SIGNING_KEY (or AUDIT_SIGNING_KEY_FILE): no signed audit checkpoints are written, so a database superuser could rewrite the audit chain undetected.";
      addBootWarning(warning);
      console.warn(`[boot] ⚠ ${warning}`);
      return;
    }
    startCheckpointer(database, settings);
    console.log(
      `[boot] audit checkpoints: every ${settings.everyRows} rows or ${settings.everyMinutes} min to ${settings.file} (key ${settings.signingKey.keyId})`,
    );
  } catch (error) {
    const warning = `Audit checkpoints are off: ${error instanceof Error ? error.message : String(error)}`;
    addBootWarning(warning);
    console.warn(`[boot] ⚠ ${warning}`);
  }
}

const warningsKey = Symbol.for("saltbitter.boot.warnings");
type WarningsGlobal = typeof globalThis & { [warningsKey]?: string[] };

/** What the server warned about at start (the database role), for /api/health's admin details. */
export function bootWarnings(): string[] {
  return (globalThis as WarningsGlobal)[warningsKey] ?? [];
}

export function addBootWarning(warning: string): void {
  const g = globalThis as WarningsGlobal;
  g[warningsKey] = [...(g[warningsKey] ?? []), warning];
}

/**
 * A connection that is superuser or owns the tables can rewrite the evidence (disable the
 * append-only triggers, re-hash the chain, drop consent_logs): said loudly, but not refused — the
 * embedded engine is single-user by nature.
 */
export function roleWarning(engine: Database["engine"], role: ConnectionRole): string | null {
  if (engine === "pglite") {
    return "Embedded PGlite runs as its superuser: the database is no security boundary; only the signed audit checkpoints outside it show tampering.";
  }
  if (role.superuser || role.ownsTables) {
    const what = role.superuser ? "a superuser" : "the owner of the tables";
    return `DATABASE_URL connects as "${role.name}", ${what}: the app could rewrite or drop its own audit evidence. Run as the least-privilege app role (npm run db:roles, docs/security-database.md).`;
  }
  return null;
}

function warnAboutRole(engine: Database["engine"], role: ConnectionRole): void {
  const warning = roleWarning(engine, role);
  if (!warning) return;
  addBootWarning(warning);
  if (engine === "pglite") console.warn(`[boot] note: ${warning}`);
  else console.warn(`\n[boot] ⚠⚠⚠ WARNING ⚠⚠⚠\n[boot] ${warning}\n[boot] ⚠⚠⚠⚠⚠⚠⚠⚠⚠⚠⚠⚠⚠⚠⚠\n`);
}
