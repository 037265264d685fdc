import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { readCheckpoints, type SignedCheckpoint } from "./checkpoint";
import type { VerifyKey } from "./signingKey";

/**
 * Checks the database's compliance_logs history still contains every signed checkpoint: that the
 * row at each checkpointed seq exists with the signed hash. Because each hash covers every row
 * before it, an intact checkpoint at seq S proves rows 1..S unchanged, whatever a superuser did
 * inside the database; a rewrite from row K (re-hashed so the in-database chain looks intact)
 * breaks every checkpoint from K on. No `server-only`: the audit:verify-db CLI uses it.
 */
export interface Divergence {
  kind: "rewritten" | "truncated";
  /** The first row that may differ from the signed history: exact when `fromSeq === toSeq`. */
  fromSeq: number;
  /** The first checkpoint the database no longer matches. */
  toSeq: number;
  checkpoint: SignedCheckpoint;
  /** The database's hash at checkpoint.seq, or null when the row is gone. */
  databaseHash: string | null;
  databaseLastSeq: number;
}

export interface CheckpointVerification {
  ok: boolean;
  /** Lines whose signature (or form) is refused, with the reason. */
  refused: { line: number; reason: string }[];
  checkpoints: number;
  latest: SignedCheckpoint | null;
  /** The highest checkpointed seq below the divergence that still matches (0: none). */
  lastIntactSeq: number;
  divergence: Divergence | null;
}

const BATCH = 2000;

export async function verifyCheckpoints(
  database: Database,
  file: string,
  trusted: VerifyKey[],
): Promise<CheckpointVerification> {
  const [{ last_seq }] = await database.rows<{ last_seq: string | number | null }>(
    sql`SELECT max(seq) AS last_seq FROM compliance_logs`,
  );
  const databaseLastSeq = Number(last_seq ?? 0);
  const refused: CheckpointVerification["refused"] = [];
  let checkpoints = 0;
  let latest: SignedCheckpoint | null = null;
  let firstBroken: { checkpoint: SignedCheckpoint; databaseHash: string | null } | null = null;
  const intact: number[] = [];

  let batch: SignedCheckpoint[] = [];
  const compare = async () => {
    if (batch.length === 0) return;
    const seqs = [...new Set(batch.map((c) => c.seq))];
    const rows = await database.rows<{ seq: string | number; hash: string }>(sql`
      SELECT seq, hash FROM compliance_logs WHERE seq IN (${sql.join(
        seqs.map((s) => sql`${s}::bigint`),
        sql`, `,
      )})`);
    const stored = new Map(rows.map((r) => [Number(r.seq), r.hash]));
    for (const checkpoint of batch) {
      const hash = stored.get(checkpoint.seq) ?? null;
      if (hash === checkpoint.hash) intact.push(checkpoint.seq);
      else if (!firstBroken || checkpoint.seq < firstBroken.checkpoint.seq)
        firstBroken = { checkpoint, databaseHash: hash };
    }
    batch = [];
  };
  for await (const entry of readCheckpoints(file, trusted)) {
    if ("refused" in entry) {
      refused.push({ line: entry.line, reason: entry.refused });
      continue;
    }
    checkpoints++;
    if (!latest || entry.checkpoint.seq >= latest.seq) latest = entry.checkpoint;
    batch.push(entry.checkpoint);
    if (batch.length >= BATCH) await compare();
  }
  await compare();

  const broken = firstBroken as { checkpoint: SignedCheckpoint; databaseHash: string | null } | null;
  const below = broken ? intact.filter((s) => s < broken.checkpoint.seq) : intact;
  const lastIntactSeq = below.length ? Math.max(...below) : 0;
  let divergence: Divergence | null = null;
  if (broken) {
    const truncated = broken.databaseHash === null && databaseLastSeq < broken.checkpoint.seq;
    divergence = {
      kind: truncated ? "truncated" : "rewritten",
      // A truncated tail starts right after the database's last row (if all before it is intact).
      fromSeq: truncated ? Math.max(lastIntactSeq, databaseLastSeq) + 1 : lastIntactSeq + 1,
      toSeq: broken.checkpoint.seq,
      checkpoint: broken.checkpoint,
      databaseHash: broken.databaseHash,
      databaseLastSeq,
    };
  }
  return { ok: refused.length === 0 && !divergence, refused, checkpoints, latest, lastIntactSeq, divergence };
}

/** One line for a person: what diverged, from which row. */
export function describeDivergence(d: Divergence): string {
  const signed = `the checkpoint signed at ${d.checkpoint.at} for seq ${d.toSeq}`;
  if (d.kind === "truncated") {
    return `rows removed from seq ${d.fromSeq} on: the database's chain ends at seq ${d.databaseLastSeq}, but ${signed} records a longer history`;
  }
  const where =
    d.fromSeq === d.toSeq
      ? `from seq ${d.fromSeq}`
      : `from a seq between ${d.fromSeq} and ${d.toSeq} (checkpoints are that far apart; rows before ${d.fromSeq} match theirs)`;
  const found = d.databaseHash === null ? "the row is missing" : `the database has ${d.databaseHash}`;
  return `history rewritten ${where}: ${signed} says hash ${d.checkpoint.hash}, ${found}`;
}
