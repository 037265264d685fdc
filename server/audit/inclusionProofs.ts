import fs from "node:fs";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { refusal, type SignedCheckpoint } from "./checkpoint";
import { frontierSizes, inclusionPath, leafHash, nodeHash, splitPoint, treeHash } from "./merkle";
import type { VerifyKey } from "./signingKey";

/**
 * Membership proofs for exported rows (docs/audit-format.md §8): for each row, its RFC 9162
 * inclusion proof in the tree signed by the first version 2 checkpoint at or after it. A proofs
 * file is JSON Lines, in increasing seq order:
 *   {"checkpoint":{"v":2,"seq":140,"hash":…,"root":…,"at":…,"key":…,"sig":…}}   before its first use
 *   {"proof":{"seq":17,"checkpoint":140,"path":["<64 hex>",…]}}
 *
 * Generating a proof reads only the rows between the checkpoints around the row (at most
 * AUDIT_CHECKPOINT_ROWS of them): the part of the tree before the earlier checkpoint is its
 * frontier, kept in its line, and the later checkpoint's signed root checks the result, so rows
 * the database changed since they were signed give no proof at all. No `server-only`: tests use it.
 */
export interface ProofLine {
  proof: { seq: number; checkpoint: number; path: string[] };
}
export interface CheckpointLine {
  checkpoint: Omit<SignedCheckpoint, "frontier">;
}

export class NoCheckpointError extends Error {
  constructor(readonly seq: number) {
    super(`no signed checkpoint with a Merkle root covers seq ${seq} yet`);
  }
}

interface Indexed {
  seq: number;
  offset: number;
  length: number;
}

/** Where each version 2 checkpoint line of the file is, by seq (the first line for a seq wins). */
async function indexCheckpoints(file: string): Promise<Indexed[]> {
  if (!fs.existsSync(file)) return [];
  const found = new Map<number, Indexed>();
  let offset = 0;
  let rest = Buffer.alloc(0);
  const take = (line: Buffer, at: number) => {
    // Cheap pre-filter before parsing: version 2 lines start {"v":2.
    if (!line.subarray(0, 8).toString("latin1").startsWith('{"v":2')) return;
    try {
      const parsed = JSON.parse(line.toString("utf8")) as Partial<SignedCheckpoint>;
      if (parsed.v === 2 && Number.isSafeInteger(parsed.seq) && !found.has(parsed.seq!))
        found.set(parsed.seq!, { seq: parsed.seq!, offset: at, length: line.length });
    } catch {
      /* a partial line: ignored here, reported by audit:verify-db */
    }
  };
  for await (const chunk of fs.createReadStream(file)) {
    let buffer = Buffer.concat([rest, chunk as Buffer]);
    let start = 0;
    for (let nl = buffer.indexOf(0x0a); nl !== -1; nl = buffer.indexOf(0x0a, start)) {
      take(buffer.subarray(start, nl), offset + start);
      start = nl + 1;
    }
    offset += start;
    buffer = buffer.subarray(start);
    rest = Buffer.from(buffer);
  }
  if (rest.length) take(rest, offset);
  return [...found.values()].sort((a, b) => a.seq - b.seq);
}

function readCheckpoint(file: string, at: Indexed, trusted: VerifyKey[]): SignedCheckpoint {
  const buffer = Buffer.alloc(at.length);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, buffer, 0, at.length, at.offset);
  } finally {
    fs.closeSync(fd);
  }
  const parsed: unknown = JSON.parse(buffer.toString("utf8"));
  const why = refusal(parsed, trusted);
  if (why) throw new Error(`the checkpoint of seq ${at.seq} in ${file} is refused: ${why}`);
  return parsed as SignedCheckpoint;
}

/** The highest seq a version 2 checkpoint in the file covers (0: none). */
export async function lastRootSeq(file: string): Promise<number> {
  const index = await indexCheckpoints(file);
  return index.at(-1)?.seq ?? 0;
}

/**
 * Yields the proofs file's lines (each ending with LF) for the given rows, which must come in
 * increasing seq order. Throws NoCheckpointError when a row is after the last version 2
 * checkpoint (sign the head first), and an Error when the database no longer matches a signed root.
 */
export async function* inclusionProofLines(
  database: Database,
  checkpointFile: string,
  trusted: VerifyKey[],
  seqs: AsyncIterable<number> | Iterable<number>,
): AsyncGenerator<string> {
  const index = await indexCheckpoints(checkpointFile);
  let at = 0; // index[at] is the first checkpoint with seq ≥ the current row
  let interval: { before: number; checkpoint: SignedCheckpoint; subtree: (a: number, b: number) => Buffer } | null =
    null;
  let previous = 0;
  for await (const seq of seqs) {
    if (!(Number.isSafeInteger(seq) && seq > previous)) throw new Error(`rows must come in increasing seq order`);
    previous = seq;
    if (!interval || seq > interval.checkpoint.seq) {
      while (at < index.length && index[at].seq < seq) at++;
      if (at >= index.length) throw new NoCheckpointError(seq);
      const checkpoint = readCheckpoint(checkpointFile, index[at], trusted);
      const before = at > 0 ? readCheckpoint(checkpointFile, index[at - 1], trusted) : null;
      interval = {
        before: before?.seq ?? 0,
        checkpoint,
        subtree: await intervalTree(database, before, checkpoint),
      };
      const { frontier: _frontier, ...signed } = checkpoint;
      void _frontier;
      yield `${JSON.stringify({ checkpoint: signed } satisfies CheckpointLine)}\n`;
    }
    const path = inclusionPath(seq - 1, interval.checkpoint.seq, interval.subtree).map((b) => b.toString("hex"));
    yield `${JSON.stringify({ proof: { seq, checkpoint: interval.checkpoint.seq, path } } satisfies ProofLine)}\n`;
  }
}

/**
 * MTH(D[a:b]) for any node of the tree signed by `checkpoint`, from the rows after `before` (read
 * now) and `before`'s frontier: a node wholly before `before.seq` is one of its frontier's subtrees.
 */
async function intervalTree(
  database: Database,
  before: SignedCheckpoint | null,
  checkpoint: SignedCheckpoint,
): Promise<(a: number, b: number) => Buffer> {
  const from = before?.seq ?? 0;
  const rows = await database.rows<{ seq: string | number; hash: string }>(sql`
    SELECT seq, hash FROM compliance_logs WHERE seq > ${from}::bigint AND seq <= ${checkpoint.seq}::bigint ORDER BY seq`);
  if (rows.length !== checkpoint.seq - from || rows.some((r, i) => Number(r.seq) !== from + 1 + i))
    throw new Error(`rows ${from + 1}–${checkpoint.seq} are not all in the database`);
  const leaves = rows.map((r) => leafHash(r.hash));
  const frontier = new Map<string, Buffer>();
  if (before) {
    const sizes = frontierSizes(before.seq);
    if (before.frontier?.length !== sizes.length)
      throw new Error(`the checkpoint of seq ${before.seq} has no usable frontier`);
    let start = 0;
    sizes.forEach((size, i) => {
      frontier.set(`${start}:${start + size}`, Buffer.from(before.frontier![i], "hex"));
      start += size;
    });
  }
  const memo = new Map<string, Buffer>();
  const subtree = (a: number, b: number): Buffer => {
    const key = `${a}:${b}`;
    let hash = memo.get(key) ?? frontier.get(key);
    if (hash) return hash;
    if (a >= from) hash = treeHash(leaves, a - from, b - from);
    else if (b <= from) throw new Error(`leaves ${a}–${b} are not a subtree of the frontier at seq ${from}`);
    else {
      const k = splitPoint(b - a);
      hash = nodeHash(subtree(a, a + k), subtree(a + k, b));
    }
    memo.set(key, hash);
    return hash;
  };
  if (subtree(0, checkpoint.seq).toString("hex") !== checkpoint.root)
    throw new Error(
      `the database's rows ${from + 1}–${checkpoint.seq} no longer match the checkpoint signed at ${checkpoint.at} ` +
        `(npm run audit:verify-db)`,
    );
  return subtree;
}
