import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sql, type Database } from "../../db/client";
import { appendAudit } from "../../server/audit/appendAudit";
import { chainHead, verifyChain } from "../../server/audit/chain";
import type { SignedCheckpoint } from "../../server/audit/checkpoint";
import type { CheckpointSettings } from "../../server/audit/checkpointConfig";
import { startCheckpointer, writeDueCheckpoints } from "../../server/audit/checkpointer";
import { parseSigningKey } from "../../server/audit/signingKey";
import { describeDivergence, verifyCheckpoints } from "../../server/audit/verifyCheckpoints";
import { useFreshDatabase } from "../support/database";
import { insertStaff } from "./support";

/**
 * Issue #9 §1: tamper evidence that survives a compromised database. Everything hostile here is
 * done as the superuser the tests connect as (on both engines): it can disable the append-only
 * trigger and re-hash the chain so that verifyChain, inside the database, finds nothing wrong.
 */
const database = useFreshDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-checkpoints-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const newKey = () => parseSigningKey(crypto.randomBytes(32).toString("base64"), "test key");
const key = newKey();
let files = 0;
const settings = (everyRows: number): CheckpointSettings => ({
  everyRows,
  everyMinutes: 60,
  file: path.join(dir, `checkpoints-${++files}.jsonl`),
  signingKey: key,
  trustedKeys: [key],
});
const readLines = (file: string) =>
  fs
    .readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as SignedCheckpoint);

/** Appends `count` rows and chains them (inserts leave rows unsequenced: migration 0016); returns the new head. */
async function appendRows(db: Database, count: number): Promise<number> {
  await db.rows(sql`
    INSERT INTO compliance_logs (action_type, metadata, regulatory_framework)
    SELECT 'checkpoint_test_' || g, jsonb_build_object('n', g), 'gdpr' FROM generate_series(1, ${count}) g`);
  return (await chainHead(db)).seq;
}

/** What a superuser can do: change row `from`, re-hash every row after it, move the head to match. */
async function rehashFrom(db: Database, from: number): Promise<void> {
  await db.exec(`
    ALTER TABLE compliance_logs DISABLE TRIGGER trg_compliance_logs_append_only;
    UPDATE compliance_logs SET metadata = metadata || '{"forged": true}' WHERE seq = ${from};
    DO $$
    DECLARE r record; h text;
    BEGIN
      SELECT coalesce((SELECT hash FROM compliance_logs WHERE seq = ${from - 1}), repeat('0', 64)) INTO h;
      FOR r IN SELECT * FROM compliance_logs WHERE seq >= ${from} ORDER BY seq LOOP
        UPDATE compliance_logs SET prev_hash = h,
          hash = compliance_log_hash(r.seq, r.id, r.user_id, r.staff_id, r.action_type, r.regulatory_framework, r."timestamp", r.metadata, h)
        WHERE id = r.id RETURNING hash INTO h;
      END LOOP;
      UPDATE compliance_chain_head SET hash = h WHERE id = 1;
    END $$;
    ALTER TABLE compliance_logs ENABLE TRIGGER trg_compliance_logs_append_only;`);
}

/** Removes the rows from `from` on and sets the head to the row before, as a superuser can. */
async function truncateFrom(db: Database, from: number): Promise<void> {
  await db.exec(`
    ALTER TABLE compliance_logs DISABLE TRIGGER trg_compliance_logs_append_only;
    DELETE FROM compliance_logs WHERE seq >= ${from};
    UPDATE compliance_chain_head SET seq = ${from - 1}, hash = (SELECT hash FROM compliance_logs WHERE seq = ${from - 1}) WHERE id = 1;
    ALTER TABLE compliance_logs ENABLE TRIGGER trg_compliance_logs_append_only;`);
}

describe("signed audit checkpoints outside the database", () => {
  it("writes one at every N rows and one of the head, and the untouched history verifies", async () => {
    const db = database();
    const head = await appendRows(db, 10);
    const every4 = settings(4);
    const run = await writeDueCheckpoints(db, every4, { last: null }, { headNow: true });
    const multiples = Array.from({ length: Math.floor(head / 4) }, (_, i) => (i + 1) * 4);
    expect(run.written.map((c) => c.seq)).toEqual(head % 4 ? [...multiples, head] : multiples);
    expect(readLines(every4.file)).toEqual(run.written);
    // Nothing new: nothing more is written.
    expect((await writeDueCheckpoints(db, every4, { last: null }, { headNow: true })).written).toEqual([]);
    expect(await verifyCheckpoints(db, every4.file, [key])).toMatchObject({
      ok: true,
      checkpoints: run.written.length,
      divergence: null,
    });
  });

  it("catches a re-hash from row K that the in-database chain cannot see, naming K", async () => {
    const db = database();
    const base = await appendRows(db, 12);
    const everyRow = settings(1);
    const every5 = settings(5);
    for (const s of [everyRow, every5]) await writeDueCheckpoints(db, s, { last: null }, { headNow: true });
    const k = base - 5;

    await rehashFrom(db, k);

    expect((await verifyChain(db)).ok).toBe(true); // the forgery is consistent inside the database
    const exact = await verifyCheckpoints(db, everyRow.file, [key]);
    expect(exact.ok).toBe(false);
    expect(exact.divergence).toMatchObject({ kind: "rewritten", fromSeq: k, toSeq: k });
    expect(describeDivergence(exact.divergence!)).toContain(`history rewritten from seq ${k}:`);
    // Checkpoints every 5 rows locate it to within 5 rows: K lies in the named range.
    const coarse = await verifyCheckpoints(db, every5.file, [key]);
    expect(coarse.divergence?.kind).toBe("rewritten");
    expect(coarse.divergence!.fromSeq).toBeLessThanOrEqual(k);
    expect(coarse.divergence!.toSeq).toBeGreaterThanOrEqual(k);
    expect(coarse.divergence!.toSeq - coarse.divergence!.fromSeq).toBeLessThan(5);
  });

  it("catches a truncated tail, naming the first row removed", async () => {
    const db = database();
    const head = await appendRows(db, 8);
    const every3 = settings(3);
    await writeDueCheckpoints(db, every3, { last: null }, { headNow: true });
    const removedFrom = head - 2;

    await truncateFrom(db, removedFrom);

    expect((await verifyChain(db)).ok).toBe(true);
    const result = await verifyCheckpoints(db, every3.file, [key]);
    expect(result.divergence).toMatchObject({
      kind: "truncated",
      fromSeq: removedFrom,
      databaseLastSeq: removedFrom - 1,
    });
    expect(describeDivergence(result.divergence!)).toContain(`rows removed from seq ${removedFrom} on`);
    // The checkpointer does not paper over it: it reports the database as behind and signs nothing.
    const run = await writeDueCheckpoints(db, every3, { last: null }, { headNow: true });
    expect(run).toEqual({ written: [], behind: { databaseSeq: removedFrom - 1, checkpointSeq: head } });
  });

  it("refuses a checkpoint whose signature does not match, or signed by a key it does not trust", async () => {
    const db = database();
    await appendRows(db, 3);
    const s = settings(1);
    await writeDueCheckpoints(db, s, { last: null }, { headNow: true });
    const lines = readLines(s.file);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    // Someone with the file but not the key moves a checkpoint to another hash (a forged history's).
    const edited = [...lines];
    edited[1] = { ...lines[1], hash: "f".repeat(64) };
    fs.writeFileSync(s.file, edited.map((c) => JSON.stringify(c)).join("\n") + "\n");
    const result = await verifyCheckpoints(db, s.file, [key]);
    expect(result.ok).toBe(false);
    expect(result.refused).toEqual([{ line: 2, reason: "bad signature" }]);

    const stranger = newKey();
    const foreign = settings(1);
    await writeDueCheckpoints(db, { ...foreign, signingKey: stranger }, { last: null }, { headNow: true });
    const untrusted = await verifyCheckpoints(db, foreign.file, [key]);
    expect(untrusted.ok).toBe(false);
    expect(untrusted.refused[0].reason).toContain("not trusted");
  });

  it("never signs rows of a transaction that rolls back", async () => {
    const db = database();
    const committed = await appendRows(db, 1);
    const s = settings(1);
    await writeDueCheckpoints(db, s, { last: null }, { headNow: true });
    let during: ReturnType<typeof writeDueCheckpoints> | undefined;
    await db.db
      .transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO compliance_logs (action_type, regulatory_framework)
          SELECT 'rolled_back_' || g, 'gdpr' FROM generate_series(1, 3) g`);
        // Started while the rows are uncommitted (on PGlite it runs once the transaction ends).
        during = writeDueCheckpoints(db, s, { last: null }, { headNow: true });
        throw new Error("roll back");
      })
      .catch(() => {});
    const run = await during!;
    expect(run.written.filter((c) => c.seq > committed)).toEqual([]);
    expect((await verifyCheckpoints(db, s.file, [key])).ok).toBe(true);
  });

  it("checkpoints by itself after appendAudit commits (the server's checkpointer)", async () => {
    const db = database();
    const actor = await insertStaff(db);
    const s = settings(2);
    const checkpointer = startCheckpointer(db, s, { debounceMs: 20, log: () => {} });
    try {
      await db.db.transaction((tx) =>
        appendAudit(tx, actor, [
          { resource: "users", action: "edit" },
          { resource: "users", action: "edit" },
        ]),
      );
      // Every row, chained or still waiting: the checkpointer has the sequencer chain them itself.
      const [{ head }] = await db.rows<{ head: string }>(sql`SELECT count(*) AS head FROM compliance_logs`);
      const boundary = Number(head) - (Number(head) % 2);
      await expect.poll(() => fs.existsSync(s.file) && readLines(s.file).some((c) => c.seq === boundary)).toBe(true);
    } finally {
      checkpointer.stop();
    }
  });
});
