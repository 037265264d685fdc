import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { parseChainRow, rowHash } from "../../server/audit/canonical";
import { signCheckpoint, type SignedCheckpoint } from "../../server/audit/checkpoint";
import type { CheckpointSettings } from "../../server/audit/checkpointConfig";
import { writeDueCheckpoints } from "../../server/audit/checkpointer";
import { signManifest } from "../../server/audit/manifestSignature";
import { leafHash, treeHash } from "../../server/audit/merkle";
import { parseSigningKey, rawPublicKey } from "../../server/audit/signingKey";
import { verifyExport, type ExportManifest } from "../../server/audit/verifyExport";
import type { StaffActor } from "../../server/auth/actor";
import { drainExport, findManifest, prepareExport } from "../../server/compliance/export";
import { prepareExportProofs } from "../../server/compliance/exportProofs";
import { auditLogFilters, type AuditLogFilters } from "../../server/compliance/filters";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";
import { insertStaff } from "./support";

/**
 * Issue #13 §2: prove membership, not only continuity. Each signed checkpoint also signs an
 * RFC 9162 Merkle root over rows 1..seq; a filtered export's proofs file gives each row's
 * inclusion proof, so a regulator holding a few rows checks them against the signed history
 * without the rest. The TypeScript verifier (npm run audit:verify) and tools/verify_audit.py
 * must accept genuine proofs and refuse, naming the row, every forgery below.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const database = useFreshDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-membership-"));
const seed = crypto.randomBytes(32).toString("base64");
const key = parseSigningKey(seed, "test key");
const publicKey = rawPublicKey(key.publicKey).toString("base64");
const checkpointFile = path.join(dir, "checkpoints.jsonl");
const settings: CheckpointSettings = {
  everyRows: 5,
  everyMinutes: 60,
  file: checkpointFile,
  signingKey: key,
  trustedKeys: [key],
};
const saved = {
  key: process.env.AUDIT_SIGNING_KEY,
  file: process.env.AUDIT_CHECKPOINT_FILE,
  rows: process.env.AUDIT_CHECKPOINT_ROWS,
};
let actor: StaffActor;
let alice: string;

const writeFile = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};
const readCheckpointLines = (file: string) =>
  fs
    .readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as SignedCheckpoint);
const jsonLines = (file: string) => fs.readFileSync(file, "utf8").trimEnd().split("\n");

function python(args: string[]) {
  const run = spawnSync("python3", ["-S", "-X", "utf8", path.join(root, "tools/verify_audit.py"), ...args], {
    encoding: "utf8",
  });
  if (run.error) throw new Error(`python3 could not be run: ${run.error.message}`);
  return run;
}

beforeAll(async () => {
  process.env.AUDIT_SIGNING_KEY = seed;
  process.env.AUDIT_CHECKPOINT_FILE = checkpointFile;
  process.env.AUDIT_CHECKPOINT_ROWS = "5";
  const db = database();
  actor = await insertStaff(db);
  alice = await insertUser(db);
  for (let i = 0; i < 23; i++) {
    await db.rows(sql`INSERT INTO compliance_logs (user_id, action_type, metadata, regulatory_framework)
      VALUES (${i % 4 === 1 ? alice : null}, ${i % 2 ? "ai_disclosure" : "data_access_request"},
        ${JSON.stringify({ i, amount: 1.5, note: `row ${i}` })}::jsonb, ${i % 2 ? "sb_243" : "gdpr"})`);
  }
  // Boundaries only (every 5 rows): the export's last rows are after the last checkpoint.
  await writeDueCheckpoints(db, settings, { last: null });
});
afterAll(() => {
  for (const [name, value] of [
    ["AUDIT_SIGNING_KEY", saved.key],
    ["AUDIT_CHECKPOINT_FILE", saved.file],
    ["AUDIT_CHECKPOINT_ROWS", saved.rows],
  ] as const)
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  fs.rmSync(dir, { recursive: true, force: true });
});

let exports = 0;
/** An export, its manifest as served, and its proofs file, as a regulator would be given them. */
async function exportWithProofs(filters: AuditLogFilters) {
  const prepared = await prepareExport(database(), actor, { source: "compliance_logs", format: "jsonl", filters });
  const chunks: Uint8Array[] = [];
  await drainExport(prepared, (chunk) => void chunks.push(chunk));
  const name = `export-${++exports}`;
  const file = writeFile(`${name}.jsonl`, Buffer.concat(chunks));
  const manifest = (await findManifest(database(), prepared.exportId))!;
  const manifestFile = writeFile(`${name}.manifest.json`, JSON.stringify(manifest, null, 2));
  const proofs = await prepareExportProofs(database(), manifest, filters);
  if (!proofs.ok) throw new Error(proofs.message);
  let text = "";
  for await (const line of proofs.lines) text += line;
  const proofsFile = writeFile(`${name}.proofs.jsonl`, text);
  return { file, manifest, manifestFile, proofsFile };
}
const seqsOf = (file: string) => jsonLines(file).map((l) => (JSON.parse(l) as { seq: number }).seq);
type ProofsLine = { checkpoint?: SignedCheckpoint; proof?: { seq: number; checkpoint: number; path: string[] } };
const proofsOf = (file: string) => jsonLines(file).map((l) => JSON.parse(l) as ProofsLine);
const writeProofs = (name: string, lines: ProofsLine[]) =>
  writeFile(name, lines.map((l) => `${JSON.stringify(l)}\n`).join(""));

/** Both verifiers on the same files: the TypeScript problems, and Python's exit status and output. */
async function bothVerifiers(file: string, manifest: ExportManifest, manifestFile: string, proofsFile: string) {
  const ts = await verifyExport(file, manifest, [key], { proofs: proofsFile });
  const py = python([file, manifestFile, "--public-key", publicKey, "--proofs", proofsFile]);
  return { ts, py };
}

const filters = () => auditLogFilters.parse({ userId: alice });

describe("membership proofs for a filtered export (RFC 9162 inclusion proofs against signed roots)", () => {
  it("proves each of a few exported rows a member of the chain signed at a checkpoint, in both verifiers", async () => {
    const { file, manifest, manifestFile, proofsFile } = await exportWithProofs(filters());
    const seqs = seqsOf(file);
    expect(seqs.length).toBeGreaterThanOrEqual(5);
    expect(manifest.filtered).toBe(true);
    // The last rows were after the last boundary: the head was signed for them, with a root.
    const lines = readCheckpointLines(checkpointFile);
    expect(lines.every((c) => c.v === 2 && /^[0-9a-f]{64}$/.test(c.root!))).toBe(true);
    expect(lines.at(-1)!.seq).toBeGreaterThanOrEqual(seqs.at(-1)!);

    const proofs = proofsOf(proofsFile);
    expect(proofs.filter((l) => l.proof).map((l) => l.proof!.seq)).toEqual(seqs);
    // Each proof names the first signed checkpoint at or after its row, held in the file before it.
    const held = new Set<number>();
    for (const line of proofs) {
      if (line.checkpoint) {
        expect(line.checkpoint).not.toHaveProperty("frontier");
        held.add(line.checkpoint.seq);
      } else {
        expect(held.has(line.proof!.checkpoint)).toBe(true);
        const next = lines.filter((c) => c.seq >= line.proof!.seq).map((c) => c.seq);
        expect(line.proof!.checkpoint).toBe(Math.min(...next));
      }
    }

    const { ts, py } = await bothVerifiers(file, manifest, manifestFile, proofsFile);
    expect(ts.problems).toEqual([]);
    expect(ts.membership?.proven).toBe(seqs.length);
    expect(py.stderr).toBe("");
    expect(py.status).toBe(0);
    expect(py.stdout).toContain(`${seqs.length} of ${seqs.length} rows proven members of the signed audit chain`);
    const first = ts.membership!.byCheckpoint[0];
    expect(py.stdout).toContain(`at the checkpoint of seq ${first.seq}, signed ${first.at} by key ${key.keyId}`);
  });

  it("npm run audit:verify says what it proved, and exits non-zero on doubt", async () => {
    const { file, manifestFile, proofsFile } = await exportWithProofs(filters());
    const cli = (proofs: string) =>
      spawnSync(
        path.join(root, "node_modules/.bin/tsx"),
        [path.join(root, "scripts/audit-verify.ts"), file, manifestFile, "--proofs", proofs],
        { encoding: "utf8", env: { ...process.env, AUDIT_VERIFY_KEY: publicKey } },
      );
    const ok = cli(proofsFile);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const rows = seqsOf(file).length;
    expect(ok.stdout).toContain(`${rows} of ${rows} rows proven members of the signed audit chain`);
    expect(ok.stdout).toMatch(/at the checkpoint of seq \d+ signed \d{4}-\d\d-\d\dT/);
    expect(ok.stdout).toMatch(/chain segment\(s\)/);
    expect(ok.stdout).toMatch(/dated \d{4}-.* to \d{4}-/);

    const lines = proofsOf(proofsFile).filter((l) => !(l.proof && l.proof.seq === seqsOf(file)[0]));
    const missing = cli(writeProofs("cli-missing.proofs.jsonl", lines));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`seq ${seqsOf(file)[0]}: no membership proof in the proofs file`);
  });

  it("refuses a row whose content was altered and re-hashed, naming it, even under a re-signed manifest", async () => {
    const { file, manifest, proofsFile } = await exportWithProofs(filters());
    const lines = jsonLines(file);
    const target = 1;
    const row = parseChainRow(lines[target]);
    const altered = { ...row, action_type: "crisis_referral" };
    const rehashed = lines[target]
      .replace(`"action_type" : "${row.action_type}"`, `"action_type" : "${altered.action_type}"`)
      .replace(`"hash" : "${row.hash}"`, `"hash" : "${rowHash(altered)}"`);
    lines[target] = rehashed;
    const forged = Buffer.from(lines.map((l) => `${l}\n`).join(""));
    const forgedFile = writeFile("altered.jsonl", forged);
    // An insider with the key re-signs the manifest: content hashes and the manifest now agree.
    const resigned = signManifest(
      {
        ...manifest,
        signature: undefined,
        sha256: crypto.createHash("sha256").update(forged).digest("hex"),
        bytes: forged.length,
      },
      key,
    );
    const resignedFile = writeFile("altered.manifest.json", JSON.stringify(resigned, null, 2));
    const { ts, py } = await bothVerifiers(forgedFile, resigned, resignedFile, proofsFile);
    const why = `seq ${row.seq}: not a member of the history signed at seq`;
    expect(ts.problems).toHaveLength(1);
    expect(ts.problems[0]).toContain(why);
    expect(py.status).toBe(1);
    expect(py.stderr).toContain("The export does NOT verify: 1 problem.");
    expect(py.stderr).toContain(why);
  });

  it("refuses a proof for the wrong index, and one against a checkpoint the file does not hold, naming the rows", async () => {
    const { file, manifest, manifestFile, proofsFile } = await exportWithProofs(filters());
    const lines = proofsOf(proofsFile);
    const proofs = lines.filter((l) => l.proof).map((l) => l.proof!);
    const [a, b, c] = proofs;
    // Row a carries row b's (genuine) path: a proof, but for another index.
    const swapped = lines.map((l) => (l.proof?.seq === a.seq ? { proof: { ...a, path: b.path } } : l));
    const wrong = await bothVerifiers(file, manifest, manifestFile, writeProofs("wrong-index.proofs.jsonl", swapped));
    const why = `seq ${a.seq}: not a member of the history signed at seq ${a.checkpoint}`;
    expect(wrong.ts.problems).toEqual([expect.stringContaining(why)]);
    expect(wrong.py.status).toBe(1);
    expect(wrong.py.stderr).toContain(why);

    // Row c's proof is moved to a root no signed checkpoint in the file vouches for.
    const unsigned = lines.map((l) => (l.proof?.seq === c.seq ? { proof: { ...c, checkpoint: 999_999 } } : l));
    const nowhere = await bothVerifiers(file, manifest, manifestFile, writeProofs("no-root.proofs.jsonl", unsigned));
    const missing = `seq ${c.seq}: its proof is against checkpoint 999999, which the proofs file does not hold`;
    expect(nowhere.ts.problems).toEqual([missing]);
    expect(nowhere.py.status).toBe(1);
    expect(nowhere.py.stderr).toContain(missing);

    // A root someone computed over a forged history, in a checkpoint signed by a key nobody trusts.
    const stranger = parseSigningKey(crypto.randomBytes(32).toString("base64"), "stranger");
    const rogue = lines.map((l) =>
      l.checkpoint?.seq === a.checkpoint
        ? { checkpoint: signCheckpoint({ ...l.checkpoint, root: "ab".repeat(32) }, stranger) }
        : l,
    );
    const untrusted = await bothVerifiers(file, manifest, manifestFile, writeProofs("rogue.proofs.jsonl", rogue));
    expect(untrusted.ts.problems).toEqual(
      expect.arrayContaining([expect.stringContaining(`seq ${a.seq}: not proven a member: the checkpoint of seq`)]),
    );
    expect(untrusted.py.status).toBe(1);
    expect(untrusted.py.stderr).toContain(`seq ${a.seq}: not proven a member: the checkpoint of seq ${a.checkpoint}`);
    expect(untrusted.py.stderr).toContain("which is not a key you trust");
  });

  it("refuses every row proven against a checkpoint whose root was changed (its signature fails)", async () => {
    const { file, manifest, manifestFile, proofsFile } = await exportWithProofs(filters());
    const lines = proofsOf(proofsFile);
    const target = lines.find((l) => l.checkpoint)!.checkpoint!;
    const edited = lines.map((l) =>
      l.checkpoint?.seq === target.seq ? { checkpoint: { ...l.checkpoint, root: "0".repeat(64) } } : l,
    );
    const rows = lines.filter((l) => l.proof?.checkpoint === target.seq).map((l) => l.proof!.seq);
    expect(rows.length).toBeGreaterThan(0);
    const { ts, py } = await bothVerifiers(file, manifest, manifestFile, writeProofs("root.proofs.jsonl", edited));
    expect(ts.problems).toContain("proofs line 1: checkpoint refused: bad signature");
    expect(py.stderr).toContain("proofs line 1: checkpoint refused: its signature does not match its content");
    for (const seq of rows) {
      const why = `seq ${seq}: not proven a member: the checkpoint of seq ${target.seq} it is proven against is refused`;
      expect(ts.problems).toEqual(expect.arrayContaining([expect.stringContaining(why)]));
      expect(py.stderr).toContain(why);
    }
    expect(py.status).toBe(1);
  });

  it("says membership is not provable against a version 1 checkpoint (no Merkle root) instead of passing it", async () => {
    const { file, manifest, manifestFile, proofsFile } = await exportWithProofs(filters());
    const lines = proofsOf(proofsFile);
    const old = lines.map((l) => {
      if (!l.checkpoint) return l;
      const { seq, hash, at } = l.checkpoint;
      return { checkpoint: signCheckpoint({ seq, hash, at }, key) };
    });
    const { ts, py } = await bothVerifiers(file, manifest, manifestFile, writeProofs("v1.proofs.jsonl", old));
    const first = lines.find((l) => l.proof)!.proof!;
    const why = `seq ${first.seq}: membership not provable: the checkpoint of seq ${first.checkpoint} has no Merkle root`;
    expect(ts.problems).toEqual(expect.arrayContaining([expect.stringContaining(why)]));
    expect(py.status).toBe(1);
    expect(py.stderr).toContain(why);
    // Without a proofs file, the verifier says membership was not checked (continuity only, as before).
    const plain = python([file, manifestFile, "--public-key", publicKey]);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain("Membership of the signed chain was not checked");
  });

  it("gives no proof when the database no longer matches the signed root", async () => {
    const { manifest } = await exportWithProofs(filters());
    const seq = 3;
    await database().exec(`
      ALTER TABLE compliance_logs DISABLE TRIGGER trg_compliance_logs_append_only;
      UPDATE compliance_logs SET hash = repeat('e', 64) WHERE seq = ${seq};
      ALTER TABLE compliance_logs ENABLE TRIGGER trg_compliance_logs_append_only;`);
    try {
      const proofs = await prepareExportProofs(database(), manifest, filters());
      if (!proofs.ok) throw new Error(proofs.message);
      const drain = async () => {
        for await (const line of proofs.lines) void line;
      };
      await expect(drain()).rejects.toThrow(/no longer match the checkpoint signed at/);
    } finally {
      const [row] = await database().rows<{ hash: string }>(sql`
        SELECT compliance_log_hash(seq, id, user_id, staff_id, action_type, regulatory_framework, "timestamp", metadata, prev_hash) AS hash
        FROM compliance_logs WHERE seq = ${seq}`);
      await database().exec(`
        ALTER TABLE compliance_logs DISABLE TRIGGER trg_compliance_logs_append_only;
        UPDATE compliance_logs SET hash = '${row.hash}' WHERE seq = ${seq};
        ALTER TABLE compliance_logs ENABLE TRIGGER trg_compliance_logs_append_only;`);
    }
  });
});

describe("signed Merkle roots in checkpoints", () => {
  const allLeaves = async () =>
    (await database().rows<{ hash: string }>(sql`SELECT hash FROM compliance_logs ORDER BY seq`)).map((r) =>
      leafHash(r.hash),
    );

  it("continues the tree from the last checkpoint's frontier: each root equals a full recomputation", async () => {
    const file = path.join(dir, "continued.jsonl");
    const s = { ...settings, file, everyRows: 4 };
    await writeDueCheckpoints(database(), s, { last: null }, { headNow: true });
    await database().rows(sql`INSERT INTO compliance_logs (action_type, regulatory_framework)
      SELECT 'continued_' || g, 'gdpr' FROM generate_series(1, 7) g`);
    // A fresh state, as after a restart: the tree resumes from the file, not from seq 1.
    const run = await writeDueCheckpoints(database(), s, { last: null }, { headNow: true });
    expect(run.written.length).toBeGreaterThan(0);
    const leaves = await allLeaves();
    for (const c of readCheckpointLines(file)) {
      expect(c.v).toBe(2);
      expect(c.root).toBe(treeHash(leaves.slice(0, c.seq)).toString("hex"));
    }
  });

  it("upgrades a file of version 1 checkpoints: every boundary is signed again with its root", async () => {
    const file = path.join(dir, "upgraded.jsonl");
    const head = (await allLeaves()).length;
    // Written the old way: hash only.
    const [row] = await database().rows<{ hash: string }>(sql`SELECT hash FROM compliance_logs WHERE seq = ${head}`);
    fs.writeFileSync(
      file,
      `${JSON.stringify(signCheckpoint({ seq: head, hash: row.hash, at: new Date().toISOString() }, key))}\n`,
    );
    const run = await writeDueCheckpoints(
      database(),
      { ...settings, file, everyRows: 10 },
      { last: null },
      { headNow: true },
    );
    const leaves = await allLeaves();
    const expected = [...Array.from({ length: Math.floor(head / 10) }, (_, i) => (i + 1) * 10), head];
    expect(run.written.map((c) => c.seq)).toEqual([...new Set(expected)]);
    for (const c of run.written) expect(c.root).toBe(treeHash(leaves.slice(0, c.seq)).toString("hex"));
  });
});
