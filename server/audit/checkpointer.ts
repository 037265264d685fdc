import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { genesisHash } from "./canonical";
import { appendCheckpoints, lastCheckpoint, signCheckpoint, type SignedCheckpoint } from "./checkpoint";
import type { CheckpointSettings } from "./checkpointConfig";
import { chainHead } from "./chain";
import { leafHash, MerkleFrontier } from "./merkle";
import type { SigningKey } from "./signingKey";

/**
 * Writes signed checkpoints of the compliance_logs chain to a file outside the database: one at
 * every multiple of `everyRows` (so a later rewrite is located to within that many rows) and one
 * of the head every `everyMinutes` when rows were added. It first has the sequencer chain the rows
 * waiting (chainHead does), and reads sequenced rows only. Only committed rows are ever signed:
 * every read here is a statement of its own (another pool connection on PostgreSQL; on PGlite it
 * waits for a running transaction to end), so a row whose transaction rolls back is never seen.
 *
 * Each checkpoint is version 2: it also signs the RFC 9162 Merkle root over rows 1..seq
 * (merkle.ts), so an exported row can prove it is in the signed history. The tree is continued
 * from the last checkpoint's frontier (kept in its line, trusted only if it folds to the signed
 * root): each run reads just the rows added since, in keyset batches, checking each follows the
 * one before (seq + 1, prev_hash = its hash). A file with no usable version 2 line (written before
 * roots existed) is continued from seq 1: the first run re-signs every boundary as version 2.
 *
 * Triggers (see startCheckpointer): after each appendAudit (debounced: its transaction commits
 * first, or the check finds nothing new), a timer every `everyMinutes`, and once at server start.
 * No `server-only`: tests and CLIs call writeDueCheckpoints directly.
 */
export interface CheckpointState {
  last: SignedCheckpoint | null;
  /** The Merkle tree over rows 1..size as of the last version 2 checkpoint, and row size's hash. */
  tree?: { frontier: MerkleFrontier; hash: string } | null;
  /** Set when the database's chain is shorter than the file's: said once, not on every check. */
  behindWarned?: boolean;
}

export interface CheckpointRun {
  written: SignedCheckpoint[];
  /** The database's chain ends before the last checkpoint: rows were removed or an older backup restored. */
  behind?: { databaseSeq: number; checkpointSeq: number };
  /** A row that does not follow the one before it (a gap, or a prev_hash that is not its hash): nothing from it on is signed. */
  broken?: { seq: number };
}

const BATCH = 5000;

/** The tree as of the file's last version 2 checkpoint whose frontier folds to its signed root, else the empty tree. */
function resumeTree(file: string, key: SigningKey): { frontier: MerkleFrontier; hash: string } {
  const last = lastCheckpoint(file, [key], (c) => c.v === 2 && Array.isArray(c.frontier));
  if (last?.frontier && last.root) {
    try {
      const frontier = MerkleFrontier.resume(last.seq, last.frontier);
      if (frontier.root().toString("hex") === last.root) return { frontier, hash: last.hash };
    } catch {
      /* a frontier of the wrong shape: rebuild */
    }
  }
  return { frontier: MerkleFrontier.empty(), hash: genesisHash };
}

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
  state.tree ??= resumeTree(settings.file, key);
  const tree = state.tree;
  const lastSeq = Math.max(state.last?.seq ?? 0, tree.frontier.size);
  const head = await chainHead(database);
  if (head.seq < lastSeq) return { written: [], behind: { databaseSeq: head.seq, checkpointSeq: lastSeq } };
  const now = options.now ?? new Date();
  const at = now.toISOString();
  const lastAt = state.last ? Date.parse(state.last.at) : 0;
  const signed = tree.frontier.size;
  const headDue = head.seq > signed && (options.headNow || now.getTime() - lastAt >= settings.everyMinutes * 60_000);
  const n = settings.everyRows;
  // Rows up to the head when it is due, else up to the last boundary: every row read is then signed.
  const target = headDue ? head.seq : Math.floor(head.seq / n) * n;
  const written: SignedCheckpoint[] = [];
  let broken: { seq: number } | undefined;
  // Keyset batches: a first start over a bulk-seeded (or pre-root) chain reads it all once.
  while (tree.frontier.size < target && !broken) {
    const rows = await database.rows<{ seq: string | number; hash: string; prev_hash: string }>(sql`
      SELECT seq, hash, prev_hash FROM compliance_logs
      WHERE seq > ${tree.frontier.size}::bigint AND seq <= ${target}::bigint ORDER BY seq LIMIT ${BATCH}`);
    const batch: SignedCheckpoint[] = [];
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== tree.frontier.size + 1 || row.prev_hash !== tree.hash) {
        broken = { seq: Math.min(seq, tree.frontier.size + 1) };
        break;
      }
      tree.frontier.push(leafHash(row.hash));
      tree.hash = row.hash;
      // The head row must carry the head's hash; otherwise the chain is inconsistent: do not sign it.
      const due = seq % n === 0 || (seq === head.seq && headDue && row.hash === head.hash);
      if (due)
        batch.push(
          signCheckpoint(
            { seq, hash: row.hash, at, root: tree.frontier.root().toString("hex") },
            key,
            tree.frontier.frontier,
          ),
        );
    }
    if (rows.length === 0) broken = { seq: tree.frontier.size + 1 };
    appendCheckpoints(settings.file, batch);
    written.push(...batch);
  }
  if (written.length) state.last = written[written.length - 1];
  // Unsigned rows read past the last checkpoint (a broken chain): forget them, resume from the file.
  if (broken || (written.length && state.last && state.last.seq !== tree.frontier.size)) state.tree = null;
  return broken ? { written, broken } : { written };
}

/** The process-wide checkpointer (one per server, shared by bundled and unbundled module copies). */
interface Checkpointer {
  nudge(): void;
  /** Signs the head now (after any check under way); resolves when it is written. */
  now(): Promise<void>;
  stop(): void;
}
const checkpointerKey = Symbol.for("saltbitter.audit.checkpointer");
type CheckpointerGlobal = typeof globalThis & { [checkpointerKey]?: Checkpointer };

/** Called by appendAudit, inside the caller's transaction: schedules a check for once it has committed. */
export function auditAppended(): void {
  (globalThis as CheckpointerGlobal)[checkpointerKey]?.nudge();
}

/**
 * Makes sure a signed checkpoint covers the chain head: through the server's checkpointer when one
 * runs in this process (so its state stays right), else directly (tests, CLIs).
 */
export async function checkpointHeadNow(database: Database, settings: CheckpointSettings): Promise<void> {
  const checkpointer = (globalThis as CheckpointerGlobal)[checkpointerKey];
  if (checkpointer) return checkpointer.now();
  await writeDueCheckpoints(database, settings, { last: null }, { headNow: true });
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
        if (run.broken)
          log(
            `⚠ the audit chain in the database breaks at seq ${run.broken.seq} (a gap, or a row that does not ` +
              `link to the one before): nothing from it on is signed. Run npm run audit:verify-db.`,
          );
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
    return running;
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
    now: () => check(true),
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
