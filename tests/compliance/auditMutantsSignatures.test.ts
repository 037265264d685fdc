import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  appendCheckpoints,
  checkpointSignedText,
  lastCheckpoint,
  readCheckpoints,
  refusal,
  signCheckpoint,
  type CheckpointLine,
} from "@/server/audit/checkpoint";
import { manifestSignatureProblem, manifestSignedText, signManifest } from "@/server/audit/manifestSignature";
import { keyIdOf, loadKeyFile, parseSigningKey, parseVerifyKey, rawPublicKey } from "@/server/audit/signingKey";

/**
 * Issue #13 §5 (mutation testing): the signing key formats, checkpoint lines and manifest
 * signatures of docs/audit-format.md §6–§7, checked against the document's literal examples. The
 * example key is the publicly known seed 00 01 … 1f; Ed25519 (RFC 8032) signatures are
 * deterministic, so signing the documented texts with it must give the documented signatures.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-audit-mutants-signatures-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// docs/audit-format.md §7, "Example".
const seedBase64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const publicKeyBase64 = "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=";
const keyId = "56475aa75463474c";
const rowHash3 = "3a0d0b31ab833a85a7d37ad69f66d9b55bb571f2e9fa237aa61a49cf3f8832d8";
const root3 = "368208731f38af32293e785d46d869c42e1b5c7ff5d5b005e165a8ff1b0484f0";
const at = "2026-02-01T00:05:00.000Z";
const sigV1 = "TihHw5QVgwqqOPkljR3tlvrU25WrPdas1husmqD9YKZ9jX3Op9lOHrPSScmJfolt9NWp6cP+MBlwZF8K4k/OAg==";
const sigV2 = "iWPgd1yDx31xwGNvlamgZcrEEpP/2JIE8osyuKOjpSCcSvprQvOV+CSOfZ9/tN/jI7Os2CARtQUXhTG+775IAQ==";
const frontier3 = [
  "b3f14b8c28c05e3a96d22200ff831b0476e16c15782c0fde8c2ad00df5936e54",
  "a8dfa9190f556f442eeff319a1077d34c6bf3a08bd269705a44da927f0a4817e",
];
const lineV1 = { v: 1, seq: 3, hash: rowHash3, at, key: keyId, sig: sigV1 } as const;
const lineV2 = { v: 2, seq: 3, hash: rowHash3, root: root3, at, key: keyId, sig: sigV2, frontier: frontier3 } as const;

// RFC 8410 DER prefixes (the document gives the SPKI one: 302a300506032b6570032100).
const pkcs8Pem = (seed: Buffer) =>
  `-----BEGIN PRIVATE KEY-----\n${Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]).toString("base64")}\n-----END PRIVATE KEY-----\n`;
const spkiPem = (raw: Buffer) =>
  `-----BEGIN PUBLIC KEY-----\n${Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]).toString("base64")}\n-----END PUBLIC KEY-----\n`;

const exampleKey = parseSigningKey(seedBase64, "example");
const trusted = [{ publicKey: exampleKey.publicKey, keyId: exampleKey.keyId }];
const other = parseSigningKey(Buffer.alloc(32, 7).toString("base64"), "other");

describe("signing keys (docs/audit-format.md §7, The key)", () => {
  it("reads the example seed: its raw public key and key id are the documented ones", () => {
    expect(exampleKey.keyId).toBe(keyId);
    expect(rawPublicKey(exampleKey.publicKey).toString("base64")).toBe(publicKeyBase64);
    expect(keyIdOf(exampleKey.publicKey)).toBe(keyId);
    expect(exampleKey.privateKey.asymmetricKeyType).toBe("ed25519");
    expect(exampleKey.publicKey.type).toBe("public");
  });

  it("reads the same key as a PKCS#8 PEM, and a seed with blanks around or inside its base64", () => {
    const seed = Buffer.from(seedBase64, "base64");
    expect(parseSigningKey(pkcs8Pem(seed), "pem").keyId).toBe(keyId);
    expect(parseSigningKey(`  \n${pkcs8Pem(seed)}\n\n`, "pem").keyId).toBe(keyId);
    expect(parseSigningKey(`\n ${seedBase64} \n`, "seed").keyId).toBe(keyId);
    expect(parseSigningKey(`${seedBase64.slice(0, 20)}\n${seedBase64.slice(20)}`, "seed").keyId).toBe(keyId);
  });

  it.each([
    ["a 31-byte seed", Buffer.alloc(31, 1).toString("base64")],
    ["a 33-byte seed", Buffer.alloc(33, 1).toString("base64")],
    ["text that is not base64", "not a key at all, not base64!"],
    ["an empty value", ""],
    ["base64 with trailing garbage", `${seedBase64}!!`],
  ])("refuses %s as a signing key, naming its source", (_, text) => {
    expect(() => parseSigningKey(text, "AUDIT_SIGNING_KEY")).toThrow(
      new Error("AUDIT_SIGNING_KEY is neither a PKCS#8 PEM nor the base64 of a 32-byte Ed25519 seed"),
    );
  });

  it("refuses an unreadable PEM, and a PEM key that is not Ed25519, saying which", () => {
    expect(() =>
      parseSigningKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "AUDIT_SIGNING_KEY"),
    ).toThrow(new Error("AUDIT_SIGNING_KEY is not a readable PKCS#8 PEM private key"));
    const ec = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const ecPem = ec.privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    expect(() => parseSigningKey(ecPem, "key.pem")).toThrow(
      new Error("key.pem is a ec key; audit checkpoints need an Ed25519 key"),
    );
    const ecPublic = ec.publicKey.export({ format: "pem", type: "spki" }).toString();
    expect(() => parseVerifyKey(ecPublic, "AUDIT_VERIFY_KEY")).toThrow(
      new Error("AUDIT_VERIFY_KEY is not an Ed25519 public key"),
    );
  });

  it("reads a verify key as the base64 raw key or an SPKI PEM, and refuses anything else", () => {
    const raw = Buffer.from(publicKeyBase64, "base64");
    expect(parseVerifyKey(publicKeyBase64, "k").keyId).toBe(keyId);
    expect(parseVerifyKey(`  ${publicKeyBase64}\n`, "k").keyId).toBe(keyId);
    expect(parseVerifyKey(spkiPem(raw), "k").keyId).toBe(keyId);
    const key = parseVerifyKey(spkiPem(raw), "k");
    expect(rawPublicKey(key.publicKey).toString("base64")).toBe(publicKeyBase64);
    const refused = new Error(
      "AUDIT_VERIFY_KEY is neither an SPKI PEM nor the base64 of a raw 32-byte Ed25519 public key",
    );
    expect(() => parseVerifyKey(Buffer.alloc(31).toString("base64"), "AUDIT_VERIFY_KEY")).toThrow(refused);
    expect(() => parseVerifyKey(Buffer.alloc(33).toString("base64"), "AUDIT_VERIFY_KEY")).toThrow(refused);
    expect(() =>
      parseVerifyKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "AUDIT_VERIFY_KEY"),
    ).toThrow(refused);
  });

  it("loads a key file, creates one (mode 0600, a PKCS#8 PEM, in a new directory) only when asked", () => {
    const file = path.join(dir, "keys", "nested", "signing-key.pem");
    expect(loadKeyFile(file, false)).toBeNull();
    expect(fs.existsSync(file)).toBe(false);
    const created = loadKeyFile(file, true)!;
    expect(created.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/);
    // Loaded again (created or not), it is the same key, never a new one.
    expect(loadKeyFile(file, true)!.keyId).toBe(created.keyId);
    expect(loadKeyFile(file, false)!.keyId).toBe(created.keyId);

    const seedFile = path.join(dir, "seed-key");
    fs.writeFileSync(seedFile, `${seedBase64}\n`);
    expect(loadKeyFile(seedFile, false)!.keyId).toBe(keyId);
    const bad = path.join(dir, "bad-key");
    fs.writeFileSync(bad, "nonsense");
    expect(() => loadKeyFile(bad, true)).toThrow(`${bad} is neither a PKCS#8 PEM nor the base64`);
  });
});

describe("checkpoint lines (docs/audit-format.md §7)", () => {
  it("signs the documented texts, version 1 without a root and version 2 with it", () => {
    expect(checkpointSignedText({ seq: 3, hash: rowHash3, at })).toBe(
      `saltbitter-audit-checkpoint v1\nseq=3\nhash=${rowHash3}\nat=${at}`,
    );
    expect(checkpointSignedText({ seq: 3, hash: rowHash3, at, root: root3 })).toBe(
      `saltbitter-audit-checkpoint v2\nseq=3\nhash=${rowHash3}\nroot=${root3}\nat=${at}`,
    );
    expect(signCheckpoint({ seq: 3, hash: rowHash3, at }, exampleKey)).toEqual(lineV1);
    // A frontier given for a version 1 checkpoint is not kept: version 1 lines have none.
    expect(signCheckpoint({ seq: 3, hash: rowHash3, at }, exampleKey, frontier3)).toEqual(lineV1);
    expect(signCheckpoint({ seq: 3, hash: rowHash3, at, root: root3 }, exampleKey, frontier3)).toEqual(lineV2);
    const { frontier: _unused, ...withoutFrontier } = lineV2;
    void _unused;
    const bare = signCheckpoint({ seq: 3, hash: rowHash3, at, root: root3 }, exampleKey);
    expect(bare).toEqual(withoutFrontier);
    expect("frontier" in bare).toBe(false);
    // The documented lines, member order included.
    expect(JSON.stringify(signCheckpoint({ seq: 3, hash: rowHash3, at, root: root3 }, exampleKey, frontier3))).toBe(
      JSON.stringify(lineV2),
    );
  });

  it("accepts the documented lines from a trusted key", () => {
    expect(refusal(lineV1, trusted)).toBeNull();
    expect(refusal(lineV2, trusted)).toBeNull();
    // frontier is not signed: it may be absent, and a version 1 line's members beyond its own are ignored.
    const { frontier: _unused, ...noFrontier } = lineV2;
    void _unused;
    expect(refusal(noFrontier, trusted)).toBeNull();
    expect(refusal({ ...lineV1, root: "junk", frontier: "junk" }, trusted)).toBeNull();
    expect(refusal(lineV1, [{ publicKey: other.publicKey, keyId: other.keyId }, ...trusted])).toBeNull();
  });

  it.each<[string, unknown, string]>([
    ["null", null, "not a JSON object"],
    ["a string", "line", "not a JSON object"],
    ["a number", 3, "not a JSON object"],
    ["version 3", { ...lineV1, v: 3 }, "unknown checkpoint version 3"],
    ["version '1'", { ...lineV1, v: "1" }, 'unknown checkpoint version "1"'],
    ["no version", { seq: 3 }, "unknown checkpoint version undefined"],
    ["seq 0", { ...lineV1, seq: 0 }, "seq is not a positive integer"],
    ["seq -3", { ...lineV1, seq: -3 }, "seq is not a positive integer"],
    ["seq 2.5", { ...lineV1, seq: 2.5 }, "seq is not a positive integer"],
    ["seq '3'", { ...lineV1, seq: "3" }, "seq is not a positive integer"],
    ["no seq", { ...lineV1, seq: undefined }, "seq is not a positive integer"],
    ["an uppercase hash", { ...lineV1, hash: rowHash3.toUpperCase() }, "hash is not 64 hex digits"],
    ["a 63-digit hash", { ...lineV1, hash: rowHash3.slice(1) }, "hash is not 64 hex digits"],
    ["a 65-digit hash", { ...lineV1, hash: `${rowHash3}0` }, "hash is not 64 hex digits"],
    ["a hash that is not a string", { ...lineV1, hash: 5 }, "hash is not 64 hex digits"],
    ["a version 2 line without a root", { ...lineV2, root: undefined }, "root is not 64 hex digits"],
    ["a version 2 line with a short root", { ...lineV2, root: root3.slice(2) }, "root is not 64 hex digits"],
    ["a root with text around it", { ...lineV2, root: `x${root3}` }, "root is not 64 hex digits"],
    [
      "a frontier that is not a list",
      { ...lineV2, frontier: frontier3[0] },
      "frontier is not a list of 64 hex digit hashes",
    ],
    [
      "a frontier with a bad hash",
      { ...lineV2, frontier: [frontier3[0], "zz"] },
      "frontier is not a list of 64 hex digit hashes",
    ],
    ["an at that is not a time", { ...lineV1, at: "yesterday" }, "at is not a time"],
    ["an at that is not a string", { ...lineV1, at: 1_700_000_000_000 }, "at is not a time"],
    ["no signature", { ...lineV1, sig: undefined }, "no signature"],
    [
      "an unknown key",
      { ...lineV1, key: "0123456789abcdef" },
      'signed by key "0123456789abcdef", which is not trusted (AUDIT_SIGNING_KEY / AUDIT_VERIFY_KEY)',
    ],
    ["another hash", { ...lineV1, hash: "f".repeat(64) }, "bad signature"],
    ["another seq", { ...lineV1, seq: 4 }, "bad signature"],
    ["another time", { ...lineV1, at: "2026-02-01T00:05:00.001Z" }, "bad signature"],
    ["another root", { ...lineV2, root: "e".repeat(64) }, "bad signature"],
    // A version 2 signature does not verify as version 1 (the text differs), nor the reverse.
    ["a version 2 line relabelled 1", { ...lineV2, v: 1 }, "bad signature"],
    ["a version 1 line relabelled 2", { ...lineV1, v: 2, root: root3 }, "bad signature"],
  ])("refuses %s", (_, line, reason) => {
    expect(refusal(line, trusted)).toBe(reason);
  });

  it("names no key to trust when none is given", () => {
    expect(refusal(lineV1, [])).toBe(
      `signed by key "${keyId}", which is not trusted (AUDIT_SIGNING_KEY / AUDIT_VERIFY_KEY)`,
    );
  });
});

describe("the checkpoint file", () => {
  const v1 = (seq: number) => signCheckpoint({ seq, hash: rowHash3, at }, exampleKey);

  it("appends lines (creating the directory, mode 0640) and writes nothing for nothing", () => {
    const file = path.join(dir, "append", "deep", "checkpoints.jsonl");
    appendCheckpoints(file, []);
    expect(fs.existsSync(path.dirname(file))).toBe(false);
    appendCheckpoints(file, [v1(1), v1(2)]);
    appendCheckpoints(file, [v1(3)]);
    expect(fs.readFileSync(file, "utf8")).toBe(
      `${JSON.stringify(v1(1))}\n${JSON.stringify(v1(2))}\n${JSON.stringify(v1(3))}\n`,
    );
    expect(fs.statSync(file).mode & 0o777).toBe(0o640 & ~process.umask());
  });

  it("reads each line with its number, skipping blank ones and naming refused ones", async () => {
    const file = path.join(dir, "read.jsonl");
    const lines = [
      JSON.stringify(lineV1),
      "",
      "   ",
      "{nope",
      JSON.stringify({ ...lineV1, sig: sigV2 }),
      JSON.stringify(lineV2),
    ];
    fs.writeFileSync(file, lines.join("\r\n") + "\n");
    const read: CheckpointLine[] = [];
    for await (const entry of readCheckpoints(file, trusted)) read.push(entry);
    expect(read).toEqual([
      { line: 1, checkpoint: lineV1 },
      { line: 4, refused: "not valid JSON" },
      { line: 5, refused: "bad signature" },
      { line: 6, checkpoint: lineV2 },
    ]);
    const none: CheckpointLine[] = [];
    for await (const entry of readCheckpoints(path.join(dir, "absent.jsonl"), trusted)) none.push(entry);
    expect(none).toEqual([]);
  });

  it("finds the last trusted (and accepted) checkpoint from the file's end", () => {
    expect(lastCheckpoint(path.join(dir, "absent.jsonl"), trusted)).toBeNull();
    const file = path.join(dir, "last.jsonl");
    fs.writeFileSync(
      file,
      [JSON.stringify(v1(1)), JSON.stringify(lineV2), JSON.stringify({ ...v1(4), sig: sigV2 }), "{partial"].join("\n"),
    );
    // The line for seq 4 carries a signature that does not verify: the one before it is the last.
    expect(lastCheckpoint(file, trusted)).toEqual(lineV2);
    expect(lastCheckpoint(file, trusted, (c) => c.v === 1)).toEqual(v1(1));
    expect(lastCheckpoint(file, trusted, () => false)).toBeNull();
    expect(lastCheckpoint(file, [])).toBeNull();
    // The first line alone.
    const single = path.join(dir, "single.jsonl");
    fs.writeFileSync(single, JSON.stringify(v1(1)));
    expect(lastCheckpoint(single, trusted)).toEqual(v1(1));
  });

  it("reads only the last 64 KiB, never trusting the line its window starts in", () => {
    const line = JSON.stringify(v1(1));
    const big = path.join(dir, "big.jsonl");
    // 100 KiB of blank padding after the only checkpoint: it lies before the window.
    fs.writeFileSync(big, `${line}\n${" ".repeat(100 * 1024)}\n`);
    expect(lastCheckpoint(big, trusted)).toBeNull();
    // A checkpoint well inside the last 64 KiB is found, after 100 KiB of lines before it.
    fs.writeFileSync(big, `${"x".repeat(100 * 1024)}\n${line}\n${" ".repeat(1000)}\n`);
    expect(lastCheckpoint(big, trusted)).toEqual(v1(1));
    // The window starting exactly at a whole line's first byte: that line cannot be told from a
    // cut one, so it is not used.
    const tail = `${line}\n${"y".repeat(64 * 1024 - line.length - 1)}`;
    expect(Buffer.byteLength(tail)).toBe(64 * 1024);
    fs.writeFileSync(big, `${"z".repeat(10)}\n${tail}`);
    expect(lastCheckpoint(big, trusted)).toBeNull();
    // One byte more of window (the file is exactly 64 KiB): the same line is read whole.
    fs.writeFileSync(big, tail);
    expect(lastCheckpoint(big, trusted)).toEqual(v1(1));
  });
});

describe("export manifest signatures (docs/audit-format.md §6)", () => {
  // The document's complete example.
  const manifest = {
    exportId: "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6",
    source: "compliance_logs",
    format: "jsonl",
    fileName: "compliance_logs-2026-02-01T00-10-00-000Z.jsonl",
    filters: { fields: [] as string[], valuesHmac: null },
    filtered: false,
    rowCount: 3,
    firstSeq: 1,
    lastSeq: 3,
    chainHead: { seq: 3, hash: rowHash3 },
    sha256: "b5202cf55f7057e71ce285eadef48212d3c85fc1b35c025be700773639a21948",
    bytes: 2015,
    exportedAt: "2026-02-01T00:10:00.000Z",
    exportedBy: {
      staffId: "4f1e2d3c-5b6a-4978-8a9b-0c1d2e3f4a51",
      email: "officer@saltbitter.example",
      name: "Olga Officer",
      role: "compliance_officer",
    },
  };
  const signature = {
    v: 1 as const,
    key: keyId,
    sig: "JRUSWjK4L8+Wye9ch4sYRBFARpxtrLk1DOngjMWAF6puEg4LcMxxihpMAFubJpFO02rT8izJ4bIXBB7y8ko3BQ==",
  };
  const signedText =
    "saltbitter-export-manifest v1\n" +
    `{"bytes":2015,"chainHead":{"hash":"${rowHash3}","seq":3},"exportId":"d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6","exportedAt":"2026-02-01T00:10:00.000Z","exportedBy":{"email":"officer@saltbitter.example","name":"Olga Officer","role":"compliance_officer","staffId":"4f1e2d3c-5b6a-4978-8a9b-0c1d2e3f4a51"},"fileName":"compliance_logs-2026-02-01T00-10-00-000Z.jsonl","filtered":false,"filters":{"fields":[],"valuesHmac":null},"firstSeq":1,"format":"jsonl","lastSeq":3,"rowCount":3,"sha256":"b5202cf55f7057e71ce285eadef48212d3c85fc1b35c025be700773639a21948","source":"compliance_logs"}`;

  it("signs the documented text, giving the documented signature", () => {
    expect(manifestSignedText(manifest)).toBe(signedText);
    expect(manifestSignedText({ ...manifest, signature })).toBe(signedText);
    const signed = signManifest(manifest, exampleKey);
    expect(signed).toEqual({ ...manifest, signature });
    expect(manifestSignatureProblem(signed, trusted)).toBeNull();
  });

  it("sorts keys at every depth, inside arrays too, keeping nulls and array order", () => {
    expect(manifestSignedText({ b: [{ d: 1, c: [3, 1] }, null, "x"], a: null, c: { z: { y: true, x: false } } })).toBe(
      'saltbitter-export-manifest v1\n{"a":null,"b":[{"c":[3,1],"d":1},null,"x"],"c":{"z":{"x":false,"y":true}}}',
    );
    // UTF-16 code unit order: uppercase before lowercase, "_" between them.
    expect(manifestSignedText({ b: 1, _: 2, B: 3 })).toBe('saltbitter-export-manifest v1\n{"B":3,"_":2,"b":1}');
    expect(manifestSignedText({ skipped: undefined, kept: 0 })).toBe('saltbitter-export-manifest v1\n{"kept":0}');
  });

  it.each<[string, { signature?: unknown }, string]>([
    ["an unsigned manifest", { signature: undefined }, "the manifest is not signed, so it could have been rewritten"],
    ["a null signature", { signature: null }, "the manifest is not signed, so it could have been rewritten"],
    ["signature version 2", { signature: { ...signature, v: 2 } }, "the manifest's signature is malformed"],
    [
      "no signature version",
      { signature: { key: keyId, sig: signature.sig } },
      "the manifest's signature is malformed",
    ],
    ["a signature that is not text", { signature: { ...signature, sig: 5 } }, "the manifest's signature is malformed"],
    [
      "an unknown key",
      { signature: { ...signature, key: "ffffffffffffffff" } },
      'the manifest is signed by key "ffffffffffffffff", which is not a trusted key',
    ],
    [
      "another key's signature",
      { signature: { ...signature, sig: signManifest(manifest, other).signature.sig } },
      "the manifest's signature does not match its content: the manifest was changed after export",
    ],
  ])("refuses %s", (_, change, problem) => {
    expect(manifestSignatureProblem({ ...manifest, ...change } as never, trusted)).toBe(problem);
  });

  it("refuses a manifest changed after signing, and says when there is no key to check with", () => {
    const signed = signManifest(manifest, exampleKey);
    // Through variables: a manifest is a wider object than the signature check's parameter type.
    const recounted = { ...signed, rowCount: 2 };
    const reattributed = { ...signed, exportedBy: { ...signed.exportedBy, role: "admin" } };
    expect(manifestSignatureProblem(recounted, trusted)).toBe(
      "the manifest's signature does not match its content: the manifest was changed after export",
    );
    expect(manifestSignatureProblem(reattributed, trusted)).toBe(
      "the manifest's signature does not match its content: the manifest was changed after export",
    );
    expect(manifestSignatureProblem(signed, [])).toBe(
      "no public key to check the manifest's signature with (--public-key FILE, or AUDIT_VERIFY_KEY)",
    );
    expect(
      manifestSignatureProblem(signed, [{ publicKey: other.publicKey, keyId: other.keyId }, ...trusted]),
    ).toBeNull();
  });
});
