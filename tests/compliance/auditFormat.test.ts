import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { appendAudit } from "../../server/audit/appendAudit";
import { canonicalText, genesisHash, jsonbText, parseChainRow, rowHash } from "../../server/audit/canonical";
import { checkpointSignedText, refusal, signCheckpoint, type SignedCheckpoint } from "../../server/audit/checkpoint";
import { writeDueCheckpoints } from "../../server/audit/checkpointer";
import { filterDigest } from "../../server/audit/filterDigest";
import { manifestSignatureProblem, manifestSignedText, signManifest } from "../../server/audit/manifestSignature";
import { parseSigningKey, rawPublicKey, type SigningKey } from "../../server/audit/signingKey";
import {
  foldFrontier,
  inclusionPath,
  leafHash,
  MerkleFrontier,
  rootFromInclusionPath,
  treeHash,
} from "../../server/audit/merkle";
import { verifyExport, type ExportManifest } from "../../server/audit/verifyExport";
import type { StaffActor } from "../../server/auth/actor";
import { drainExport, findManifest, prepareExport, type ExportRequest } from "../../server/compliance/export";
import { csvField } from "../../server/compliance/exportSources";
import { auditLogFilters, consentLogFilters } from "../../server/compliance/filters";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";
import { insertStaff } from "./support";

/**
 * Issue #13 §1: the audit format is a published standard. The worked examples are read out of
 * docs/audit-format.md and checked against the database's own functions (both engines) and the
 * server's offline code; tools/verify_audit.py, written from the document alone, must accept our
 * real exports and refuse doctored ones. If the document is wrong or incomplete, this file fails.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const docPath = path.join(root, "docs/audit-format.md");
const verifier = path.join(root, "tools/verify_audit.py");
const database = useFreshDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-audit-format-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The document's marked blocks, ```<lang> audit-example row-1 canonical``` named "row-1-canonical". */
const blocks = new Map<string, string>();
for (const match of fs.readFileSync(docPath, "utf8").matchAll(/^```\w+ audit-example ([^\n]+)\n([\s\S]*?)\n```$/gm)) {
  const name = match[1].trim().replace(/\s+/g, "-");
  if (blocks.has(name)) throw new Error(`docs/audit-format.md: two blocks named audit-example ${match[1]}`);
  blocks.set(name, match[2]);
}
function example(name: string): string {
  const text = blocks.get(name);
  if (text === undefined) throw new Error(`docs/audit-format.md has no block "audit-example ${name}"`);
  return text;
}
const rowNumbers = [1, 2, 3] as const;
const exampleRow = (n: number) => parseChainRow(example(`row-${n}-export-line`));
/** The example export file: the three export lines, each ending with LF (§5). */
const exampleExport = () => rowNumbers.map((n) => `${example(`row-${n}-export-line`)}\n`).join("");

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}
/** Runs the independent verifier; a missing python3 fails the test with the reason. */
function verifyWithPython(args: string[]): Run {
  // -S: no site-packages on the path, so the tool provably needs the standard library alone (and starts faster).
  const run = spawnSync("python3", ["-S", "-X", "utf8", verifier, ...args], { encoding: "utf8" });
  if (run.error) {
    throw new Error(
      `python3 could not be run (${run.error.message}): the independent verifier tools/verify_audit.py needs ` +
        "Python 3 (Debian: apt-get install python3)",
    );
  }
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
const writeFile = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};
/** The manifest as it was before signing. */
function unsigned(manifest: ExportManifest): Omit<ExportManifest, "signature"> {
  const copy = { ...manifest };
  delete copy.signature;
  return copy;
}
const sha256 = (data: string | Buffer) => crypto.createHash("sha256").update(data).digest("hex");

describe("the worked examples of docs/audit-format.md", () => {
  it("are all in the document", () => {
    for (const n of rowNumbers) for (const kind of ["export-line", "canonical", "sha256"]) example(`row-${n}-${kind}`);
    for (const name of ["csv", "manifest", "manifest-signed-text", "checkpoint-line", "signing-seed", "public-key"])
      example(name);
  });

  it.each(rowNumbers)("row %i: the server's offline code gives the documented canonical text and hash", (n) => {
    const row = exampleRow(n);
    expect(canonicalText(row)).toBe(example(`row-${n}-canonical`));
    expect(rowHash(row)).toBe(example(`row-${n}-sha256`));
    expect(row.hash).toBe(example(`row-${n}-sha256`));
    // The hash is SHA-256 of the canonical text's UTF-8 bytes, as the document says.
    expect(sha256(Buffer.from(example(`row-${n}-canonical`), "utf8"))).toBe(example(`row-${n}-sha256`));
  });

  it.each(rowNumbers)("row %i: the database's compliance_log_canonical and compliance_log_hash agree", async (n) => {
    const row = exampleRow(n);
    // Row 2 is given to the database as its writer sent it (2.50e1, keys unsorted): stored, it prints as documented.
    const metadata = blocks.get(`row-${n}-metadata-as-written`) ?? jsonbText(row.metadata);
    const [got] = await database().rows<{ canonical: string; hash: string }>(sql`
      SELECT compliance_log_canonical(${row.seq}::bigint, ${row.id}::uuid, ${row.user_id}::uuid, ${row.staff_id}::uuid,
          ${row.action_type}, ${row.regulatory_framework}, ${row.timestamp}::timestamptz, ${metadata}::jsonb, ${row.prev_hash}) AS canonical,
        compliance_log_hash(${row.seq}::bigint, ${row.id}::uuid, ${row.user_id}::uuid, ${row.staff_id}::uuid,
          ${row.action_type}, ${row.regulatory_framework}, ${row.timestamp}::timestamptz, ${metadata}::jsonb, ${row.prev_hash}) AS hash`);
    expect(got.canonical).toBe(example(`row-${n}-canonical`));
    expect(got.hash).toBe(example(`row-${n}-sha256`));
  });

  it("row 2 exercises what the document says it does", () => {
    const canonical = example("row-2-canonical");
    expect(canonical).toContain('"zz": 1.50, "é": null'); // byte length, then bytes: "zz" before "é"
    expect(canonical).toContain("\\u0001"); // a control character, escaped in lowercase hex
    expect(canonical).toContain("Café ✓"); // non-ASCII as itself
    expect(canonical).toContain("25.0, 1000"); // 2.50e1 and 1e3 as stored
    expect(canonical).toMatch(/^\[2, "[^"]+", null, null, /); // no user, no staff member
  });

  it("the three rows form a chain from the genesis value", () => {
    const rows = rowNumbers.map(exampleRow);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0].prev_hash).toBe("0".repeat(64));
    expect(rows[0].prev_hash).toBe(genesisHash);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(rows[2].prev_hash).toBe(rows[1].hash);
  });

  it("the CSV example is the three rows under PostgreSQL's CSV rules", () => {
    const header = "seq,id,timestamp,user_id,staff_id,action_type,regulatory_framework,metadata,prev_hash,hash";
    const records = rowNumbers
      .map(exampleRow)
      .map((r) =>
        [
          String(r.seq),
          r.id,
          r.timestamp,
          r.user_id,
          r.staff_id,
          r.action_type,
          r.regulatory_framework,
          jsonbText(r.metadata),
          r.prev_hash,
          r.hash,
        ]
          .map(csvField)
          .join(","),
      );
    expect(example("csv")).toBe([header, ...records].join("\n"));
  });

  it("the filter digest example is the server's", () => {
    const values = JSON.parse(example("filter-values")) as Record<string, string>;
    const digest = JSON.parse(example("filter-digest")) as unknown;
    expect(filterDigest(values, example("filter-secret"))).toEqual(digest);
    // The documented HMAC input, keyed with the secret, gives the documented digest.
    const hmac = crypto
      .createHmac("sha256", example("filter-secret"))
      .update(example("filter-hmac-input"))
      .digest("hex");
    expect(digest).toMatchObject({ valuesHmac: hmac });
  });

  it("the example key, checkpoint and manifest are signed as documented", () => {
    const key = parseSigningKey(example("signing-seed"), "the document's example seed");
    expect(rawPublicKey(key.publicKey).toString("base64")).toBe(example("public-key"));
    expect(key.keyId).toBe(example("key-id"));
    expect(sha256(rawPublicKey(key.publicKey)).slice(0, 16)).toBe(example("key-id"));

    const checkpoint = JSON.parse(example("checkpoint-line")) as { seq: number; hash: string; at: string; sig: string };
    expect(refusal(checkpoint, [key])).toBeNull();
    expect(checkpoint.hash).toBe(example("row-3-sha256"));
    // Ed25519 is deterministic: signing the documented content again gives the documented line.
    expect(JSON.stringify(signCheckpoint(checkpoint, key))).toBe(example("checkpoint-line"));
    const signed = Buffer.from(example("checkpoint-signed-text"), "utf8");
    expect(crypto.verify(null, signed, key.publicKey, Buffer.from(checkpoint.sig, "base64"))).toBe(true);

    const manifest = JSON.parse(example("manifest")) as ExportManifest;
    expect(manifestSignatureProblem(manifest, [key])).toBeNull();
    expect(manifestSignedText(manifest)).toBe(example("manifest-signed-text"));
    expect(signManifest(unsigned(manifest), key).signature).toEqual(manifest.signature);
    const file = Buffer.from(exampleExport(), "utf8");
    expect(manifest).toMatchObject({ sha256: sha256(file), bytes: file.length, rowCount: 3 });
  });

  it("tools/verify_audit.py verifies the example export, manifest and checkpoint", () => {
    const file = writeFile("example.jsonl", exampleExport());
    const manifest = writeFile("example.manifest.json", example("manifest"));
    const checkpoints = writeFile("example-checkpoints.jsonl", `${example("checkpoint-line")}\n`);
    const run = verifyWithPython([file, manifest, "--public-key", example("public-key"), "--checkpoints", checkpoints]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("3 compliance_logs rows (JSON Lines), seq 1 to 3");
    expect(run.stdout).toContain("So rows 1 to 3 are exactly the history signed at 2026-02-01T00:05:00.000Z");
  });
});

describe("the Merkle root and membership proofs of docs/audit-format.md (§7.1, §8)", () => {
  const key = () => parseSigningKey(example("signing-seed"), "the document's example seed");
  // Computed here from the document's words alone: SHA-256(0x00 ‖ 32 bytes) and SHA-256(0x01 ‖ l ‖ r).
  const leaf = (hex: string) =>
    crypto
      .createHash("sha256")
      .update(Buffer.concat([Buffer.from([0]), Buffer.from(hex, "hex")]))
      .digest();
  const node = (l: Buffer, r: Buffer) =>
    crypto
      .createHash("sha256")
      .update(Buffer.concat([Buffer.from([1]), l, r]))
      .digest();
  const rowHashes = () => rowNumbers.map((n) => example(`row-${n}-sha256`));

  it("the leaves, the node over rows 1–2 and the root are as documented, by hand and by the server's code", () => {
    const leaves = rowHashes().map(leaf);
    expect(leaves.map((l) => l.toString("hex")).join("\n")).toBe(example("merkle-leaves"));
    expect(node(leaves[0], leaves[1]).toString("hex")).toBe(example("merkle-node-1-2"));
    expect(node(node(leaves[0], leaves[1]), leaves[2]).toString("hex")).toBe(example("merkle-root"));
    expect(rowHashes().map(leafHash)).toEqual(leaves);
    expect(treeHash(leaves).toString("hex")).toBe(example("merkle-root"));
  });

  it("the version 2 checkpoint line signs the root, and its frontier folds to it", () => {
    const line = JSON.parse(example("checkpoint-v2-line")) as SignedCheckpoint;
    expect(refusal(line, [key()])).toBeNull();
    expect(line).toMatchObject({ v: 2, seq: 3, hash: example("row-3-sha256"), root: example("merkle-root") });
    expect(checkpointSignedText(line)).toBe(example("checkpoint-v2-signed-text"));
    const tree = MerkleFrontier.empty();
    rowHashes().forEach((h) => tree.push(leafHash(h)));
    expect(tree.frontier).toEqual(line.frontier);
    expect(tree.frontier).toEqual([example("merkle-node-1-2"), example("merkle-leaves").split("\n")[2]]);
    expect(foldFrontier(line.frontier!.map((h) => Buffer.from(h, "hex"))).toString("hex")).toBe(example("merkle-root"));
    // Ed25519 is deterministic: the documented line is exactly what the server writes.
    expect(JSON.stringify(signCheckpoint(line, key(), line.frontier))).toBe(example("checkpoint-v2-line"));
    // The root is signed: another root no longer verifies.
    expect(refusal({ ...line, root: "0".repeat(64) }, [key()])).toBe("bad signature");
  });

  it("the proofs file holds the RFC 9162 audit paths, which both verifiers accept for the example export", async () => {
    const lines = example("proofs-file")
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const { frontier: _frontier, ...signed } = JSON.parse(example("checkpoint-v2-line")) as SignedCheckpoint;
    void _frontier;
    expect(lines[0]).toEqual({ checkpoint: signed });
    const leaves = rowHashes().map(leaf);
    const root = Buffer.from(example("merkle-root"), "hex");
    for (const n of rowNumbers) {
      const path = inclusionPath(n - 1, 3, (a, b) => treeHash(leaves, a, b)).map((b) => b.toString("hex"));
      expect(lines[n]).toEqual({ proof: { seq: n, checkpoint: 3, path } });
      expect(
        rootFromInclusionPath(
          n - 1,
          3,
          leaves[n - 1],
          path.map((h) => Buffer.from(h, "hex")),
        ),
      ).toEqual(root);
    }
    // Row 2 as the document works it out: node(node(leaf 1, leaf 2), leaf 3).
    expect(node(node(leaves[0], leaves[1]), leaves[2])).toEqual(root);

    const file = writeFile("example-members.jsonl", exampleExport());
    const manifestFile = writeFile("example-members.manifest.json", example("manifest"));
    const proofs = writeFile("example.proofs.jsonl", `${example("proofs-file")}\n`);
    const ts = await verifyExport(file, JSON.parse(example("manifest")) as ExportManifest, [key()], { proofs });
    expect(ts.problems).toEqual([]);
    expect(ts.membership).toEqual({
      proven: 3,
      byCheckpoint: [{ seq: 3, at: "2026-02-01T00:05:00.000Z", key: example("key-id"), rows: 3 }],
    });
    const run = verifyWithPython([file, manifestFile, "--public-key", example("public-key"), "--proofs", proofs]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("3 of 3 rows proven members of the signed audit chain");
    expect(run.stdout).toContain(
      "3 rows at the checkpoint of seq 3, signed 2026-02-01T00:05:00.000Z by key 56475aa75463474c",
    );
  });
});

describe("tools/verify_audit.py on real exports (server/compliance/export.ts)", () => {
  const seed = crypto.randomBytes(32).toString("base64");
  let key: SigningKey;
  let publicKey: string;
  let actor: StaffActor;
  const saved = process.env.AUDIT_SIGNING_KEY;

  beforeAll(async () => {
    // The manifests are signed with the checkpoint key (checkpointSettings reads the environment).
    process.env.AUDIT_SIGNING_KEY = seed;
    key = parseSigningKey(seed, "test key");
    publicKey = writeFile("public-key.txt", `${rawPublicKey(key.publicKey).toString("base64")}\n`);
    const db = database();
    actor = await insertStaff(db);
    const alice = await insertUser(db);
    // Rows that exercise the encoding (numbers verbatim, non-ASCII, control characters, nesting,
    // no user), written plainly and through appendAudit, under several frameworks.
    for (let i = 0; i < 12; i++) {
      const metadata = JSON.stringify({
        i,
        amount: "AMOUNT",
        note: i % 4 === 0 ? `Zoë\t"quoted"\\ \u0001\u001f ✓ 🙂 line\nbreak` : `plain ${i}`,
        nested: { zz: [true, null, { é: "", a: {} }], b: i % 3 === 0 ? null : "x" },
      }).replace('"AMOUNT"', i % 2 ? "1.50" : "12345678901234567890.000");
      await db.rows(sql`INSERT INTO compliance_logs (user_id, action_type, metadata, regulatory_framework)
        VALUES (${i % 3 ? alice : null}, ${i % 2 ? "ai_disclosure" : "data_access_request"}, ${metadata}::jsonb,
          ${i % 2 ? "sb_243" : "gdpr"})`);
    }
    await appendAudit(db.db, actor, [
      { resource: "users", action: "update", recordId: alice, userId: alice, changedFields: ["email"] },
      { resource: "staff_accounts", action: "change_role", details: { from: "analyst", to: "admin" } },
    ]);
    await db.rows(sql`INSERT INTO consent_logs (user_id, consent_type, granted, consent_text, ip_address, notice_version, collection_method, jurisdiction)
      VALUES (${alice}, 'marketing', true, 'Send me "news", please', '198.51.100.1', 'marketing-v2', 'signup_form', 'DE'),
             (${alice}, 'marketing', false, NULL, NULL, NULL, 'email_link', 'DE')`);
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.AUDIT_SIGNING_KEY;
    else process.env.AUDIT_SIGNING_KEY = saved;
  });

  let exports = 0;
  async function runExport(request: ExportRequest) {
    const prepared = await prepareExport(database(), actor, request);
    const chunks: Uint8Array[] = [];
    await drainExport(prepared, (chunk) => void chunks.push(chunk));
    const name = `export-${++exports}`;
    const file = writeFile(`${name}.${request.format}`, Buffer.concat(chunks));
    const manifest = (await findManifest(database(), prepared.exportId))!;
    // As the manifest route serves it.
    const manifestFile = writeFile(`${name}.manifest.json`, JSON.stringify(manifest, null, 2));
    return { file, manifest, manifestFile };
  }
  const unfiltered = { source: "compliance_logs", format: "jsonl", filters: auditLogFilters.parse({}) } as const;

  it("accepts a genuine unfiltered JSON Lines export and says what it verified", async () => {
    const { file, manifest, manifestFile } = await runExport(unfiltered);
    expect(manifest.signature?.key).toBe(key.keyId);
    const run = verifyWithPython([file, manifestFile, "--public-key", publicKey]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const rows = manifest.rowCount;
    expect(rows).toBeGreaterThanOrEqual(14);
    expect(run.stdout).toContain(`signed by trusted key ${key.keyId}`);
    expect(run.stdout).toContain(`${rows} compliance_logs rows (JSON Lines), seq 1 to ${manifest.lastSeq}`);
    expect(run.stdout).toContain(`${rows} of ${rows} rows hash to their content`);
    expect(run.stdout).toContain(`${rows - 1} links checked`);
    expect(run.stdout).toContain("unfiltered and complete");
  });

  it("sees the export lines as §5 describes them: the ten members in order, ' : ' between key and value", async () => {
    const { file } = await runExport(unfiltered);
    const lines = fs.readFileSync(file, "utf8").split("\n");
    expect(lines.pop()).toBe(""); // every line ends with LF
    const members = ["seq", "id", "timestamp", "user_id", "staff_id", "action_type", "regulatory_framework"];
    for (const line of lines) {
      // Top-level keys are the only ones followed by " : " (metadata's jsonb text uses ": ").
      const keys = [...line.matchAll(/(?<!\\)"(\w+)" : /g)].map((m) => m[1]);
      expect(keys).toEqual([...members, "metadata", "prev_hash", "hash"]);
    }
  });

  it("refuses an export with a changed metadata value", async () => {
    const { file, manifestFile } = await runExport(unfiltered);
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const target = lines.findIndex((l, i) => i > 2 && l.includes('"amount": 1.50'));
    expect(target).toBeGreaterThan(0);
    lines[target] = lines[target].replace('"amount": 1.50', '"amount": 9.50');
    const forged = writeFile("forged-value.jsonl", lines.join("\n"));
    const run = verifyWithPython([forged, manifestFile, "--public-key", publicKey]);
    expect(run.status).toBe(1);
    const seq = (JSON.parse(lines[target]) as { seq: number }).seq;
    expect(run.stderr).toContain("The export does NOT verify");
    expect(run.stderr).toContain(`seq ${seq}: its content does not match its hash`);
    expect(run.stderr).toContain("the file's SHA-256 is");
  });

  it("refuses an export with a middle row removed, even with the manifest's hash, size and count recomputed", async () => {
    const { file, manifest } = await runExport(unfiltered);
    const lines = fs.readFileSync(file, "utf8").split("\n").slice(0, -1);
    const removed = (JSON.parse(lines[5]) as { seq: number }).seq;
    const doctored = Buffer.from([...lines.slice(0, 5), ...lines.slice(6)].map((l) => `${l}\n`).join(""));
    const doctoredFile = writeFile("removed-row.jsonl", doctored);
    const rewritten = {
      ...manifest,
      rowCount: manifest.rowCount - 1,
      sha256: sha256(doctored),
      bytes: doctored.length,
    };
    // Without the signing key, the rewritten manifest's signature gives it away.
    const forgedManifest = verifyWithPython([
      doctoredFile,
      writeFile("removed-row.manifest.json", JSON.stringify(rewritten, null, 2)),
      "--public-key",
      publicKey,
    ]);
    expect(forgedManifest.status).toBe(1);
    expect(forgedManifest.stderr).toContain("the manifest cannot be trusted: its signature does not match its content");
    expect(forgedManifest.stderr).toContain(`seq ${removed} missing from an unfiltered export`);
    // Re-signed by an insider holding the key: the gap alone still fails it.
    const resigned = signManifest(unsigned(rewritten), key);
    const run = verifyWithPython([
      doctoredFile,
      writeFile("removed-row-resigned.manifest.json", JSON.stringify(resigned, null, 2)),
      "--public-key",
      publicKey,
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("The export does NOT verify: 1 problem.");
    expect(run.stderr).toContain(`seq ${removed} missing from an unfiltered export`);
  });

  it("refuses a manifest signed by a key it was not told to trust, and one with no signature", async () => {
    const { file, manifest, manifestFile } = await runExport(unfiltered);
    const other = rawPublicKey(parseSigningKey(crypto.randomBytes(32).toString("base64"), "other").publicKey);
    const stranger = verifyWithPython([file, manifestFile, "--public-key", other.toString("base64")]);
    expect(stranger.status).toBe(1);
    expect(stranger.stderr).toContain(`signed by key "${key.keyId}", which is not a key you trust`);
    const bare = writeFile("bare.manifest.json", JSON.stringify(unsigned(manifest)));
    const bareRun = verifyWithPython([file, bare, "--public-key", publicKey]);
    expect(bareRun.status).toBe(1);
    expect(bareRun.stderr).toContain("the manifest is not signed");
  });

  it("accepts a filtered export and names each gap it accepted", async () => {
    const { file, manifest, manifestFile } = await runExport({
      source: "compliance_logs",
      format: "jsonl",
      filters: auditLogFilters.parse({ framework: "sb_243" }),
    });
    expect(manifest.filtered).toBe(true);
    const run = verifyWithPython([file, manifestFile, "--public-key", publicKey]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const seqs = fs
      .readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => (JSON.parse(l) as { seq: number }).seq);
    const gaps = seqs.slice(1).filter((seq, i) => seq !== seqs[i] + 1).length;
    expect(gaps).toBeGreaterThan(0);
    expect(run.stdout).toContain(`${gaps} gaps accepted because the export is filtered (by framework)`);
    expect(run.stdout).toContain(`seq ${seqs[0] + 1} absent`);
  });

  it("verifies a CSV export row by row, and refuses a doctored one", async () => {
    const { file, manifestFile } = await runExport({ ...unfiltered, format: "csv" });
    const run = verifyWithPython([file, manifestFile, "--public-key", publicKey]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/\d+ compliance_logs rows \(CSV\), seq 1 to \d+/);
    const text = fs.readFileSync(file, "utf8");
    const forged = writeFile("forged.csv", text.replace(",ai_disclosure,", ",crisis_referral,"));
    const failed = verifyWithPython([forged, manifestFile, "--public-key", publicKey]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/seq \d+: its content does not match its hash/);
  });

  it.each([
    ["csv", "CSV"],
    ["jsonl", "JSON Lines"],
  ] as const)("checks a consent_logs %s export's integrity", async (format, words) => {
    const { file, manifestFile } = await runExport({
      source: "consent_logs",
      format,
      filters: consentLogFilters.parse({}),
    });
    const run = verifyWithPython([file, manifestFile, "--public-key", publicKey]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`2 consent_logs rows (${words}), as the manifest counts`);
    // Cut short after its first line.
    const truncated = writeFile(`consent-truncated.${format}`, fs.readFileSync(file, "utf8").split("\n")[0]);
    expect(verifyWithPython([truncated, manifestFile, "--public-key", publicKey]).status).toBe(1);
  });

  it("checks the export's rows against signed checkpoints, and refuses a forged checkpoint", async () => {
    const checkpointFile = path.join(dir, "checkpoints.jsonl");
    const settings = { everyRows: 5, everyMinutes: 60, file: checkpointFile, signingKey: key, trustedKeys: [key] };
    const written = await writeDueCheckpoints(database(), settings, { last: null });
    expect(written.written.length).toBeGreaterThanOrEqual(3);
    const { file, manifestFile } = await runExport(unfiltered);
    const run = verifyWithPython([file, manifestFile, "--public-key", publicKey, "--checkpoints", checkpointFile]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const n = written.written.length;
    expect(run.stdout).toContain(`${n} signed checkpoints trusted; ${n} of them in this export, matching its rows`);
    expect(run.stdout).toContain(`So rows 1 to ${written.written[n - 1].seq} are exactly the history signed at`);

    const forgedLine = { ...written.written[0], hash: "f".repeat(64) };
    const forged = writeFile("forged-checkpoints.jsonl", `${JSON.stringify(forgedLine)}\n`);
    const refused = verifyWithPython([file, manifestFile, "--public-key", publicKey, "--checkpoints", forged]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("checkpoint line 1 refused: its signature does not match its content");
  });

  it("exits 2 with a reason when an input cannot be read", () => {
    const run = verifyWithPython([
      path.join(dir, "missing.jsonl"),
      path.join(dir, "missing.json"),
      "--public-key",
      publicKey,
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("cannot verify: the manifest");
  });
});
