import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { signManifest } from "@/server/audit/manifestSignature";
import { parseSigningKey } from "@/server/audit/signingKey";
import { fileSha256, verifyExport, type ExportManifest } from "@/server/audit/verifyExport";
import { MembershipVerifier } from "@/server/audit/verifyMembership";

/**
 * Issue #13 §5 (mutation testing): the offline verifier (server/audit/verifyExport.ts and
 * verifyMembership.ts) on docs/audit-format.md's own example files — the three-row export (§4–§5),
 * its signed manifest (§6) and its proofs file (§8), signed with the document's example key — and
 * on variants of the proofs file, each refused with the words of §8. Checkpoints the variants need
 * are signed here with node:crypto over the signed text §7 specifies, a helper first checked to
 * reproduce the documented version 2 signature.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const doc = fs.readFileSync(path.join(root, "docs/audit-format.md"), "utf8");
function example(name: string): string {
  const match = new RegExp(`^\`\`\`\\w+ audit-example ${name}\\n([\\s\\S]*?)\\n\`\`\`$`, "m").exec(doc);
  if (!match) throw new Error(`docs/audit-format.md has no block "audit-example ${name}"`);
  return match[1];
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-audit-mutants-verify-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;
const write = (content: string) => {
  const file = path.join(dir, `file-${++files}`);
  fs.writeFileSync(file, content);
  return file;
};

// The example key (§7): seed 00 01 … 1f, as PKCS#8 DER (RFC 8410 prefix + seed).
const seed = Buffer.from(example("signing-seed"), "base64");
const privateKey = crypto.createPrivateKey({
  key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]),
  format: "der",
  type: "pkcs8",
});
const publicKey = crypto.createPublicKey({
  key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(example("public-key"), "base64")]),
  format: "der",
  type: "spki",
});
const keyId = example("key-id");
const trusted = [{ publicKey, keyId }];
const stranger = crypto.generateKeyPairSync("ed25519");
const strangerTrusted = [{ publicKey: stranger.publicKey, keyId }];

const at = "2026-02-01T00:05:00.000Z";
const sign = (text: string) => crypto.sign(null, Buffer.from(text, "utf8"), privateKey).toString("base64");
/** A version 2 checkpoint object as §7 specifies it, signed with the example key. */
const v2 = (seq: number, hash: string, rootHex: string) => ({
  v: 2,
  seq,
  hash,
  root: rootHex,
  at,
  key: keyId,
  sig: sign(`saltbitter-audit-checkpoint v2\nseq=${seq}\nhash=${hash}\nroot=${rootHex}\nat=${at}`),
});
const v1 = (seq: number, hash: string) => ({
  v: 1,
  seq,
  hash,
  at,
  key: keyId,
  sig: sign(`saltbitter-audit-checkpoint v1\nseq=${seq}\nhash=${hash}\nat=${at}`),
});

// The example chain and tree (§4, §7.1).
const exportLines = [1, 2, 3].map((n) => example(`row-${n} export-line`));
const hashes = exportLines.map((l) => (JSON.parse(l) as { hash: string }).hash);
const [leaf1, leaf2, leaf3] = example("merkle-leaves").split("\n");
const node12 = example("merkle-node-1-2");
const rootHex = example("merkle-root");
const exportFile = write(exportLines.map((l) => `${l}\n`).join(""));
const manifest = JSON.parse(example("manifest")) as ExportManifest;
const proofsText = `${example("proofs-file")}\n`;
const [checkpointLine, proof1, proof2, proof3] = example("proofs-file").split("\n");
const proof = (seq: number, checkpoint: number, pathHex: string[]) =>
  JSON.stringify({ proof: { seq, checkpoint, path: pathHex } });
const proofsFile = (...lines: string[]) => write(lines.map((l) => `${l}\n`).join(""));
const withProofs = (proofs: string) => verifyExport(exportFile, manifest, trusted, { proofs });

describe("the example files of docs/audit-format.md", () => {
  it("signs checkpoints here exactly as the document's version 2 example", () => {
    const documented = JSON.parse(example("checkpoint-v2-line")) as { sig: string };
    expect(v2(3, hashes[2], rootHex).sig).toBe(documented.sig);
    expect(JSON.parse(checkpointLine)).toEqual({ checkpoint: v2(3, hashes[2], rootHex) });
  });

  it("verify: every row intact, linked, described by the signed manifest and proven a member at seq 3", async () => {
    expect(await fileSha256(exportFile)).toEqual({ sha256: manifest.sha256, bytes: 2015 });
    expect(await withProofs(write(proofsText))).toEqual({
      ok: true,
      problems: [],
      sha256: manifest.sha256,
      rows: 3,
      linksChecked: 2,
      gaps: 0,
      segments: 1,
      timeRange: { from: "2026-01-31T09:15:02.000417Z", to: "2026-02-01T00:00:00.999999Z" },
      membership: { byCheckpoint: [{ seq: 3, at, key: keyId, rows: 3 }], proven: 3 },
    });
    expect(await verifyExport(exportFile, manifest, trusted)).toMatchObject({ ok: true, membership: null });
  });

  it("refuses the example manifest under a key that is not the signer's", async () => {
    const result = await verifyExport(exportFile, manifest, strangerTrusted);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      "the manifest's signature does not match its content: the manifest was changed after export",
    ]);
  });

  it("ignores blank lines in the proofs file", async () => {
    const result = await withProofs(proofsFile("", checkpointLine, "   ", proof1, proof2, "\t", proof3, ""));
    expect(result.problems).toEqual([]);
    expect(result.membership?.proven).toBe(3);
  });

  it("proves rows against two checkpoints, counting each checkpoint's rows", async () => {
    const c2 = v2(2, hashes[1], node12);
    const file = proofsFile(
      JSON.stringify({ checkpoint: c2 }),
      proof(1, 2, [leaf2]),
      proof(2, 2, [leaf1]),
      checkpointLine,
      proof3,
    );
    const result = await withProofs(file);
    expect(result.problems).toEqual([]);
    expect(result.membership).toEqual({
      byCheckpoint: [
        { seq: 2, at, key: keyId, rows: 2 },
        { seq: 3, at, key: keyId, rows: 1 },
      ],
      proven: 3,
    });
  });
});

describe("refusing proofs (§8)", () => {
  it("names a row without a proof, in the middle or at the end", async () => {
    expect((await withProofs(proofsFile(checkpointLine, proof1, proof3))).problems).toEqual([
      "seq 2: no membership proof in the proofs file",
    ]);
    const atEnd = await withProofs(proofsFile(checkpointLine, proof1, proof2));
    expect(atEnd.problems).toEqual(["seq 3: no membership proof in the proofs file"]);
    expect(atEnd.membership).toEqual({ byCheckpoint: [{ seq: 3, at, key: keyId, rows: 2 }], proven: 2 });
    expect((await withProofs(proofsFile())).problems).toEqual([
      "seq 1: no membership proof in the proofs file",
      "seq 2: no membership proof in the proofs file",
      "seq 3: no membership proof in the proofs file",
    ]);
  });

  it("reports a line that is not JSON, and still reads the lines after it", async () => {
    const result = await withProofs(proofsFile(checkpointLine, "{not json", proof1, proof2, proof3));
    expect(result.problems).toEqual(["proofs line 2: not valid JSON"]);
    expect(result.membership?.proven).toBe(3);
  });

  it.each([
    ["a seq that is text", { proof: { seq: "1", checkpoint: 3, path: [leaf2, leaf3] } }],
    ["a fractional seq", { proof: { seq: 1.5, checkpoint: 3, path: [leaf2, leaf3] } }],
    ["a checkpoint that is text", { proof: { seq: 1, checkpoint: "3", path: [leaf2, leaf3] } }],
    ["a fractional checkpoint", { proof: { seq: 1, checkpoint: 3.5, path: [leaf2, leaf3] } }],
    ["no path", { proof: { seq: 1, checkpoint: 3 } }],
    ["a path that is not a list", { proof: { seq: 1, checkpoint: 3, path: leaf2 } }],
    ["a path hash in upper case", { proof: { seq: 1, checkpoint: 3, path: [leaf2.toUpperCase(), leaf3] } }],
    ["a path hash of 63 digits", { proof: { seq: 1, checkpoint: 3, path: [leaf2, leaf3.slice(1)] } }],
    ["a path hash with a prefix", { proof: { seq: 1, checkpoint: 3, path: [`0${leaf2}`, leaf3] } }],
    ["a path hash with a suffix", { proof: { seq: 1, checkpoint: 3, path: [leaf2, `${leaf3}0`] } }],
    ["a path hash that is a number", { proof: { seq: 1, checkpoint: 3, path: [leaf2, 7] } }],
    ["a path hash inside a list", { proof: { seq: 1, checkpoint: 3, path: [[leaf2], leaf3] } }],
    ["a null proof", { proof: null }],
    ["neither member", { other: 1 }],
  ])("refuses a proof line with %s, and the row it was for", async (_, line) => {
    const result = await withProofs(proofsFile(checkpointLine, JSON.stringify(line), proof2, proof3));
    expect(result.problems).toEqual([
      "seq 1: no membership proof in the proofs file",
      "proofs line 2: neither a checkpoint nor a proof",
    ]);
    expect(result.membership?.proven).toBe(2);
  });

  it("refuses proofs out of seq order, naming the line, and uses the first", async () => {
    const result = await withProofs(proofsFile(checkpointLine, proof1, proof1, proof2, proof3));
    expect(result.problems).toEqual(["proofs line 3: seq 1 is not after seq 1"]);
    expect(result.membership?.proven).toBe(3);
    const backwards = await withProofs(proofsFile(checkpointLine, proof2, proof1, proof3));
    expect(backwards.problems).toEqual([
      "seq 1: no membership proof in the proofs file",
      "proofs line 3: seq 1 is not after seq 2",
    ]);
  });

  it("refuses every row proven against a checkpoint whose signature fails, and says why", async () => {
    const edited = JSON.stringify({ checkpoint: { ...v2(3, hashes[2], rootHex), at: "2026-02-01T00:05:00.001Z" } });
    const result = await withProofs(proofsFile(edited, proof1, proof2, proof3));
    const why = "not proven a member: the checkpoint of seq 3 it is proven against is refused (bad signature)";
    expect(result.problems).toEqual([
      `seq 1: ${why}`,
      `seq 2: ${why}`,
      `seq 3: ${why}`,
      "proofs line 1: checkpoint refused: bad signature",
    ]);
    expect(result.membership).toEqual({ byCheckpoint: [], proven: 0 });
  });

  it("refuses a checkpoint signed by a key it does not trust", async () => {
    const verifier = new MembershipVerifier(write(proofsText), strangerTrusted);
    const leafOf = hashes[0];
    expect(await verifier.check(1, leafOf)).toBe(
      "seq 1: not proven a member: the checkpoint of seq 3 it is proven against is refused (bad signature)",
    );
    expect(verifier.problems).toEqual(["proofs line 1: checkpoint refused: bad signature"]);
    verifier.close();
  });

  it("reports a checkpoint line that is not an object, and the proofs that needed it", async () => {
    const result = await withProofs(proofsFile('{"checkpoint":null}', proof1, '{"checkpoint":"x"}', proof2, proof3));
    const missing = (seq: number) =>
      `seq ${seq}: its proof is against checkpoint 3, which the proofs file does not hold`;
    expect(result.problems).toEqual([
      missing(1),
      missing(2),
      missing(3),
      "proofs line 1: checkpoint refused: not a JSON object",
      "proofs line 3: checkpoint refused: not a JSON object",
    ]);
  });

  it("says membership is not provable against a version 1 checkpoint, even one carrying an unsigned root", async () => {
    const withRoot = { ...v1(3, hashes[2]), root: rootHex };
    const result = await withProofs(proofsFile(JSON.stringify({ checkpoint: withRoot }), proof1, proof2, proof3));
    const why = (seq: number) =>
      `seq ${seq}: membership not provable: the checkpoint of seq 3 has no Merkle root (a version 1 checkpoint)`;
    expect(result.problems).toEqual([why(1), why(2), why(3)]);
  });

  it("refuses a proof against a checkpoint before its row", async () => {
    const c2 = JSON.stringify({ checkpoint: v2(2, hashes[1], node12) });
    const result = await withProofs(proofsFile(c2, proof(1, 2, [leaf2]), proof(2, 2, [leaf1]), proof(3, 2, [node12])));
    expect(result.problems).toEqual(["seq 3: its proof is against the checkpoint of seq 2, which is before the row"]);
    expect(result.membership).toEqual({ byCheckpoint: [{ seq: 2, at, key: keyId, rows: 2 }], proven: 2 });
  });

  it("refuses a path that leads elsewhere, and the checkpointed row when its hash is not the checkpoint's", async () => {
    const signedAt = `not a member of the history signed at seq 3 (${at}): its audit path does not lead to the signed root`;
    // Row 1 given row 2's path.
    const swapped = await withProofs(proofsFile(checkpointLine, proof(1, 3, [leaf1, leaf3]), proof2, proof3));
    expect(swapped.problems).toEqual([`seq 1: ${signedAt}`]);
    // Row 3 with a path one hash too long, and row 1 with one too short: no root at all.
    const long = await withProofs(proofsFile(checkpointLine, proof1, proof2, proof(3, 3, [node12, leaf1])));
    expect(long.problems).toEqual([`seq 3: ${signedAt}`]);
    const short = await withProofs(proofsFile(checkpointLine, proof(1, 3, [leaf2]), proof2, proof3));
    expect(short.problems).toEqual([`seq 1: ${signedAt}`]);
    // A checkpoint with the right root but another hash for its own row: row 3 is not the signed row 3.
    const c3 = JSON.stringify({ checkpoint: v2(3, hashes[1], rootHex) });
    const result = await withProofs(proofsFile(c3, proof1, proof2, proof3));
    expect(result.problems).toEqual([`seq 3: ${signedAt}`]);
    expect(result.membership?.proven).toBe(2);
  });
});

describe("verifying variants of the example export", () => {
  const key = parseSigningKey(example("signing-seed"), "example");
  const { signature: _signature, ...unsigned } = manifest;
  void _signature;
  const check = (lines: string[], changes: Partial<ExportManifest>, proofs?: string) => {
    const file = write(lines.map((l) => `${l}\n`).join(""));
    const content = fs.readFileSync(file);
    const described = {
      ...unsigned,
      rowCount: lines.length,
      sha256: crypto.createHash("sha256").update(content).digest("hex"),
      bytes: content.length,
      ...changes,
    };
    return verifyExport(file, signManifest(described, key), trusted, proofs ? { proofs } : {});
  };

  it("proves the rows of a filtered export, skipping the proofs of rows it does not hold", async () => {
    const result = await check([exportLines[0], exportLines[2]], { filtered: true, lastSeq: 3 }, write(proofsText));
    expect(result).toMatchObject({ ok: true, problems: [], rows: 2, linksChecked: 0, gaps: 1, segments: 2 });
    expect(result.membership).toEqual({ byCheckpoint: [{ seq: 3, at, key: keyId, rows: 2 }], proven: 2 });
  });

  it("counts the segments of a filtered export with two gaps", async () => {
    // Rows 1 and 3 of the example, and row 3 again as if seq 5 (its hash then no longer matches).
    const seq5 = exportLines[2].replace('{"seq" : 3,', '{"seq" : 5,');
    const result = await check([exportLines[0], exportLines[2], seq5], {
      filtered: true,
      lastSeq: 5,
      chainHead: { seq: 5, hash: hashes[2] },
    });
    expect(result.problems).toEqual(["seq 5: content does not match its hash"]);
    expect(result).toMatchObject({ rows: 3, linksChecked: 0, gaps: 2, segments: 3 });
  });

  it("does not read proofs for a consent_logs export, and says so", async () => {
    const lines = ['{"id":"a","granted":true}'];
    const result = await check(
      lines,
      { source: "consent_logs", firstSeq: null, lastSeq: null, chainHead: { seq: 0, hash: "0".repeat(64) } },
      write(proofsText),
    );
    expect(result.problems).toEqual(["membership proofs are checked for compliance_logs JSON Lines exports only"]);
    expect(result.membership).toBeNull();
    expect(result.rows).toBe(1);
    expect(result.timeRange).toBeNull();
  });

  it("refuses an altered row both by its hash and by its membership (the leaf is the recomputed hash)", async () => {
    const altered = exportLines[1].replace(
      '"action_type" : "ai_transparency_notice"',
      '"action_type" : "ai_disclosure"',
    );
    const result = await check([exportLines[0], altered, exportLines[2]], {}, write(proofsText));
    expect(result.problems).toEqual([
      "seq 2: content does not match its hash",
      `seq 2: not a member of the history signed at seq 3 (${at}): its audit path does not lead to the signed root`,
    ]);
    expect(result.membership?.proven).toBe(2);
  });

  it("checks the chain head only against a last row at the head's seq", async () => {
    const result = await check([exportLines[0], exportLines[1]], {
      filtered: true,
      lastSeq: 2,
      chainHead: { seq: 3, hash: "f".repeat(64) },
    });
    expect(result.problems).toEqual([]);
    const atHead = await check(exportLines, { chainHead: { seq: 3, hash: hashes[1] } });
    expect(atHead.problems).toEqual(["the last row (seq 3) is not the chain head recorded at export time"]);
  });

  it("refuses a filtered export holding a row after the chain head it was exported at", async () => {
    const result = await check(exportLines, { filtered: true, chainHead: { seq: 2, hash: hashes[1] } });
    expect(result.problems).toEqual(["seq 3 is after the chain head recorded at export time (seq 2)"]);
  });

  it("refuses an unfiltered export that starts after seq 1, even when it is otherwise complete to the head", async () => {
    const result = await check([exportLines[1], exportLines[2]], { firstSeq: 2 });
    expect(result.problems).toEqual(["an unfiltered export starts at seq 2, not at seq 1"]);
  });

  it("gives the time range of one row as that row's time", async () => {
    const result = await check([exportLines[2]], { filtered: true, firstSeq: 3, lastSeq: 3 });
    expect(result.timeRange).toEqual({ from: "2026-02-01T00:00:00.999999Z", to: "2026-02-01T00:00:00.999999Z" });
    expect(result.segments).toBe(1);
  });
});
