import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appendCheckpoints, lastCheckpoint, signCheckpoint, type SignedCheckpoint } from "./checkpoint";
import type { CheckpointSettings } from "./checkpointConfig";
import { chainHead } from "./chain";

/**
 * Writes signed checkpoints of the compliance_logs chain to a file outside the database: one at
 * every multiple of `everyRows` (so a later rewrite is located to within that many rows) and one
 * of the head every `everyMinutes` when rows were added. Only committed rows are ever signed:
 * every read here is a statement of its own (another pool connection on PostgreSQL; on PGlite it
 * waits for a running transaction to end), so a row whose transaction rolls back is never seen.
 *
 * Triggers (see startCheckpointer): after each appendAudit (debounced: its transaction commits
 * first, or the check finds nothing new), a timer every `everyMinutes`, and once at server start.
 * No `server-only`: tests and CLIs call writeDueCheckpoints directly.
 */
export interface CheckpointState {
  last: SignedCheckpoint | null;
  /** Set when the database's chain is shorter than the file's: said once, not on every check. */
  behindWarned?: boolean;
}

export interface CheckpointRun {
  written: SignedCheckpoint[];
  /** The database's chain ends before the last checkpoint: rows were removed or an older backup restored. */
  behind?: { databaseSeq: number; checkpointSeq: number };
}

const BATCH = 5000;

/** Reads the committed chain and appends the checkpoints that are due. `headNow` also signs the head. */
export async function writeDueCheckpoints(
  database: Database,
  settings: CheckpointSettings,
  state: CheckpointState,
  options: { headNow?: boolean; now?: Date } = {},
): Promise<CheckpointRun> {
  const key = settings.signingKey;
  if (!key) return { written: [] };
  state.last ??= lastCheckpoint(settings.file, [key]);
  const lastSeq = state.last?.seq ?? 0;
  const head = await chainHead(database);
  if (head.seq < lastSeq) return { written: [], behind: { databaseSeq: head.seq, checkpointSeq: lastSeq } };
  const now = options.now ?? new Date();
  const lastAt = state.last ? Date.parse(state.last.at) : 0;
  const headDue = head.seq > lastSeq && (options.headNow || now.getTime() - lastAt >= settings.everyMinutes * 60_000);
  const n = settings.everyRows;
  const written: SignedCheckpoint[] = [];
  // Boundaries in batches: a first start over a bulk-seeded chain may have thousands.
  for (let from = Math.floor(lastSeq / n) + 1; from <= Math.floor(head.seq / n); from += BATCH) {
    const to = Math.min(from + BATCH - 1, Math.floor(head.seq / n));
    const rows = await database.rows<{ seq: string | number; hash: string }>(sql`
      SELECT seq, hash FROM compliance_logs
      WHERE seq IN (SELECT g * ${n}::bigint FROM generate_series(${from}::bigint, ${to}::bigint) AS g) ORDER BY seq`);
    const at = now.toISOString();
    const batch = rows.map((row) => signCheckpoint({ seq: Number(row.seq), hash: row.hash, at }, key));
    appendCheckpoints(settings.file, batch);
    written.push(...batch);
  }
  if (headDue && head.seq % n !== 0) {
    const [row] = await database.rows<{ hash: string }>(sql`SELECT hash FROM compliance_logs WHERE seq = ${head.seq}`);
    // The head row must exist with the head's hash; otherwise the chain is inconsistent: sign nothing.
    if (row?.hash === head.hash) {
      const checkpoint = signCheckpoint({ seq: head.seq, hash: head.hash, at: now.toISOString() }, key);
      appendCheckpoints(settings.file, [checkpoint]);
      written.push(checkpoint);
    }
  }
  if (written.length) state.last = written[written.length - 1];
  return { written };
}

/** The process-wide checkpointer (one per server, shared by bundled and unbundled module copies). */
interface Checkpointer {
  nudge(): void;
  stop(): void;
}
const checkpointerKey = Symbol.for("saltbitter.audit.checkpointer");
type CheckpointerGlobal = typeof globalThis & { [checkpointerKey]?: Checkpointer };

/** Called by appendAudit, inside the caller's transaction: schedules a check for once it has committed. */
export function auditAppended(): void {
  (globalThis as CheckpointerGlobal)[checkpointerKey]?.nudge();
}

/**
 * Starts checkpointing for this process (server/boot.ts): a check now (signing the head), after
 * appends (debounced by `debounceMs`), and every `everyMinutes`. Failures are logged, never thrown:
 * the audit rows themselves are already safe in the database.
 */
export function startCheckpointer(
  database: Database,
  settings: CheckpointSettings,
  options: { debounceMs?: number; log?: (message: string) => void } = {},
): Checkpointer {
  const g = globalThis as CheckpointerGlobal;
  g[checkpointerKey]?.stop();
  const log = options.log ?? ((message: string) => console.warn(`[audit] ${message}`));
  const state: CheckpointState = { last: null };
  let running = Promise.resolve();
  let pending: NodeJS.Timeout | undefined;
  const check = (headNow: boolean) => {
    running = running
      .then(async () => {
        const run = await writeDueCheckpoints(database, settings, state, { headNow });
        if (run.behind && !state.behindWarned) {
          state.behindWarned = true;
          log(
            `⚠ the audit chain in the database ends at seq ${run.behind.databaseSeq}, but a signed checkpoint in ` +
              `${settings.file} records seq ${run.behind.checkpointSeq}: rows were removed or an older backup restored. ` +
              `Run npm run audit:verify-db.`,
          );
        }
      })
      .catch((error: unknown) => log(`checkpoint failed: ${error instanceof Error ? error.message : String(error)}`));
  };
  const timer = setInterval(() => check(false), settings.everyMinutes * 60_000);
  timer.unref();
  const checkpointer: Checkpointer = {
    nudge() {
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        check(false);
      }, options.debounceMs ?? 500);
      pending.unref();
    },
    stop() {
      clearInterval(timer);
      if (pending) clearTimeout(pending);
      if (g[checkpointerKey] === checkpointer) delete g[checkpointerKey];
    },
  };
  g[checkpointerKey] = checkpointer;
  check(true);
  return checkpointer;
}
