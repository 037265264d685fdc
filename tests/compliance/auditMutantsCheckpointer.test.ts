import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { sql } from "../../db/client";
import { chainHead } from "../../server/audit/chain";
import type { SignedCheckpoint } from "../../server/audit/checkpoint";
import type { CheckpointSettings } from "../../server/audit/checkpointConfig";
import {
  auditAppended,
  checkpointHeadNow,
  startCheckpointer,
  writeDueCheckpoints,
  type CheckpointState,
} from "../../server/audit/checkpointer";
import { parseSigningKey } from "../../server/audit/signingKey";
import { useFreshDatabase } from "../support/database";

/**
 * Issue #13 §5 (mutation testing): the checkpointer (server/audit/checkpointer.ts) writing version 2
 * checkpoints (docs/audit-format.md §7, §7.1): which seqs it signs and when, and what it signs. Each
 * line's root and frontier are recomputed here from RFC 9162 over the database's row hashes, and its
 * signature checked with node:crypto over the text §7 specifies.
 */
const database = useFreshDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-audit-mutants-checkpointer-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const key = parseSigningKey(crypto.randomBytes(32).toString("base64"), "test key");
let files = 0;
const settings = (everyRows: number, everyMinutes = 60): CheckpointSettings => ({
  everyRows,
  everyMinutes,
  file: path.join(dir, `checkpoints-${++files}.jsonl`),
  signingKey: key,
  trustedKeys: [key],
});
const readLines = (file: string) =>
  fs
    .readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as SignedCheckpoint);

const sha = (...parts: Buffer[]) => {
  const h = crypto.createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};
const hex = (b: Buffer) => b.toString("hex");
const kOf = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
/** Row hashes of seq 1..n, as the database holds them. */
const hashes = async () =>
  (await database().rows<{ hash: string }>(sql`SELECT hash FROM compliance_logs WHERE seq > 0 ORDER BY seq`)).map(
    (r) => r.hash,
  );
const leavesOf = (h: string[]) => h.map((x) => sha(Buffer.from([0]), Buffer.from(x, "hex")));
const mth = (l: Buffer[], a: number, b: number): Buffer =>
  b - a === 1 ? l[a] : sha(Buffer.from([1]), mth(l, a, a + kOf(b - a)), mth(l, a + kOf(b - a), b));
const frontierOf = (l: Buffer[], s: number) => {
  const out: string[] = [];
  let start = 0;
  for (let bit = 64; bit >= 1; bit /= 2)
    if (s & bit) {
      out.push(hex(mth(l, start, start + bit)));
      start += bit;
    }
  return out;
};
/** What §7 says a version 2 checkpoint of seq s signed at `at` is, from the database's rows. */
async function expected(s: number, at: string) {
  const h = await hashes();
  const l = leavesOf(h);
  const root = hex(mth(l, 0, s));
  const text = `saltbitter-audit-checkpoint v2\nseq=${s}\nhash=${h[s - 1]}\nroot=${root}\nat=${at}`;
  return { text, line: { v: 2, seq: s, hash: h[s - 1], root, at, key: key.keyId, frontier: frontierOf(l, s) } };
}
async function expectSigned(lines: SignedCheckpoint[], seqs: number[], at: string) {
  expect(lines.map((c) => c.seq)).toEqual(seqs);
  for (const c of lines) {
    const { text, line } = await expected(c.seq, at);
    expect(c).toEqual({ ...line, sig: c.sig });
    expect(crypto.verify(null, Buffer.from(text), key.publicKey, Buffer.from(c.sig, "base64"))).toBe(true);
  }
}
async function append(count: number): Promise<number> {
  await database().rows(sql`
    INSERT INTO compliance_logs (action_type, metadata, regulatory_framework)
    SELECT 'checkpointer_test_' || g, jsonb_build_object('n', g), 'gdpr' FROM generate_series(1, ${count}) g`);
  return (await chainHead(database())).seq;
}
const minute = 60_000;
const t0 = Date.parse("2026-03-01T12:00:00.000Z");
const at = (ms: number) => new Date(t0 + ms);

describe("writing checkpoints", () => {
  it("writes nothing without a signing key", async () => {
    await append(7);
    const s = { ...settings(3), signingKey: null };
    expect(await writeDueCheckpoints(database(), s, { last: null }, { headNow: true })).toEqual({ written: [] });
    expect(fs.existsSync(s.file)).toBe(false);
  });

  it("signs every multiple of everyRows, the head when asked or when everyMinutes have passed, and nothing twice", async () => {
    const s = settings(3, 10);
    const state: CheckpointState = { last: null };
    // A first run with no checkpoint yet: the head is due at once (its last checkpoint is "never").
    const first = await writeDueCheckpoints(database(), s, state, { now: at(0) });
    await expectSigned(first.written, [3, 6, 7], at(0).toISOString());
    expect(first).toEqual({ written: first.written });
    expect(readLines(s.file)).toEqual(first.written);
    expect(state.last).toEqual(first.written[2]);

    // Nothing new: nothing, even when asked for the head.
    expect(await writeDueCheckpoints(database(), s, state, { now: at(20 * minute), headNow: true })).toEqual({
      written: [],
    });

    // Two rows more (head 9): the boundary 9 is due whenever; here it is the head too.
    await append(2);
    const boundary = await writeDueCheckpoints(database(), s, state, { now: at(minute) });
    await expectSigned(boundary.written, [9], at(minute).toISOString());

    // One row more (head 10): not a boundary, and everyMinutes (10) have not passed since 9 was signed.
    await append(1);
    expect((await writeDueCheckpoints(database(), s, state, { now: at(11 * minute - 1) })).written).toEqual([]);
    const due = await writeDueCheckpoints(database(), s, state, { now: at(11 * minute) });
    await expectSigned(due.written, [10], at(11 * minute).toISOString());
    expect(readLines(s.file).map((c) => c.seq)).toEqual([3, 6, 7, 9, 10]);
  });

  it("signs only boundaries when the head is not due, and the head when asked", async () => {
    const s = settings(4);
    const state: CheckpointState = {
      last: { v: 2, seq: 0, hash: "", root: "", at: at(0).toISOString(), key: key.keyId, sig: "" },
    };
    const head = (await chainHead(database())).seq;
    expect(head).toBe(10);
    const boundaries = await writeDueCheckpoints(database(), s, state, { now: at(minute) });
    await expectSigned(boundaries.written, [4, 8], at(minute).toISOString());
    const asked = await writeDueCheckpoints(database(), s, state, { now: at(2 * minute), headNow: true });
    await expectSigned(asked.written, [10], at(2 * minute).toISOString());
  });

  it("continues the tree from the file's last frontier after a restart", async () => {
    const s = settings(5);
    await writeDueCheckpoints(database(), s, { last: null }, { now: at(0), headNow: true });
    expect(readLines(s.file).map((c) => c.seq)).toEqual([5, 10]);
    await append(3);
    // A fresh state: the last checkpoint and the tree come from the file.
    const run = await writeDueCheckpoints(database(), s, { last: null }, { now: at(minute), headNow: true });
    await expectSigned(run.written, [13], at(minute).toISOString());
  });

  it("starts over from seq 1 when the last frontier does not fold to its signed root", async () => {
    const s = settings(5);
    await writeDueCheckpoints(database(), s, { last: null }, { now: at(0), headNow: true });
    const lines = readLines(s.file);
    expect(lines.map((c) => c.seq)).toEqual([5, 10, 13]);
    // The frontier is not signed: someone edits it.
    const edited = lines.map((c, i) => (i === 2 ? { ...c, frontier: c.frontier!.map(() => "ab".repeat(32)) } : c));
    fs.writeFileSync(s.file, edited.map((c) => `${JSON.stringify(c)}\n`).join(""));
    const run = await writeDueCheckpoints(database(), s, { last: null }, { now: at(minute), headNow: true });
    await expectSigned(run.written, [5, 10, 13], at(minute).toISOString());
    // A frontier of the wrong length likewise.
    fs.writeFileSync(s.file, `${JSON.stringify({ ...lines[2], frontier: [lines[2].frontier![0]] })}\n`);
    const again = await writeDueCheckpoints(database(), s, { last: null }, { now: at(2 * minute), headNow: true });
    await expectSigned(again.written, [5, 10, 13], at(2 * minute).toISOString());
  });

  it("continues from the last version 2 line that has a frontier, re-signing what follows it", async () => {
    const s = settings(5);
    await writeDueCheckpoints(database(), s, { last: null }, { now: at(0), headNow: true });
    const lines = readLines(s.file);
    expect(lines.map((c) => c.seq)).toEqual([5, 10, 13]);
    // The last line without its (unsigned) frontier: the tree resumes from seq 10's.
    const { frontier: _dropped, ...bare } = lines[2];
    void _dropped;
    fs.writeFileSync(s.file, [lines[0], lines[1], bare].map((c) => `${JSON.stringify(c)}\n`).join(""));
    const run = await writeDueCheckpoints(database(), s, { last: null }, { now: at(minute), headNow: true });
    await expectSigned(run.written, [13], at(minute).toISOString());
  });

  it("re-signs a file of version 1 checkpoints as version 2 from seq 1", async () => {
    const s = settings(6);
    const h = await hashes();
    const text = `saltbitter-audit-checkpoint v1\nseq=12\nhash=${h[11]}\nat=${at(0).toISOString()}`;
    const v1 = {
      v: 1,
      seq: 12,
      hash: h[11],
      at: at(0).toISOString(),
      key: key.keyId,
      sig: crypto.sign(null, Buffer.from(text), key.privateKey).toString("base64"),
    };
    fs.writeFileSync(s.file, `${JSON.stringify(v1)}\n`);
    const run = await writeDueCheckpoints(database(), s, { last: null }, { now: at(minute) });
    // The head (13) is not due: the last checkpoint (12) was signed a minute ago.
    await expectSigned(run.written, [6, 12], at(minute).toISOString());
  });

  it("says the database is behind a checkpoint, and signs nothing", async () => {
    const s = settings(5);
    const head = (await chainHead(database())).seq;
    const fake = "12".repeat(32);
    const text = `saltbitter-audit-checkpoint v2\nseq=${head + 7}\nhash=${fake}\nroot=${fake}\nat=${at(0).toISOString()}`;
    const ahead = {
      v: 2,
      seq: head + 7,
      hash: fake,
      root: fake,
      at: at(0).toISOString(),
      key: key.keyId,
      sig: crypto.sign(null, Buffer.from(text), key.privateKey).toString("base64"),
    };
    fs.writeFileSync(s.file, `${JSON.stringify(ahead)}\n`);
    expect(await writeDueCheckpoints(database(), s, { last: null }, { headNow: true })).toEqual({
      written: [],
      behind: { databaseSeq: head, checkpointSeq: head + 7 },
    });
  });
});

describe("the checkpointer of a server", () => {
  it("signs the head at start and when asked, through checkpointHeadNow", async () => {
    const s = settings(100);
    const messages: string[] = [];
    const checkpointer = startCheckpointer(database(), s, { debounceMs: 5, log: (m) => void messages.push(m) });
    try {
      await checkpointer.now();
      const head = (await chainHead(database())).seq;
      expect(readLines(s.file).map((c) => c.seq)).toEqual([head]);
      await append(2);
      await checkpointHeadNow(database(), settings(100));
      // The running checkpointer wrote it, to its own file.
      expect(readLines(s.file).map((c) => c.seq)).toEqual([head, head + 2]);
      expect(messages).toEqual([]);
    } finally {
      checkpointer.stop();
    }
    // Stopped: checkpointHeadNow writes directly to the file it is given.
    await append(1);
    const direct = settings(100);
    await checkpointHeadNow(database(), direct);
    expect(readLines(direct.file).map((c) => c.seq)).toEqual([(await chainHead(database())).seq]);
  });

  it("checks after an append, debounced, and says once that the database is behind", async () => {
    const s = settings(100, 60);
    const messages: string[] = [];
    const head = (await chainHead(database())).seq;
    const fake = "34".repeat(32);
    const text = `saltbitter-audit-checkpoint v1\nseq=${head + 50}\nhash=${fake}\nat=${at(0).toISOString()}`;
    fs.writeFileSync(
      s.file,
      `${JSON.stringify({ v: 1, seq: head + 50, hash: fake, at: at(0).toISOString(), key: key.keyId, sig: crypto.sign(null, Buffer.from(text), key.privateKey).toString("base64") })}\n`,
    );
    const checkpointer = startCheckpointer(database(), s, { debounceMs: 5, log: (m) => void messages.push(m) });
    try {
      await checkpointer.now();
      await checkpointer.now();
      expect(messages).toEqual([
        `⚠ the audit chain in the database ends at seq ${head}, but a signed checkpoint in ${s.file} records seq ${head + 50}: ` +
          `rows were removed or an older backup restored. Run npm run audit:verify-db.`,
      ]);
    } finally {
      checkpointer.stop();
    }
  });

  it("signs the head after appends once the debounce has passed", async () => {
    // Every row is a boundary; the head itself is not due by time (an hour): only the nudge signs it.
    const s = settings(1, 60);
    const checkpointer = startCheckpointer(database(), s, { debounceMs: 5, log: () => undefined });
    try {
      await checkpointer.now();
      const before = readLines(s.file).length;
      await append(1);
      auditAppended();
      auditAppended();
      const head = (await chainHead(database())).seq;
      for (let i = 0; i < 100 && readLines(s.file).at(-1)!.seq !== head; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(readLines(s.file).at(-1)!.seq).toBe(head);
      expect(readLines(s.file).length).toBeGreaterThan(before);
    } finally {
      checkpointer.stop();
    }
  });
});

describe("the checkpointer's failures", () => {
  it("logs a checkpoint it cannot write, and goes on", async () => {
    const blocker = path.join(dir, "a-file");
    fs.writeFileSync(blocker, "");
    const s = { ...settings(1), file: path.join(blocker, "checkpoints.jsonl") };
    const messages: string[] = [];
    const checkpointer = startCheckpointer(database(), s, { log: (m) => void messages.push(m) });
    try {
      await checkpointer.now();
    } finally {
      checkpointer.stop();
    }
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m).toMatch(/^checkpoint failed: \S/);
    // Without a log function: a console warning.
    const warnings: unknown[][] = [];
    const spy = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void warnings.push(args));
    const quiet = startCheckpointer(database(), s);
    try {
      await quiet.now();
    } finally {
      quiet.stop();
      spy.mockRestore();
    }
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) expect(w).toEqual([expect.stringMatching(/^\[audit\] checkpoint failed: \S/)]);
  });
});

describe("a chain whose head is tampered with", () => {
  it("does not sign a head row whose hash is not the head's, and forgets the rows read past the last checkpoint", async () => {
    const head = await chainHead(database());
    await database().exec(`UPDATE compliance_chain_head SET hash = repeat('d', 64) WHERE id = 1`);
    try {
      const s = settings(4);
      const state: CheckpointState = { last: null };
      const run = await writeDueCheckpoints(database(), s, state, { now: at(0), headNow: true });
      const boundaries = Array.from({ length: Math.floor(head.seq / 4) }, (_, i) => (i + 1) * 4);
      expect(head.seq % 4).not.toBe(0);
      await expectSigned(run.written, boundaries, at(0).toISOString());
      expect(run).toEqual({ written: run.written });
      expect(state.tree).toBeNull();
    } finally {
      await database().exec(`UPDATE compliance_chain_head SET hash = '${head.hash}' WHERE id = 1`);
    }
  });

  it("stops where the rows end when the head claims more", async () => {
    const head = await chainHead(database());
    await database().exec(`UPDATE compliance_chain_head SET seq = seq + 2 WHERE id = 1`);
    try {
      const s = settings(100);
      const run = await writeDueCheckpoints(database(), s, { last: null }, { now: at(0), headNow: true });
      expect(run).toEqual({ written: [], broken: { seq: head.seq + 1 } });
    } finally {
      await database().exec(`UPDATE compliance_chain_head SET seq = ${head.seq} WHERE id = 1`);
    }
  });
});

describe("a chain that breaks (last: they change the database)", () => {
  it("signs nothing from a row that does not link to the one before, and says where", async () => {
    const head = (await chainHead(database())).seq;
    const s = settings(2);
    const broken = head - 3;
    await database().exec(`
      ALTER TABLE compliance_logs DISABLE TRIGGER trg_compliance_logs_append_only;
      UPDATE compliance_logs SET prev_hash = repeat('e', 64) WHERE seq = ${broken};
      ALTER TABLE compliance_logs ENABLE TRIGGER trg_compliance_logs_append_only;`);
    const state: CheckpointState = { last: null };
    const run = await writeDueCheckpoints(database(), s, state, { now: at(0), headNow: true });
    const boundaries = Array.from({ length: Math.floor((broken - 1) / 2) }, (_, i) => (i + 1) * 2);
    await expectSigned(run.written, boundaries, at(0).toISOString());
    expect(run.broken).toEqual({ seq: broken });
    // Its state forgets the unsigned rows: the next run resumes from the file and stops at the same row.
    expect(state.tree).toBeNull();
    expect(state.last).toEqual(run.written.at(-1));
    const again = await writeDueCheckpoints(database(), s, state, { now: at(minute), headNow: true });
    expect(again).toEqual({ written: [], broken: { seq: broken } });

    const messages: string[] = [];
    const checkpointer = startCheckpointer(database(), settings(2), { log: (m) => void messages.push(m) });
    try {
      await checkpointer.now();
    } finally {
      checkpointer.stop();
    }
    expect(messages[0]).toBe(
      `⚠ the audit chain in the database breaks at seq ${broken} (a gap, or a row that does not link to the one ` +
        `before): nothing from it on is signed. Run npm run audit:verify-db.`,
    );
  });

  it("signs nothing from a missing row on", async () => {
    const head = (await chainHead(database())).seq;
    const gap = 3;
    await database().exec(`
      ALTER TABLE compliance_logs DISABLE TRIGGER trg_compliance_logs_append_only;
      DELETE FROM compliance_logs WHERE seq = ${gap};
      ALTER TABLE compliance_logs ENABLE TRIGGER trg_compliance_logs_append_only;`);
    const s = settings(1);
    const run = await writeDueCheckpoints(database(), s, { last: null }, { now: at(0), headNow: true });
    expect(run.written.map((c) => c.seq)).toEqual([1, 2]);
    expect(run.broken).toEqual({ seq: gap });
    expect(head).toBeGreaterThan(gap);
  });
});
