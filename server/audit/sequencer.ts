import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";

/**
 * The audit chain's sequencer (migration 0016, docs/audit-format.md §2). Inserts into
 * compliance_logs take no lock: a row arrives unsequenced (seq 0, no hashes) and the database
 * function sequence_compliance_logs() later chains the committed rows, one sequencer at a time
 * across every app server (an advisory lock). Two ways to run it:
 *
 * - `startSequencer`: in the server process, every `intervalMs` (and soon after an appendAudit),
 *   so a row is chained well within a second of its commit. A server whose turn it is not (another
 *   holds the lock) simply tries again later.
 * - `sequenceAuditChain`: before a reader that needs the whole chain (an export, a verification,
 *   the checkpointer, the head on screen): it waits for a running sequencer and loops until no
 *   committed row is left unsequenced.
 *
 * No `server-only`: the CLIs, the seeder and the tests call it too. On PGlite (one connection)
 * each call simply runs between the other statements.
 */

/** Rows chained per call: one transaction each, so a large backlog never holds the lock for long. */
export const SEQUENCER_BATCH = 10_000;

/** Chains up to `maxRows` committed rows; -1 when another sequencer holds the lock (and `wait` is false). */
export async function sequenceBatch(database: Database, maxRows = SEQUENCER_BATCH, wait = false): Promise<number> {
  const [row] = await database.rows<{ n: number }>(
    sql`SELECT sequence_compliance_logs(${maxRows}::int, ${wait}::boolean) AS n`,
  );
  return Number(row.n);
}

/**
 * Chains every row committed so far (waiting for a sequencer already running); returns how many it
 * chained. Rows of transactions still open are not visible, so not waited for: they are chained
 * after they commit, after everything chained now.
 */
export async function sequenceAuditChain(database: Database): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sequenceBatch(database, SEQUENCER_BATCH, true);
    total += n;
    if (n < SEQUENCER_BATCH) return total;
  }
}

/** Committed rows not yet chained (visible to this statement). */
export async function unsequencedCount(database: Database): Promise<number> {
  const [row] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM compliance_logs WHERE seq = 0`);
  return row.n;
}

/** The process-wide background sequencer (one per server, shared by bundled and unbundled module copies). */
export interface Sequencer {
  /** Asks for a run soon (after an append's transaction has committed). */
  nudge(): void;
  stop(): void;
}
const sequencerKey = Symbol.for("saltbitter.audit.sequencer");
type SequencerGlobal = typeof globalThis & { [sequencerKey]?: Sequencer };

/** Called by appendAudit, inside the caller's transaction: schedules a run for once it has committed. */
export function nudgeSequencer(): void {
  (globalThis as SequencerGlobal)[sequencerKey]?.nudge();
}

/**
 * Runs the sequencer in this process every `intervalMs` (default 200 ms), at once again while a
 * batch came back full, and `nudgeMs` after a nudge. Failures are logged, never thrown: the rows
 * are safe in the database and the next run chains them.
 */
export function startSequencer(
  database: Database,
  options: { intervalMs?: number; nudgeMs?: number; log?: (message: string) => void } = {},
): Sequencer {
  const g = globalThis as SequencerGlobal;
  g[sequencerKey]?.stop();
  const log = options.log ?? ((message: string) => console.warn(`[audit] ${message}`));
  let running = false;
  let stopped = false;
  let failing = false;
  let pending: NodeJS.Timeout | undefined;
  const run = async () => {
    if (running || stopped) return;
    running = true;
    try {
      while (!stopped && (await sequenceBatch(database)) === SEQUENCER_BATCH);
      failing = false;
    } catch (error) {
      // Said once per outage, not every 200 ms.
      if (!failing) log(`sequencing failed: ${error instanceof Error ? error.message : String(error)}`);
      failing = true;
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), options.intervalMs ?? 200);
  timer.unref();
  const sequencer: Sequencer = {
    nudge() {
      if (pending || stopped) return;
      pending = setTimeout(() => {
        pending = undefined;
        void run();
      }, options.nudgeMs ?? 20);
      pending.unref();
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      if (pending) clearTimeout(pending);
      if (g[sequencerKey] === sequencer) delete g[sequencerKey];
    },
  };
  g[sequencerKey] = sequencer;
  void run();
  return sequencer;
}
