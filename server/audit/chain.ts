import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { genesisHash } from "./canonical";
import { sequenceAuditChain } from "./sequencer";

/**
 * Reading and verifying the compliance_logs hash chain in the database. No `server-only`: the
 * `npm run audit:verify-db` CLI uses it too.
 */
export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * The chain's head. By default it first chains every committed row still waiting (the sequencer,
 * server/audit/sequencer.ts), so the head covers everything written before the call.
 */
export async function chainHead(database: Database, options: { sequence?: boolean } = {}): Promise<ChainHead> {
  if (options.sequence !== false) await sequenceAuditChain(database);
  const [row] = await database.rows<{ seq: string | number; hash: string }>(
    sql`SELECT seq, hash FROM compliance_chain_head WHERE id = 1`,
  );
  return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: genesisHash };
}

export type ChainProblem = "hash_mismatch" | "prev_hash_mismatch" | "seq_gap" | "head_mismatch";

export interface ChainVerification {
  ok: boolean;
  /** Sequenced rows checked. */
  rows: number;
  /** Rows committed but not yet sequenced when the check ran (not part of the chain yet, not checked). */
  unsequenced: number;
  head: ChainHead;
  /** The last row of the chain as stored (equals head when ok). */
  lastSeq: number;
  lastHash: string;
  /** First sequence number where the chain breaks, and how. */
  firstBrokenSeq?: number;
  problem?: ChainProblem;
  seconds: number;
}

/**
 * Recomputes every sequenced row's hash in order and checks each links to the one before (one
 * pass, in the database, at constant memory); then that the stored head is the chain's last row. A
 * row changed in place breaks at its own seq; a row changed and re-hashed breaks at the next one.
 * First (unless `sequence` is false) it chains the rows waiting; rows committed meanwhile are
 * counted as `unsequenced`, not checked (they carry no hash yet).
 */
export async function verifyChain(
  database: Database,
  options: { sequence?: boolean } = {},
): Promise<ChainVerification> {
  const started = performance.now();
  // A chain already broken can stop the sequencer (a row's predecessor is gone): verify regardless.
  if (options.sequence !== false) await sequenceAuditChain(database).catch(() => 0);
  const [summary] = await database.rows<{
    rows: number;
    unsequenced: number;
    last_seq: string | number | null;
    broken: string | number | null;
  }>(sql`
    WITH chain AS (
      SELECT seq, hash, prev_hash,
        compliance_log_hash(seq, id, user_id, staff_id, action_type, regulatory_framework, "timestamp", metadata, prev_hash) AS computed,
        lag(hash) OVER (ORDER BY seq) AS prior_hash, lag(seq) OVER (ORDER BY seq) AS prior_seq
      FROM compliance_logs WHERE seq > 0
    )
    SELECT count(*)::int AS rows, max(seq) AS last_seq,
      (SELECT count(*)::int FROM compliance_logs WHERE seq = 0) AS unsequenced,
      min(seq) FILTER (WHERE computed <> hash OR prev_hash <> coalesce(prior_hash, ${genesisHash})
                          OR seq <> coalesce(prior_seq, 0) + 1) AS broken
    FROM chain`);
  const head = await chainHead(database, { sequence: false });
  const lastSeq = Number(summary.last_seq ?? 0);
  const [last] = lastSeq
    ? await database.rows<{ hash: string }>(sql`SELECT hash FROM compliance_logs WHERE seq = ${lastSeq}`)
    : [{ hash: genesisHash }];
  const result: ChainVerification = {
    ok: true,
    rows: summary.rows,
    unsequenced: summary.unsequenced,
    head,
    lastSeq,
    lastHash: last.hash,
    seconds: 0,
  };
  if (summary.broken !== null) {
    const seq = Number(summary.broken);
    const [row] = await database.rows<{ hash_ok: boolean; prev_ok: boolean; seq_ok: boolean }>(sql`
      WITH chain AS (
        SELECT seq, hash, prev_hash,
          compliance_log_hash(seq, id, user_id, staff_id, action_type, regulatory_framework, "timestamp", metadata, prev_hash) AS computed,
          lag(hash) OVER (ORDER BY seq) AS prior_hash, lag(seq) OVER (ORDER BY seq) AS prior_seq
        FROM compliance_logs WHERE seq >= greatest(${seq} - 1, 1)
      )
      SELECT computed = hash AS hash_ok, seq = coalesce(prior_seq, 0) + 1 AS seq_ok,
        prev_hash = coalesce(prior_hash, ${genesisHash}) AS prev_ok
      FROM chain WHERE seq = ${seq}`);
    Object.assign(result, {
      ok: false,
      firstBrokenSeq: seq,
      problem: !row.seq_ok ? "seq_gap" : !row.hash_ok ? "hash_mismatch" : "prev_hash_mismatch",
    });
  } else if (head.seq !== lastSeq || head.hash !== last.hash) {
    // Rows missing at the end (or a head rewritten): the chain breaks where the head expects more.
    Object.assign(result, { ok: false, firstBrokenSeq: Math.min(head.seq, lastSeq) + 1, problem: "head_mismatch" });
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** Checks a head copied earlier (for safekeeping outside the database) is still in the chain. */
export async function checkSavedHead(database: Database, saved: ChainHead): Promise<boolean> {
  const [row] = await database.rows<{ hash: string }>(sql`SELECT hash FROM compliance_logs WHERE seq = ${saved.seq}`);
  return row?.hash === saved.hash;
}

export const describeProblem: Record<ChainProblem, string> = {
  hash_mismatch: "the row's content no longer matches its hash (changed in place)",
  prev_hash_mismatch: "the row does not link to the row before it (a row before it was altered and re-hashed)",
  seq_gap: "a sequence number is missing (a row was removed)",
  head_mismatch: "the chain head does not match the last row (rows removed at the end, or the head rewritten)",
};
