import { sql, type SQL } from "drizzle-orm";
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
 * On PostgreSQL the chain is verified in this many ranges at once, each on its own connection (so
 * on its own server process and core): hashing is nearly all of the work, and one pass used one core.
 */
const RANGES = 4;
/** Below this many rows a range is not worth a connection of its own. */
const MIN_RANGE_ROWS = 50_000;

/** [from, to] ranges of seq covering 1..last, in order, at most `count` of them. */
export function verificationRanges(last: number, count: number, minRows = MIN_RANGE_ROWS): [number, number][] {
  if (last < 1) return [[1, 0]];
  const n = Math.max(1, Math.min(count, Math.floor(last / minRows)));
  const size = Math.ceil(last / n);
  return Array.from({ length: n }, (_, i) => [i * size + 1, Math.min(last, (i + 1) * size)] as [number, number]);
}

/** Sequenced rows matching `where`, each with its recomputed hash and the hash and seq of the row before it. */
const chainRows = (where: SQL) => sql`
  SELECT seq, hash, prev_hash,
    compliance_log_hash(seq, id, user_id, staff_id, action_type, regulatory_framework, "timestamp", metadata, prev_hash) AS computed,
    lag(hash) OVER (ORDER BY seq) AS prior_hash, lag(seq) OVER (ORDER BY seq) AS prior_seq
  FROM compliance_logs WHERE seq > 0 AND ${where}`;

/**
 * One range of the chain: its rows' count and the first seq in it that breaks (its hash does not
 * match its content, it does not link to the row before, or a seq is missing before it). The row
 * before the range is read too, so the link across the boundary is checked.
 */
async function verifyRange(
  database: Database,
  from: number,
  to: number,
): Promise<{ rows: number; broken: number | null }> {
  const [row] = await database.rows<{ rows: number; broken: string | number | null }>(sql`
    WITH chain AS (${chainRows(sql`seq >= greatest(${from}::bigint - 1, 1) AND seq <= ${to}::bigint`)})
    SELECT count(*) FILTER (WHERE seq >= ${from}::bigint)::int AS rows,
      min(seq) FILTER (WHERE seq >= ${from}::bigint AND (computed <> hash
        OR prev_hash <> coalesce(prior_hash, ${genesisHash}) OR seq <> coalesce(prior_seq, 0) + 1)) AS broken
    FROM chain`);
  return { rows: row.rows, broken: row.broken === null ? null : Number(row.broken) };
}

/**
 * Recomputes every sequenced row's hash in order and checks each links to the one before (in the
 * database, at constant memory; on PostgreSQL in ranges verified at once, each reading the row
 * before it so no link goes unchecked); then that the stored head is the chain's last row. A
 * row changed in place breaks at its own seq; a row changed and re-hashed breaks at the next one.
 * First (unless `sequence` is false) it chains the rows waiting; rows committed meanwhile are
 * counted as `unsequenced`, not checked (they carry no hash yet).
 */
export async function verifyChain(
  database: Database,
  options: {
    sequence?: boolean;
    /** Ranges verified at once (default: RANGES on PostgreSQL, 1 on PGlite's single connection). */
    ranges?: number;
    /** The fewest rows worth a range of their own (default MIN_RANGE_ROWS; tests cross boundaries with less). */
    rangeRows?: number;
  } = {},
): Promise<ChainVerification> {
  const started = performance.now();
  // A chain already broken can stop the sequencer (a row's predecessor is gone): verify regardless.
  if (options.sequence !== false) await sequenceAuditChain(database).catch(() => 0);
  const [extent] = await database.rows<{ last_seq: string | number | null; unsequenced: number }>(sql`
    SELECT (SELECT max(seq) FROM compliance_logs WHERE seq > 0) AS last_seq,
      (SELECT count(*)::int FROM compliance_logs WHERE seq = 0) AS unsequenced`);
  const ranges = verificationRanges(
    Number(extent.last_seq ?? 0),
    options.ranges ?? (database.engine === "postgres" ? RANGES : 1),
    options.rangeRows,
  );
  const parts = await Promise.all(ranges.map(([from, to]) => verifyRange(database, from, to)));
  const broken = parts.map((p) => p.broken).find((seq) => seq !== null) ?? null;
  const summary = {
    rows: parts.reduce((n, p) => n + p.rows, 0),
    unsequenced: extent.unsequenced,
    last_seq: extent.last_seq,
    broken,
  };
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
      WITH chain AS (${chainRows(sql`seq >= greatest(${seq} - 1, 1)`)})
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
