import { describe, expect, it } from "vitest";
import { openDatabase, sql, type Database } from "../../db/client";
import { appendAudit } from "../../server/audit/appendAudit";
import { canonicalText, parseJson, rowHash, type ChainRow } from "../../server/audit/canonical";
import { chainHead, checkSavedHead, verificationRanges, verifyChain } from "../../server/audit/chain";
import { sequenceAuditChain } from "../../server/audit/sequencer";
import { toActionError } from "../../server/errors";
import { useFreshDatabase } from "../support/database";
import { currentEngine } from "../support/engine";
import { insertUser } from "../support/fixtures";
import { insertStaff } from "./support";

const database = useFreshDatabase();

/** Inserts a row and chains it (inserts leave rows unsequenced: migration 0016). */
async function insertLog(db: Database, actionType: string, metadata = "{}") {
  await db.rows(sql`INSERT INTO compliance_logs (action_type, metadata, regulatory_framework)
    VALUES (${actionType}, ${metadata}::jsonb, 'gdpr')`);
  await sequenceAuditChain(db);
}

/** A second connection to the same database, so writers really run concurrently on PostgreSQL. */
async function writers(count: number): Promise<Database[]> {
  const db = database();
  if (currentEngine() !== "postgres") return Array.from({ length: count }, () => db);
  const [{ name }] = await db.rows<{ name: string }>(sql`SELECT current_database() AS name`);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return Promise.all(Array.from({ length: count }, () => openDatabase({ url: url.toString() })));
}

describe("the compliance_logs hash chain", () => {
  it("links rows inserted plainly, including several in one statement", async () => {
    const db = database();
    const user = await insertUser(db);
    await db.rows(sql`INSERT INTO compliance_logs (user_id, action_type, regulatory_framework)
      SELECT ${user}, 'bulk_' || g, 'ccpa' FROM generate_series(1, 5) g`);
    await insertLog(db, "single");
    const rows = await db.rows<{ seq: string; prev_hash: string; hash: string }>(
      sql`SELECT seq, prev_hash, hash FROM compliance_logs ORDER BY seq`,
    );
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0].prev_hash).toBe("0".repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(await chainHead(db)).toEqual({ seq: 6, hash: rows[5].hash });
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it("chains appendAudit's rows transparently", async () => {
    const db = database();
    const actor = await insertStaff(db);
    const before = await chainHead(db);
    await appendAudit(db.db, actor, [
      { resource: "users", action: "edit", changedFields: ["email"] },
      { resource: "events", action: "create" },
    ]);
    const after = await chainHead(db);
    expect(after.seq).toBe(before.seq + 2);
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it("stays one valid chain with 20 concurrent writers", async () => {
    const pool = await writers(20);
    const before = await chainHead(database());
    try {
      await Promise.all(
        pool.map(async (db, w) => {
          for (let i = 0; i < 5; i++) {
            // Some statements insert several rows, some run inside explicit transactions.
            if (i % 2) {
              await db.db.transaction(async (tx) => {
                await tx.execute(
                  sql`INSERT INTO compliance_logs (action_type, regulatory_framework) VALUES (${`w${w}-${i}a`}, 'gdpr')`,
                );
                await tx.execute(
                  sql`INSERT INTO compliance_logs (action_type, regulatory_framework) VALUES (${`w${w}-${i}b`}, 'gdpr'), (${`w${w}-${i}c`}, 'gdpr')`,
                );
              });
            } else await insertLog(db, `w${w}-${i}`);
          }
        }),
      );
    } finally {
      if (currentEngine() === "postgres") await Promise.all(pool.map((db) => db.close()));
    }
    const db = database();
    const result = await verifyChain(db);
    expect(result).toMatchObject({ ok: true, rows: before.seq + 20 * (3 + 2 * 3) });
    const [{ distinct }] = await db.rows<{ distinct: number }>(
      sql`SELECT count(DISTINCT prev_hash)::int AS distinct FROM compliance_logs`,
    );
    expect(distinct).toBe(result.rows); // no two rows claim the same predecessor: no fork
    // Transactions began in one order and chained in another: the times still follow the chain.
    const [{ disorders }] = await db.rows<{ disorders: number }>(sql`
      SELECT count(*)::int AS disorders FROM compliance_logs a JOIN compliance_logs b ON b.seq = a.seq + 1
      WHERE b."timestamp" < a."timestamp"`);
    expect(disorders).toBe(0);
  });

  it("is in time order: a row is stamped when chained, never earlier than its predecessor", async () => {
    const db = database();
    await insertLog(db, "first");
    const [last] = await db.rows<{ ts: string }>(
      sql`SELECT to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS ts FROM compliance_logs ORDER BY seq DESC LIMIT 1`,
    );
    // An explicit time earlier than the head's is raised to it; a later one is kept as written.
    await db.rows(sql`INSERT INTO compliance_logs (action_type, regulatory_framework, "timestamp")
      VALUES ('backdated', 'gdpr', '2001-01-01T00:00:00Z'), ('future', 'gdpr', '2999-01-01T00:00:00Z')`);
    await sequenceAuditChain(db);
    const rows = await db.rows<{ action_type: string; ts: string }>(sql`
      SELECT action_type, to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS ts
      FROM compliance_logs WHERE action_type IN ('backdated', 'future') ORDER BY seq`);
    expect(rows.map((r) => [r.action_type, r.ts])).toEqual([
      ["backdated", last.ts],
      ["future", "2999-01-01T00:00:00.000000"],
    ]);
    const [{ disorders }] = await db.rows<{ disorders: number }>(sql`
      SELECT count(*)::int AS disorders FROM compliance_logs a JOIN compliance_logs b ON b.seq = a.seq + 1
      WHERE b."timestamp" < a."timestamp"`);
    expect(disorders).toBe(0);
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it("reports a row changed behind the triggers' back at its sequence number, and a re-hashed one at the next", async () => {
    const db = database();
    for (let i = 0; i < 4; i++) await insertLog(db, `tamper-target-${i}`);
    const [target] = await db.rows<{ seq: string; action_type: string; hash: string }>(
      sql`SELECT seq, action_type, hash FROM compliance_logs WHERE action_type = 'tamper-target-1'`,
    );
    const seq = Number(target.seq);
    const head = await chainHead(db);
    await db.exec(`ALTER TABLE compliance_logs DISABLE TRIGGER trg_compliance_logs_append_only`);
    try {
      await db.rows(sql`UPDATE compliance_logs SET action_type = 'innocent' WHERE seq = ${seq}`);
      expect(await verifyChain(db)).toMatchObject({ ok: false, firstBrokenSeq: seq, problem: "hash_mismatch" });
      expect(await checkSavedHead(db, head)).toBe(true);

      // A careful forger recomputes the row's hash: the next row no longer links to it.
      await db.rows(sql`UPDATE compliance_logs SET hash = compliance_log_hash(seq, id, user_id, staff_id, action_type,
        regulatory_framework, "timestamp", metadata, prev_hash) WHERE seq = ${seq}`);
      expect(await verifyChain(db)).toMatchObject({
        ok: false,
        firstBrokenSeq: seq + 1,
        problem: "prev_hash_mismatch",
      });
    } finally {
      await db.rows(
        sql`UPDATE compliance_logs SET action_type = ${target.action_type}, hash = ${target.hash} WHERE seq = ${seq}`,
      );
      await db.exec(`ALTER TABLE compliance_logs ENABLE TRIGGER trg_compliance_logs_append_only`);
    }
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it("reports a row removed from the middle as a missing sequence number, where the chain resumes", async () => {
    const db = database();
    for (let i = 0; i < 4; i++) await insertLog(db, `gap-${i}`);
    const [saved] = await db.rows<Record<string, unknown>>(
      sql`SELECT * FROM compliance_logs WHERE action_type = 'gap-1'`,
    );
    const seq = Number(saved.seq);
    await db.exec(`ALTER TABLE compliance_logs DISABLE TRIGGER trg_compliance_logs_append_only`);
    try {
      await db.rows(sql`DELETE FROM compliance_logs WHERE seq = ${seq}`);
      // seq + 1 follows seq − 1: the gap is seen there (before its link, which is broken too).
      expect(await verifyChain(db)).toMatchObject({ ok: false, firstBrokenSeq: seq + 1, problem: "seq_gap" });
    } finally {
      await db.exec(`ALTER TABLE compliance_logs DISABLE TRIGGER USER`);
      await db.rows(sql`INSERT INTO compliance_logs (id, action_type, metadata, regulatory_framework, "timestamp", seq, prev_hash, hash)
        VALUES (${saved.id as string}, ${saved.action_type as string}, ${JSON.stringify(saved.metadata)}::jsonb, 'gdpr',
          ${String(saved.timestamp)}::timestamptz, ${seq}, ${saved.prev_hash as string}, ${saved.hash as string})`);
      await db.exec(`ALTER TABLE compliance_logs ENABLE TRIGGER USER`);
    }
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it("splits the chain into ranges that cover it once, in order", () => {
    expect(verificationRanges(40, 4, 5)).toEqual([
      [1, 10],
      [11, 20],
      [21, 30],
      [31, 40],
    ]);
    expect(verificationRanges(7, 4, 5)).toEqual([[1, 7]]);
    expect(verificationRanges(100_000, 4)).toEqual([
      [1, 50_000],
      [50_001, 100_000],
    ]);
    expect(verificationRanges(0, 4)).toEqual([[1, 0]]);
  });

  it("finds a break on either side of a boundary when verified in ranges", async () => {
    const db = database();
    for (let i = 0; i < 12; i++) await insertLog(db, `ranged-${i}`);
    const head = await chainHead(db);
    const inRanges = { ranges: 4, rangeRows: 3 } as const;
    expect(await verifyChain(db, inRanges)).toMatchObject({ ok: true, rows: head.seq });
    // The first row of the second range: Math.ceil(head / 4) + 1.
    const boundary = Math.ceil(head.seq / 4) + 1;
    const [saved] = await db.rows<Record<string, unknown>>(
      sql`SELECT * FROM compliance_logs WHERE seq = ${boundary - 1}`,
    );
    await db.exec(`ALTER TABLE compliance_logs DISABLE TRIGGER trg_compliance_logs_append_only`);
    try {
      // The last row of the first range, changed and re-hashed: the boundary row no longer links to it.
      await db.rows(sql`UPDATE compliance_logs SET action_type = 'innocent' WHERE seq = ${boundary - 1}`);
      expect(await verifyChain(db, inRanges)).toMatchObject({ ok: false, firstBrokenSeq: boundary - 1 });
      await db.rows(sql`UPDATE compliance_logs SET hash = compliance_log_hash(seq, id, user_id, staff_id, action_type,
        regulatory_framework, "timestamp", metadata, prev_hash) WHERE seq = ${boundary - 1}`);
      expect(await verifyChain(db, inRanges)).toMatchObject({
        ok: false,
        firstBrokenSeq: boundary,
        problem: "prev_hash_mismatch",
      });
      // Removed: the boundary row follows a missing one.
      await db.rows(sql`DELETE FROM compliance_logs WHERE seq = ${boundary - 1}`);
      expect(await verifyChain(db, inRanges)).toMatchObject({
        ok: false,
        firstBrokenSeq: boundary,
        problem: "seq_gap",
      });
    } finally {
      await db.exec(`ALTER TABLE compliance_logs DISABLE TRIGGER USER`);
      await db.rows(sql`DELETE FROM compliance_logs WHERE seq = ${boundary - 1}`);
      await db.rows(sql`INSERT INTO compliance_logs (id, action_type, metadata, regulatory_framework, "timestamp", seq, prev_hash, hash)
        VALUES (${saved.id as string}, ${saved.action_type as string}, ${JSON.stringify(saved.metadata)}::jsonb, 'gdpr',
          ${String(saved.timestamp)}::timestamptz, ${boundary - 1}, ${saved.prev_hash as string}, ${saved.hash as string})`);
      await db.exec(`ALTER TABLE compliance_logs ENABLE TRIGGER USER`);
    }
    expect(await verifyChain(db, inRanges)).toMatchObject({ ok: true, rows: head.seq });
  });

  it("reports rows removed from the end through the head", async () => {
    const db = database();
    await insertLog(db, "last-one");
    const head = await chainHead(db);
    await db.exec(`ALTER TABLE compliance_logs DISABLE TRIGGER trg_compliance_logs_append_only`);
    const [saved] = await db.rows<Record<string, unknown>>(sql`SELECT * FROM compliance_logs WHERE seq = ${head.seq}`);
    try {
      await db.rows(sql`DELETE FROM compliance_logs WHERE seq = ${head.seq}`);
      expect(await verifyChain(db)).toMatchObject({ ok: false, firstBrokenSeq: head.seq, problem: "head_mismatch" });
      expect(await checkSavedHead(db, head)).toBe(false);
    } finally {
      await db.exec(`ALTER TABLE compliance_logs DISABLE TRIGGER USER`);
      await db.rows(sql`INSERT INTO compliance_logs (id, action_type, metadata, regulatory_framework, "timestamp", seq, prev_hash, hash)
        VALUES (${saved.id as string}, ${saved.action_type as string}, ${JSON.stringify(saved.metadata)}::jsonb, 'gdpr',
          ${String(saved.timestamp)}::timestamptz, ${head.seq}, ${saved.prev_hash as string}, ${saved.hash as string})`);
      await db.exec(`ALTER TABLE compliance_logs ENABLE TRIGGER USER`);
    }
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it.each([
    ["UPDATE", sql`UPDATE compliance_logs SET action_type = 'x'`],
    ["DELETE", sql`DELETE FROM compliance_logs`],
    ["TRUNCATE", sql`TRUNCATE compliance_logs`],
    ["UPDATE", sql`UPDATE consent_logs SET granted = NOT granted`],
    ["DELETE", sql`DELETE FROM consent_logs`],
    ["TRUNCATE", sql`TRUNCATE consent_logs`],
  ])("refuses %s in the database (%#)", async (operation, statement) => {
    const db = database();
    const user = await insertUser(db);
    await db.rows(sql`INSERT INTO consent_logs (user_id, consent_type, granted) VALUES (${user}, 'marketing', true)`);
    const count = async () =>
      (
        await db.rows<{ n: number }>(
          sql`SELECT (SELECT count(*) FROM consent_logs) + (SELECT count(*) FROM compliance_logs) AS n`,
        )
      )[0].n;
    const before = await count();
    const error: unknown = await db.rows(statement).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      cause: expect.objectContaining({ message: expect.stringContaining(`append-only: ${operation} refused`) }),
    });
    // Surfaces to a staff member as a clear conflict, not an internal error.
    expect(toActionError(error)).toMatchObject({ code: "conflict", message: expect.stringMatching(/evidence/) });
    expect(await count()).toEqual(before);
  });
});

describe("the canonical form", () => {
  it("is computed the same way offline as in the database", async () => {
    const db = database();
    const metadata = `{"z": 1.50, "a": [true, null, -0.0, 1e3], "long key": {"é\\u0001": "tab\\there \\"quoted\\" \\\\ ✓"}, "b": ""}`;
    await insertLog(db, "canonical \u00e9 check", metadata);
    const [row] = await db.rows<Record<string, string> & { metadata_text: string }>(sql`
      SELECT seq::text, id::text, user_id::text, staff_id::text, action_type, regulatory_framework,
        to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "timestamp", metadata::text AS metadata_text,
        prev_hash, hash,
        compliance_log_canonical(seq, id, user_id, staff_id, action_type, regulatory_framework, "timestamp", metadata, prev_hash) AS canonical
      FROM compliance_logs WHERE action_type = 'canonical é check'`);
    const chainRow: ChainRow = {
      seq: Number(row.seq),
      id: row.id,
      user_id: row.user_id,
      staff_id: row.staff_id,
      action_type: row.action_type,
      regulatory_framework: row.regulatory_framework,
      timestamp: row.timestamp,
      metadata: parseJson(row.metadata_text),
      prev_hash: row.prev_hash,
      hash: row.hash,
    };
    expect(canonicalText(chainRow)).toBe(row.canonical);
    expect(rowHash(chainRow)).toBe(row.hash);
  });
});
