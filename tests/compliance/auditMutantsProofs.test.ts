import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { chainHead } from "../../server/audit/chain";
import { inclusionProofLines, lastRootSeq, NoCheckpointError } from "../../server/audit/inclusionProofs";
import { useFreshDatabase } from "../support/database";

/**
 * Issue #13 §5 (mutation testing): the proofs file a server writes (server/audit/inclusionProofs.ts,
 * docs/audit-format.md §8) for rows of a 13-row chain, against version 2 checkpoints signed here by
 * hand over the text §7 specifies. Every expected root, frontier and audit path is computed in this
 * file from RFC 9162's recursive definitions (leaf = SHA-256(0x00 ‖ row hash bytes),
 * node = SHA-256(0x01 ‖ l ‖ r), PATH(m, D[n])) over the row hashes the database holds.
 */
const database = useFreshDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-audit-mutants-proofs-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sha = (...parts: Buffer[]) => {
  const h = crypto.createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};
const node = (l: Buffer, r: Buffer) => sha(Buffer.from([1]), l, r);
const hex = (b: Buffer) => b.toString("hex");
/** The largest power of two strictly below n (RFC 9162 §2.1.1's k). */
const kOf = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

// A key made for this file, its id as §7 defines it: 16 hex digits of SHA-256 of the raw public key.
const pair = crypto.generateKeyPairSync("ed25519");
const raw = pair.publicKey.export({ format: "der", type: "spki" }).subarray(12);
const keyId = sha(raw).toString("hex").slice(0, 16);
const trusted = [{ publicKey: pair.publicKey, keyId }];
const at = "2026-03-01T12:00:00.000Z";

let leaves: Buffer[] = [];
let hashes: string[] = [];
const mth = (a: number, b: number): Buffer =>
  b - a === 1 ? leaves[a] : node(mth(a, a + kOf(b - a)), mth(a + kOf(b - a), b));
const auditPath = (m: number, a: number, b: number): string[] => {
  if (b - a === 1) return [];
  const k = kOf(b - a);
  return m < a + k ? [...auditPath(m, a, a + k), hex(mth(a + k, b))] : [...auditPath(m, a + k, b), hex(mth(a, a + k))];
};
/** The frontier after S rows: MTH of each perfect subtree, one per set bit of S, largest first. */
const frontierOf = (s: number) => {
  const out: string[] = [];
  let start = 0;
  for (let bit = 16; bit >= 1; bit /= 2)
    if (s & bit) {
      out.push(hex(mth(start, start + bit)));
      start += bit;
    }
  return out;
};
/** A version 2 checkpoint of seq s as §7 specifies, signed with this file's key. */
const checkpoint = (s: number, overrides: { root?: string; frontier?: string[] | null; hash?: string } = {}) => {
  const hash = overrides.hash ?? hashes[s - 1];
  const root = overrides.root ?? hex(mth(0, s));
  const text = `saltbitter-audit-checkpoint v2\nseq=${s}\nhash=${hash}\nroot=${root}\nat=${at}`;
  const sig = crypto.sign(null, Buffer.from(text), pair.privateKey).toString("base64");
  const frontier = overrides.frontier === null ? {} : { frontier: overrides.frontier ?? frontierOf(s) };
  return { v: 2, seq: s, hash, root, at, key: keyId, sig, ...frontier };
};
let files = 0;
/** Writes checkpoint lines (objects as JSON, strings as they are). */
const checkpointFile = (lines: (object | string)[], { trailingNewline = true } = {}) => {
  const file = path.join(dir, `checkpoints-${++files}.jsonl`);
  const text = lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n");
  fs.writeFileSync(file, text + (trailingNewline ? "\n" : ""));
  return file;
};
const run = async (file: string, seqs: number[]) => {
  const out: string[] = [];
  for await (const line of inclusionProofLines(database(), file, trusted, seqs)) out.push(line);
  return out;
};
const checkpointLine = (s: number) => {
  const { frontier: _f, ...signed } = checkpoint(s);
  void _f;
  return `${JSON.stringify({ checkpoint: signed })}\n`;
};
const proofLine = (seq: number, s: number) =>
  `${JSON.stringify({ proof: { seq, checkpoint: s, path: auditPath(seq - 1, 0, s) } })}\n`;

beforeAll(async () => {
  const db = database();
  await db.rows(sql`
    INSERT INTO compliance_logs (action_type, metadata, regulatory_framework)
    SELECT 'proofs_test_' || g, jsonb_build_object('n', g), 'gdpr' FROM generate_series(1, 13) g`);
  expect((await chainHead(db)).seq).toBe(13);
  const rows = await db.rows<{ hash: string }>(sql`SELECT hash FROM compliance_logs WHERE seq > 0 ORDER BY seq`);
  hashes = rows.map((r) => r.hash);
  leaves = hashes.map((h) => sha(Buffer.from([0]), Buffer.from(h, "hex")));
});

describe("proofs files for exported rows (§8)", () => {
  it("proves each row against the first checkpoint at or after it, continuing from the one before's frontier", async () => {
    const file = checkpointFile([checkpoint(4), checkpoint(8), checkpoint(13)]);
    expect(await run(file, [2, 5, 6, 9, 13])).toEqual([
      checkpointLine(4),
      proofLine(2, 4),
      checkpointLine(8),
      proofLine(5, 8),
      proofLine(6, 8),
      checkpointLine(13),
      proofLine(9, 13),
      proofLine(13, 13),
    ]);
    expect(await lastRootSeq(file)).toBe(13);
    // Rows exactly at checkpoints.
    expect(await run(file, [4, 8])).toEqual([checkpointLine(4), proofLine(4, 4), checkpointLine(8), proofLine(8, 8)]);
  });

  it("orders the file's checkpoints by seq, whatever their order in the file", async () => {
    const file = checkpointFile([checkpoint(13), checkpoint(6), checkpoint(4)]);
    expect(await run(file, [2, 5, 7])).toEqual([
      checkpointLine(4),
      proofLine(2, 4),
      checkpointLine(6),
      proofLine(5, 6),
      checkpointLine(13),
      proofLine(7, 13),
    ]);
  });

  it("reads a frontier of several subtrees, and skips version 1 lines and later duplicates of a seq", async () => {
    const v1 = { v: 1, seq: 10, hash: hashes[9], at, key: keyId, sig: "x" };
    const file = checkpointFile([
      // Not version 2 (though they start like it), or no integer seq: not checkpoints with a root.
      '{"v":22,"seq":6,"hash":"x"}',
      '{"v":2,"seq":"9","hash":"x"}',
      checkpoint(6),
      v1,
      checkpoint(13),
      checkpoint(13, { root: "ab".repeat(32), frontier: null }),
    ]);
    // Row 7: its path climbs through the frontier's [4, 6) and [0, 4), then the rows after 8.
    const lines = await run(file, [7, 12]);
    expect(lines).toEqual([checkpointLine(13), proofLine(7, 13), proofLine(12, 13)]);
    expect(JSON.parse(lines[1])).toEqual({
      proof: { seq: 7, checkpoint: 13, path: [hex(leaves[7]), hex(mth(4, 6)), hex(mth(0, 4)), hex(mth(8, 13))] },
    });
    expect(await lastRootSeq(file)).toBe(13);
  });

  it("finds lines across read chunks (a file larger than 64 KiB), and a last line without LF", async () => {
    const filler = Array.from({ length: 700 }, (_, i) => ({
      v: 1,
      seq: 1,
      hash: hashes[0],
      at,
      key: keyId,
      sig: `${i}`,
    }));
    const file = checkpointFile([...filler, checkpoint(3), ...filler, checkpoint(11)], { trailingNewline: false });
    expect(fs.statSync(file).size).toBeGreaterThan(3 * 65536);
    expect(await run(file, [1, 3, 4, 11])).toEqual([
      checkpointLine(3),
      proofLine(1, 3),
      proofLine(3, 3),
      checkpointLine(11),
      proofLine(4, 11),
      proofLine(11, 11),
    ]);
    expect(await lastRootSeq(file)).toBe(11);
  });

  it("knows no checkpoint in a missing file, or in one without version 2 lines", async () => {
    const missing = path.join(dir, "absent.jsonl");
    expect(await lastRootSeq(missing)).toBe(0);
    await expect(run(missing, [1])).rejects.toThrow(new NoCheckpointError(1));
    const v1Only = checkpointFile([{ v: 1, seq: 4, hash: hashes[3], at, key: keyId, sig: "x" }, '{"v":2,"seq":5', ""]);
    expect(await lastRootSeq(v1Only)).toBe(0);
  });

  it("refuses a row after the last checkpoint with a root, naming its seq", async () => {
    const file = checkpointFile([checkpoint(4)]);
    const error = await run(file, [2, 5]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoCheckpointError);
    expect((error as NoCheckpointError).seq).toBe(5);
    expect((error as Error).message).toBe("no signed checkpoint with a Merkle root covers seq 5 yet");
  });

  it.each([
    ["repeated", [3, 3]],
    ["decreasing", [4, 2]],
    ["zero", [0]],
    ["fractional", [1.5]],
  ])("refuses rows whose seqs are %s", async (_, seqs) => {
    const file = checkpointFile([checkpoint(4), checkpoint(8)]);
    await expect(run(file, seqs)).rejects.toThrow(new Error("rows must come in increasing seq order"));
  });
});

describe("proofs the server will not give", () => {
  it("refuses a checkpoint it does not trust, naming seq and file", async () => {
    const other = crypto.generateKeyPairSync("ed25519");
    const forged = {
      ...checkpoint(4),
      sig: crypto.sign(null, Buffer.from("x"), other.privateKey).toString("base64"),
    };
    const file = checkpointFile([forged, checkpoint(8)]);
    await expect(run(file, [2])).rejects.toThrow(
      new Error(`the checkpoint of seq 4 in ${file} is refused: bad signature`),
    );
    // The checkpoint before the row's is checked too.
    await expect(run(file, [6])).rejects.toThrow(
      new Error(`the checkpoint of seq 4 in ${file} is refused: bad signature`),
    );
  });

  it("needs the frontier of the checkpoint before the row's", async () => {
    const file = checkpointFile([checkpoint(4, { frontier: null }), checkpoint(8)]);
    await expect(run(file, [6])).rejects.toThrow(new Error("the checkpoint of seq 4 has no usable frontier"));
    const short = checkpointFile([checkpoint(6, { frontier: [frontierOf(6)[0]] }), checkpoint(8)]);
    await expect(run(short, [7])).rejects.toThrow(new Error("the checkpoint of seq 6 has no usable frontier"));
    // Without a checkpoint before it, none is needed.
    expect(await run(file, [2])).toEqual([checkpointLine(4), proofLine(2, 4)]);
  });

  it("gives no proof when the rows or the frontier no longer lead to the signed root", async () => {
    const wrongRoot = checkpointFile([checkpoint(4, { root: "cd".repeat(32) })]);
    await expect(run(wrongRoot, [1])).rejects.toThrow(
      new Error(`the database's rows 1–4 no longer match the checkpoint signed at ${at} (npm run audit:verify-db)`),
    );
    const wrongFrontier = checkpointFile([checkpoint(4, { frontier: ["ef".repeat(32)] }), checkpoint(8)]);
    await expect(run(wrongFrontier, [5])).rejects.toThrow(
      new Error(`the database's rows 5–8 no longer match the checkpoint signed at ${at} (npm run audit:verify-db)`),
    );
  });

  it("gives no proof against a checkpoint beyond the rows the database holds", async () => {
    const fake = "12".repeat(32);
    const file = checkpointFile([checkpoint(13), checkpoint(16, { hash: fake, root: fake, frontier: [fake] })]);
    await expect(run(file, [14])).rejects.toThrow(new Error("rows 14–16 are not all in the database"));
  });
});
