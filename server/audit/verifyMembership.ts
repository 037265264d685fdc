import fs from "node:fs";
import readline from "node:readline";
import { refusal, type SignedCheckpoint } from "./checkpoint";
import { leafHash, rootFromInclusionPath } from "./merkle";
import type { VerifyKey } from "./signingKey";

/**
 * Offline check of an export's proofs file (inclusionProofs.ts; docs/audit-format.md §8): each
 * row's leaf (from its recomputed hash), its audit path and the index seq − 1 lead to the root
 * that a trusted key signed in a version 2 checkpoint. Both files are in seq order, so they are
 * read side by side at constant memory. No `server-only`: `npm run audit:verify` uses it.
 */
export interface MembershipSummary {
  /** Rows proven members, grouped by the checkpoint that proves them. */
  byCheckpoint: { seq: number; at: string; key: string; rows: number }[];
  proven: number;
}

type Entry = { line: number; proof: { seq: number; checkpoint: number; path: string[] } };

export class MembershipVerifier {
  /** Problems with the proofs file itself (malformed or refused lines). */
  readonly problems: string[] = [];
  private readonly checkpoints = new Map<number, SignedCheckpoint | { refused: string }>();
  private readonly lines: AsyncIterator<string>;
  private lineNumber = 0;
  private pending: Entry | null = null;
  private lastSeq = 0;
  private readonly counts = new Map<number, number>();

  constructor(
    file: string,
    private readonly trusted: VerifyKey[],
  ) {
    this.lines = readline
      .createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity })
      [Symbol.asyncIterator]();
  }

  /** The next proof line, reading checkpoint lines on the way. */
  private async next(): Promise<Entry | null> {
    for (;;) {
      const { done, value } = await this.lines.next();
      if (done) return null;
      this.lineNumber++;
      if (value.trim() === "") continue;
      let parsed: { checkpoint?: unknown; proof?: Partial<Entry["proof"]> };
      try {
        parsed = JSON.parse(value) as typeof parsed;
      } catch {
        this.problems.push(`proofs line ${this.lineNumber}: not valid JSON`);
        continue;
      }
      if (parsed.checkpoint !== undefined) {
        const why = refusal(parsed.checkpoint, this.trusted);
        const c = parsed.checkpoint as SignedCheckpoint;
        if (why) this.problems.push(`proofs line ${this.lineNumber}: checkpoint refused: ${why}`);
        if (typeof c?.seq === "number") this.checkpoints.set(c.seq, why ? { refused: why } : c);
        continue;
      }
      const p = parsed.proof;
      if (
        p &&
        Number.isSafeInteger(p.seq) &&
        Number.isSafeInteger(p.checkpoint) &&
        Array.isArray(p.path) &&
        p.path.every((h) => typeof h === "string" && /^[0-9a-f]{64}$/.test(h))
      ) {
        if (p.seq! <= this.lastSeq)
          this.problems.push(`proofs line ${this.lineNumber}: seq ${p.seq} is not after seq ${this.lastSeq}`);
        else {
          this.lastSeq = p.seq!;
          return { line: this.lineNumber, proof: p as Entry["proof"] };
        }
      } else this.problems.push(`proofs line ${this.lineNumber}: neither a checkpoint nor a proof`);
    }
  }

  /** Why the row (seq, recomputed hash) is not proven a member, or null when it is. Rows in seq order. */
  async check(seq: number, hash: string): Promise<string | null> {
    while (!this.pending || this.pending.proof.seq < seq) {
      this.pending = await this.next();
      if (!this.pending) return `seq ${seq}: no membership proof in the proofs file`;
    }
    if (this.pending.proof.seq !== seq) return `seq ${seq}: no membership proof in the proofs file`;
    const { checkpoint: size, path } = this.pending.proof;
    const checkpoint = this.checkpoints.get(size);
    if (!checkpoint) return `seq ${seq}: its proof is against checkpoint ${size}, which the proofs file does not hold`;
    if ("refused" in checkpoint)
      return `seq ${seq}: not proven a member: the checkpoint of seq ${size} it is proven against is refused (${checkpoint.refused})`;
    if (checkpoint.v !== 2 || !checkpoint.root)
      return `seq ${seq}: membership not provable: the checkpoint of seq ${size} has no Merkle root (a version 1 checkpoint)`;
    if (size < seq) return `seq ${seq}: its proof is against the checkpoint of seq ${size}, which is before the row`;
    const root = rootFromInclusionPath(
      seq - 1,
      size,
      leafHash(hash),
      path.map((h) => Buffer.from(h, "hex")),
    );
    if (root?.toString("hex") !== checkpoint.root || (seq === size && hash !== checkpoint.hash))
      return `seq ${seq}: not a member of the history signed at seq ${size} (${checkpoint.at}): its audit path does not lead to the signed root`;
    this.counts.set(size, (this.counts.get(size) ?? 0) + 1);
    return null;
  }

  summary(): MembershipSummary {
    const byCheckpoint = [...this.counts].map(([seq, rows]) => {
      const c = this.checkpoints.get(seq) as SignedCheckpoint;
      return { seq, at: c.at, key: c.key, rows };
    });
    return { byCheckpoint, proven: byCheckpoint.reduce((sum, c) => sum + c.rows, 0) };
  }

  close(): void {
    void this.lines.return?.();
  }
}
