import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { sql, type Database } from "../../db/client";
import { appendAudit } from "../../server/audit/appendAudit";
import { chainHead, checkSavedHead, describeProblem, verificationRanges, verifyChain } from "../../server/audit/chain";
import { startCheckpointer } from "../../server/audit/checkpointer";
import { parseSigningKey } from "../../server/audit/signingKey";
import {
  nudgeSequencer,
  SEQUENCER_BATCH,
  sequenceAuditChain,
  sequenceBatch,
  startSequencer,
  unsequencedCount,
} from "../../server/audit/sequencer";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";
import { insertStaff } from "./support";

/**
 * Issue #13 §5 (mutation testing): the chain in the database (server/audit/chain.ts), its sequencer
 * (sequencer.ts) and the staff actions' audit rows (appendAudit.ts), against docs/audit-format.md
 * §2 (genesis, links, sequencing) and §9 (what a staff action's row records). Expected rows and
 * verdicts are written out here.
 */
const database = useFreshDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-audit-mutants-chain-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const genesis = "0".repeat(64);

const insert = (count: number, prefix = "chain_mutants") =>
  database().rows(sql`
    INSERT INTO compliance_logs (action_type, metadata, regulatory_framework)
    SELECT ${prefix} || '_' || g, jsonb_build_object('n', g), 'gdpr' FROM generate_series(1, ${count}) g`);
const waitFor = async (condition: () => Promise<boolean>) => {
  for (let i = 0; i < 150 && !(await condition()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
};

describe("verification ranges", () => {
  it("cover 1..last once, in at most `count` ranges of at least `minRows` rows", () => {
    expect(verificationRanges(1, 4, 5)).toEqual([[1, 1]]);
    expect(verificationRanges(10, 4, 5)).toEqual([
      [1, 5],
      [6, 10],
    ]);
    expect(verificationRanges(11, 4, 5)).toEqual([
      [1, 6],
      [7, 11],
    ]);
    expect(verificationRanges(100, 3, 5)).toEqual([
      [1, 34],
      [35, 68],
      [69, 100],
    ]);
    expect(verificationRanges(40, 0, 5)).toEqual([[1, 40]]);
    expect(verificationRanges(49_999, 4)).toEqual([[1, 49_999]]);
    expect(verificationRanges(-3, 4)).toEqual([[1, 0]]);
  });
});

describe("the chain in the database", () => {
  it("is empty at first: head seq 0 at the genesis value", async () => {
    const result = await verifyChain(database());
    expect(result).toEqual({
      ok: true,
      rows: 0,
      unsequenced: 0,
      head: { seq: 0, hash: genesis },
      lastSeq: 0,
      lastHash: genesis,
      seconds: expect.any(Number) as number,
    });
    expect(result.seconds).toBeGreaterThanOrEqual(0);
    expect(await chainHead(database())).toEqual({ seq: 0, hash: genesis });
  });

  it("sequences in batches, counting what waits, and chains everything before a reader", async () => {
    await insert(5);
    expect(await unsequencedCount(database())).toBe(5);
    expect(await chainHead(database(), { sequence: false })).toEqual({ seq: 0, hash: genesis });
    expect(await verifyChain(database(), { sequence: false })).toMatchObject({ ok: true, rows: 0, unsequenced: 5 });
    expect(await sequenceBatch(database(), 2)).toBe(2);
    expect(await unsequencedCount(database())).toBe(3);
    expect(await sequenceAuditChain(database())).toBe(3);
    expect(await sequenceAuditChain(database())).toBe(0);
    await insert(2);
    const head = await chainHead(database());
    expect(head.seq).toBe(7);
    const rows = await database().rows<{ seq: string | number; prev_hash: string; hash: string }>(
      sql`SELECT seq, prev_hash, hash FROM compliance_logs ORDER BY seq`,
    );
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows[0].prev_hash).toBe(genesis);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(head.hash).toBe(rows[6].hash);
    expect(await verifyChain(database())).toMatchObject({
      ok: true,
      rows: 7,
      unsequenced: 0,
      head,
      lastSeq: 7,
      lastHash: rows[6].hash,
    });
  });

  it("times itself in seconds", async () => {
    const started = performance.now();
    const result = await verifyChain(database());
    const elapsed = (performance.now() - started) / 1000;
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.seconds).toBeLessThanOrEqual(elapsed);
  });

  it("verifies the same chain in ranges, and says how many rows wait", async () => {
    await insert(1, "waiting");
    const result = await verifyChain(database(), { sequence: false, ranges: 3, rangeRows: 2 });
    expect(result).toMatchObject({ ok: true, rows: 7, unsequenced: 1, lastSeq: 7 });
    expect(await verifyChain(database(), { ranges: 3, rangeRows: 2 })).toMatchObject({
      ok: true,
      rows: 8,
      unsequenced: 0,
    });
  });

  it("checks a saved head: this seq with this hash", async () => {
    const head = await chainHead(database());
    expect(await checkSavedHead(database(), head)).toBe(true);
    expect(await checkSavedHead(database(), { seq: head.seq, hash: "a".repeat(64) })).toBe(false);
    expect(await checkSavedHead(database(), { seq: head.seq + 1, hash: head.hash })).toBe(false);
  });

  it("chains batch after batch until one comes back short of SEQUENCER_BATCH", async () => {
    const answers = [SEQUENCER_BATCH, SEQUENCER_BATCH, 5, 7];
    let calls = 0;
    const fake = { rows: () => Promise.resolve([{ n: answers[calls++] }]) } as unknown as Database;
    expect(SEQUENCER_BATCH).toBe(10_000);
    expect(await sequenceAuditChain(fake)).toBe(2 * SEQUENCER_BATCH + 5);
    expect(calls).toBe(3);
  });
});

describe("staff actions' audit rows (§9)", () => {
  it("record resource, action, record id, changed fields and role, and the details given", async () => {
    const db = database();
    const actor = await insertStaff(db, "trust_safety");
    const user = await insertUser(db);
    const before = (await chainHead(db)).seq;
    await appendAudit(db.db, actor, [
      { resource: "users", action: "update", recordId: user, userId: user, changedFields: ["city"], framework: "ccpa" },
      { resource: "events", action: "create", details: { note: "n", count: 2 } },
    ]);
    await appendAudit(db.db, actor, { resource: "reports", action: "resolve", framework: "dsa" });
    await appendAudit(db.db, actor, []);
    await sequenceAuditChain(db);
    const rows = await db.rows<Record<string, unknown>>(sql`
      SELECT user_id, staff_id, action_type, regulatory_framework, metadata
      FROM compliance_logs WHERE seq > ${before} ORDER BY seq`);
    expect(rows).toEqual([
      {
        user_id: user,
        staff_id: actor.staffId,
        action_type: "staff.users.update",
        regulatory_framework: "ccpa",
        metadata: {
          resource: "users",
          action: "update",
          recordId: user,
          changedFields: ["city"],
          staffRole: "trust_safety",
        },
      },
      {
        user_id: null,
        staff_id: actor.staffId,
        action_type: "staff.events.create",
        regulatory_framework: "gdpr",
        metadata: {
          resource: "events",
          action: "create",
          recordId: null,
          changedFields: [],
          staffRole: "trust_safety",
          note: "n",
          count: 2,
        },
      },
      {
        user_id: null,
        staff_id: actor.staffId,
        action_type: "staff.reports.resolve",
        regulatory_framework: "dsa",
        metadata: {
          resource: "reports",
          action: "resolve",
          recordId: null,
          changedFields: [],
          staffRole: "trust_safety",
        },
      },
    ]);
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it("nudge the server's sequencer once written", async () => {
    const db = database();
    const actor = await insertStaff(db);
    await sequenceAuditChain(db);
    const sequencer = startSequencer(db, { intervalMs: 3_600_000, nudgeMs: 5 });
    try {
      await appendAudit(db.db, actor, { resource: "users", action: "view" });
      // The sequencer chains it without anyone asking.
      expect(await waitFor(async () => (await unsequencedCount(db)) === 0)).toBe(true);
    } finally {
      sequencer.stop();
    }
  });

  it("nudge the server's checkpointer once written", async () => {
    const db = database();
    const actor = await insertStaff(db);
    const key = parseSigningKey(crypto.randomBytes(32).toString("base64"), "test key");
    const file = path.join(dir, "nudged.jsonl");
    // Every row is a boundary; the head is not due by time (hourly): only a check after the append signs it.
    const settings = { everyRows: 1, everyMinutes: 60, file, signingKey: key, trustedKeys: [key] };
    const checkpointer = startCheckpointer(db, settings, { debounceMs: 5, log: () => undefined });
    try {
      await checkpointer.now();
      const last = () => (JSON.parse(fs.readFileSync(file, "utf8").trim().split("\n").at(-1)!) as { seq: number }).seq;
      const before = last();
      await appendAudit(db.db, actor, { resource: "users", action: "view" });
      expect(await waitFor(() => Promise.resolve(last() === before + 1))).toBe(true);
    } finally {
      checkpointer.stop();
    }
  });
});

describe("the server's sequencer", () => {
  it("chains rows soon after a nudge, and no more once stopped", async () => {
    const db = database();
    await sequenceAuditChain(db);
    const sequencer = startSequencer(db, { intervalMs: 3_600_000, nudgeMs: 5 });
    try {
      await insert(3, "nudged");
      nudgeSequencer();
      expect(await waitFor(async () => (await unsequencedCount(db)) === 0)).toBe(true);
      // A second nudge, after the first one's run: chained again.
      await insert(1, "nudged_again");
      nudgeSequencer();
      expect(await waitFor(async () => (await unsequencedCount(db)) === 0)).toBe(true);
    } finally {
      sequencer.stop();
    }
    await insert(1, "after_stop");
    nudgeSequencer();
    sequencer.nudge();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await unsequencedCount(db)).toBe(1);
    await sequenceAuditChain(db);
  });

  it("chains on its interval without a nudge", async () => {
    const db = database();
    const sequencer = startSequencer(db, { intervalMs: 20, nudgeMs: 3_600_000 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await insert(2, "interval");
      expect(await waitFor(async () => (await unsequencedCount(db)) === 0)).toBe(true);
    } finally {
      sequencer.stop();
    }
  });

  it("runs again at once while batches come back full", async () => {
    const answers = [SEQUENCER_BATCH, SEQUENCER_BATCH, 3];
    let calls = 0;
    const fake = { rows: () => Promise.resolve([{ n: answers[calls++] ?? 0 }]) } as unknown as Database;
    const sequencer = startSequencer(fake, { intervalMs: 3_600_000, nudgeMs: 3_600_000 });
    try {
      await waitFor(() => Promise.resolve(calls >= 3));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(calls).toBe(3);
    } finally {
      sequencer.stop();
    }
  });

  it("says a failure once per outage, never throwing", async () => {
    let failure: string | null = "down";
    let calls = 0;
    const fake = {
      rows: () => (calls++, failure ? Promise.reject(new Error(failure)) : Promise.resolve([{ n: 0 }])),
    } as unknown as Database;
    const messages: string[] = [];
    const sequencer = startSequencer(fake, { intervalMs: 10, log: (m) => void messages.push(m) });
    const after = async (n: number) => {
      const target = calls + n;
      await waitFor(() => Promise.resolve(calls >= target));
    };
    try {
      await after(4);
      expect(messages).toEqual(["sequencing failed: down"]);
      failure = null;
      await after(3);
      failure = "down again";
      await after(3);
      expect(messages).toEqual(["sequencing failed: down", "sequencing failed: down again"]);
    } finally {
      sequencer.stop();
    }
  });

  it("warns on the console by default, and says what a non-Error failure was", async () => {
    const warnings: unknown[][] = [];
    const spy = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void warnings.push(args));
    let calls = 0;
    const fake = { rows: () => (calls++, Promise.reject("plain words")) } as unknown as Database;
    const sequencer = startSequencer(fake, { intervalMs: 3_600_000 });
    try {
      await waitFor(() => Promise.resolve(calls >= 1 && warnings.length >= 1));
      expect(warnings).toEqual([["[audit] sequencing failed: plain words"]]);
    } finally {
      sequencer.stop();
      spy.mockRestore();
    }
  });

  it("replaces a sequencer already running in the process", async () => {
    let firstCalls = 0;
    const first = { rows: () => (firstCalls++, Promise.resolve([{ n: 0 }])) } as unknown as Database;
    let secondCalls = 0;
    const second = { rows: () => (secondCalls++, Promise.resolve([{ n: 0 }])) } as unknown as Database;
    const a = startSequencer(first, { intervalMs: 10 });
    const b = startSequencer(second, { intervalMs: 10 });
    try {
      const seen = firstCalls;
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(firstCalls).toBe(seen);
      expect(secondCalls).toBeGreaterThan(1);
    } finally {
      b.stop();
      a.stop();
    }
  });
});

describe("a chain tampered with (last: they change the database)", () => {
  it("names a row changed in place at its own seq, a rewritten head after the last row", async () => {
    const db = database();
    const head = await chainHead(db);
    await db.exec(`
      ALTER TABLE compliance_logs DISABLE TRIGGER trg_compliance_logs_append_only;
      UPDATE compliance_chain_head SET hash = repeat('c', 64) WHERE id = 1;`);
    expect(await verifyChain(db, { sequence: false })).toMatchObject({
      ok: false,
      firstBrokenSeq: head.seq + 1,
      problem: "head_mismatch",
      lastSeq: head.seq,
      lastHash: head.hash,
      head: { seq: head.seq, hash: "c".repeat(64) },
    });
    await db.exec(`UPDATE compliance_chain_head SET hash = '${head.hash}' WHERE id = 1;`);
    await db.exec(`UPDATE compliance_logs SET action_type = 'innocent' WHERE seq = 3;`);
    expect(await verifyChain(db, { sequence: false })).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
      problem: "hash_mismatch",
    });
    expect(describeProblem).toEqual({
      hash_mismatch: "the row's content no longer matches its hash (changed in place)",
      prev_hash_mismatch: "the row does not link to the row before it (a row before it was altered and re-hashed)",
      seq_gap: "a sequence number is missing (a row was removed)",
      head_mismatch: "the chain head does not match the last row (rows removed at the end, or the head rewritten)",
    });
  });

  it("names the first row when it does not start from the genesis value", async () => {
    const db = database();
    await db.exec(`
      UPDATE compliance_logs SET prev_hash = repeat('1', 64) WHERE seq = 1;
      UPDATE compliance_logs SET hash = compliance_log_hash(seq, id, user_id, staff_id, action_type,
        regulatory_framework, "timestamp", metadata, prev_hash) WHERE seq = 1;`);
    expect(await verifyChain(db, { sequence: false })).toMatchObject({
      ok: false,
      firstBrokenSeq: 1,
      problem: "prev_hash_mismatch",
    });
  });
});
