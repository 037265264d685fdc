import { describe, expect, it } from "vitest";
import { openDatabase, sql, type Database } from "../../db/client";
import { migrateToHead, rollback } from "../../db/migrator";
import { chainHead, verifyChain } from "../../server/audit/chain";
import { sequenceAuditChain, sequenceBatch, unsequencedCount } from "../../server/audit/sequencer";
import { useFreshDatabase } from "../support/database";
import { currentEngine } from "../support/engine";

/**
 * Issue #11 §3: writers append audit rows without waiting on one another; one sequencer at a time
 * (an advisory lock, across app servers) chains the committed rows. On PostgreSQL the writers and
 * sequencers are really concurrent connections; PGlite has one connection, so there they take turns.
 */
const database = useFreshDatabase();
const onPostgres = currentEngine() === "postgres";

/** Another handle on the same database, standing for another app server (PGlite: the same handle). */
async function server(): Promise<Database> {
  const db = database();
  if (!onPostgres) return db;
  const [{ name }] = await db.rows<{ name: string }>(sql`SELECT current_database() AS name`);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return openDatabase({ url: url.toString() });
}
const closeAll = (handles: Database[]) =>
  onPostgres ? Promise.all(handles.map((h) => h.close())) : Promise.resolve([]);

const insert = (db: Database, actionType: string) =>
  db.rows(sql`INSERT INTO compliance_logs (action_type, regulatory_framework) VALUES (${actionType}, 'gdpr')`);

async function disorders(db: Database): Promise<number> {
  const [{ n }] = await db.rows<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM compliance_logs a JOIN compliance_logs b ON b.seq = a.seq + 1
    WHERE a.seq > 0 AND b."timestamp" < a."timestamp"`);
  return n;
}

describe("the audit chain's sequencer", () => {
  it("leaves an inserted row unsequenced, visible and append-only, until the sequencer chains it", async () => {
    const db = database();
    const before = await chainHead(db);
    // Chain values a writer sends are ignored.
    await db.rows(sql`INSERT INTO compliance_logs (action_type, regulatory_framework, seq, prev_hash, hash)
      VALUES ('waiting', 'gdpr', 42, ${"a".repeat(64)}, ${"b".repeat(64)})`);
    const row = sql`SELECT seq::int AS seq, prev_hash, hash FROM compliance_logs WHERE action_type = 'waiting'`;
    expect(await db.rows(row)).toEqual([{ seq: 0, prev_hash: "", hash: "" }]);
    expect(await unsequencedCount(db)).toBe(1);
    expect(await verifyChain(db, { sequence: false })).toMatchObject({ ok: true, unsequenced: 1, rows: before.seq });
    await expect(db.rows(sql`DELETE FROM compliance_logs WHERE action_type = 'waiting'`)).rejects.toThrow();
    await expect(db.rows(sql`UPDATE compliance_logs SET seq = 1 WHERE action_type = 'waiting'`)).rejects.toThrow();

    expect(await sequenceAuditChain(db)).toBe(1);
    const [chained] = await db.rows<{ seq: number; prev_hash: string; hash: string }>(row);
    expect(chained.seq).toBe(before.seq + 1);
    expect(chained.prev_hash).toBe(before.hash);
    expect(await chainHead(db)).toEqual({ seq: before.seq + 1, hash: chained.hash });
    expect(await verifyChain(db)).toMatchObject({ ok: true, unsequenced: 0, rows: before.seq + 1 });
  });

  it("lets only the sequencing transition through, and only with the values the chain dictates", async () => {
    const db = database();
    await insert(db, "forge-target");
    const head = await chainHead(db, { sequence: false });
    const attempt = (update: string) =>
      db.execInTransaction(`SET LOCAL saltbitter.sequencing = 'on'; ${update}`).then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message + String((e.cause as Error | undefined)?.message ?? "") : e),
      );
    const target = "action_type = 'forge-target'";
    const next = head.seq + 1;
    const prev = head.seq ? `'${head.hash}'` : `repeat('0', 64)`;
    const prevTime = head.seq ? `(SELECT "timestamp" FROM compliance_logs WHERE seq = ${head.seq})` : `"timestamp"`;
    const time = `greatest("timestamp", ${prevTime})`;
    /** The hash of the row as it would read with these seq, time and prev_hash (computed by the database). */
    const hashOf = (seq: number, ts: string, prevHash: string, metadata = "metadata") =>
      `compliance_log_hash(${seq}, id, user_id, staff_id, action_type, regulatory_framework, ${ts}, ${metadata}, ${prevHash})`;
    const chainAs = (seq: number, ts: string, prevHash: string, hash = hashOf(seq, ts, prevHash)) =>
      `UPDATE compliance_logs SET seq = ${seq}, "timestamp" = ${ts}, prev_hash = ${prevHash}, hash = ${hash} WHERE ${target}`;

    // Content changes, a gap, a position taken: refused.
    expect(
      await attempt(
        `UPDATE compliance_logs SET seq = ${next}, "timestamp" = ${time}, prev_hash = ${prev}, metadata = '{"x": 1}',
          hash = ${hashOf(next, time, prev, `'{"x": 1}'::jsonb`)} WHERE ${target}`,
      ),
    ).toMatch(/may not change/);
    expect(await attempt(chainAs(next + 1, time, `repeat('a', 64)`))).toMatch(/gap/);
    if (head.seq > 0) expect(await attempt(chainAs(head.seq, time, prev))).toMatch(/duplicate|unique/);
    // Forged hashes, links and times: refused.
    expect(await attempt(chainAs(next, time, prev, `repeat('b', 64)`))).toMatch(/hash that is not/);
    expect(await attempt(chainAs(next, time, `repeat('a', 64)`))).toMatch(/does not link/);
    expect(await attempt(chainAs(next, `'1999-01-01'::timestamptz`, prev))).toMatch(/later of its own timestamp/);
    // Without its hashes the row is not chained either (the table's check).
    expect(await attempt(`UPDATE compliance_logs SET seq = ${next} WHERE ${target}`)).toMatch(/check/);
    // The values the chain dictates: accepted.
    expect(await attempt(chainAs(next, time, prev))).toBeNull();
    const [row] = await db.rows<{ prev_hash: string; ok: boolean }>(sql`
      SELECT prev_hash, hash = compliance_log_hash(seq, id, user_id, staff_id, action_type, regulatory_framework,
        "timestamp", metadata, prev_hash) AS ok
      FROM compliance_logs WHERE action_type = 'forge-target'`);
    expect(row).toEqual({ prev_hash: head.seq ? head.hash : "0".repeat(64), ok: true });
    // A sequenced row never changes again, even during sequencing.
    expect(await attempt(`UPDATE compliance_logs SET seq = ${head.seq + 5} WHERE ${target}`)).toMatch(
      /already sequenced/,
    );
    // The head is the sequencer's to move (this test chained a row by hand): put it where the row is.
    await db.rows(sql`UPDATE compliance_chain_head SET seq = ${next},
      hash = (SELECT hash FROM compliance_logs WHERE action_type = 'forge-target') WHERE id = 1`);
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it("chains a row committed after later rows were sequenced next, raising its time to its predecessor's", async () => {
    const db = database();
    if (onPostgres) {
      const other = await server();
      try {
        const reserved = await other.driver.postgres!.reserve();
        try {
          // A inserts and stays open; B inserts and commits at once, without waiting for A.
          await reserved.unsafe("BEGIN");
          await reserved.unsafe(
            "INSERT INTO compliance_logs (action_type, regulatory_framework) VALUES ('late-a', 'gdpr')",
          );
          const started = performance.now();
          await insert(db, "early-b");
          expect(performance.now() - started).toBeLessThan(2000);
          expect(await sequenceAuditChain(db)).toBe(1); // A's row is not visible yet: not waited for
          await reserved.unsafe("COMMIT");
        } finally {
          reserved.release();
        }
      } finally {
        await closeAll([other]);
      }
    } else {
      // One connection: a late commit is a row chained after the head though its own time is earlier.
      await insert(db, "early-b");
      await sequenceAuditChain(db);
      await db.rows(sql`INSERT INTO compliance_logs (action_type, regulatory_framework, "timestamp")
        SELECT 'late-a', 'gdpr', "timestamp" - interval '1 second' FROM compliance_logs WHERE action_type = 'early-b'`);
    }
    expect(await sequenceAuditChain(db)).toBeGreaterThanOrEqual(1);
    const rows = await db.rows<{ action_type: string; seq: number; later: boolean }>(sql`
      SELECT action_type, seq::int AS seq, "timestamp" >= (SELECT "timestamp" FROM compliance_logs WHERE action_type = 'early-b') AS later
      FROM compliance_logs WHERE action_type IN ('early-b', 'late-a') ORDER BY seq`);
    expect(rows.map((r) => r.action_type)).toEqual(["early-b", "late-a"]);
    expect(rows[1].seq).toBe(rows[0].seq + 1);
    expect(rows[1].later).toBe(true);
    expect(await disorders(db)).toBe(0);
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it("does not touch the head when nothing waits (servers ask every 200 ms, idle or not)", async () => {
    const db = database();
    await sequenceAuditChain(db);
    const lockedBy = async () =>
      (await db.rows<{ xmax: string }>(sql`SELECT xmax::text AS xmax FROM compliance_chain_head WHERE id = 1`))[0].xmax;
    const before = await lockedBy();
    expect(await sequenceBatch(db)).toBe(0);
    expect(await sequenceBatch(db, 10, true)).toBe(0);
    // FOR UPDATE would have stamped the head row with the caller's transaction (a write, WAL to replicas).
    expect(await lockedBy()).toBe(before);
    await insert(db, "waiting-again");
    expect(await sequenceBatch(db)).toBe(1);
  });

  it("chains the rows of one transaction in the order it wrote them, however coarse the clock", async () => {
    const db = database();
    const names = Array.from({ length: 12 }, (_, i) => `in-order-${String(i).padStart(2, "0")}`);
    await db.execInTransaction(
      names
        .map((name) => `INSERT INTO compliance_logs (action_type, regulatory_framework) VALUES ('${name}', 'gdpr');`)
        .join("\n"),
    );
    await sequenceAuditChain(db);
    const chained = await db.rows<{ action_type: string }>(sql`
      SELECT action_type FROM compliance_logs WHERE action_type LIKE 'in-order-%' ORDER BY seq`);
    expect(chained.map((r) => r.action_type)).toEqual(names);
  });

  it("raises a backdated row's time to its predecessor's when it is chained", async () => {
    const db = database();
    await insert(db, "now-row");
    await sequenceAuditChain(db);
    await db.rows(sql`INSERT INTO compliance_logs (action_type, regulatory_framework, "timestamp")
      VALUES ('backdated-row', 'gdpr', '2001-01-01T00:00:00Z')`);
    await sequenceAuditChain(db);
    const [row] = await db.rows<{ same: boolean }>(sql`
      SELECT b."timestamp" = a."timestamp" AS same FROM compliance_logs a JOIN compliance_logs b ON b.seq = a.seq + 1
      WHERE a.action_type = 'now-row' AND b.action_type = 'backdated-row'`);
    expect(row).toEqual({ same: true });
  });

  it("forms one valid chain from 24 concurrent writers on two app servers with their sequencers running", async () => {
    const servers = [await server(), await server()];
    const writers = onPostgres ? await Promise.all(Array.from({ length: 24 }, () => server())) : [];
    const before = await chainHead(database());
    let writing = true;
    try {
      // Each app server's background sequencer, racing the other for the lock while writers write.
      const sequencers = servers.map(async (s) => {
        while (writing) {
          await sequenceBatch(s, 50);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      });
      await Promise.all(
        Array.from({ length: 24 }, async (_, w) => {
          const db = onPostgres ? writers[w] : servers[w % 2];
          for (let i = 0; i < 5; i++) {
            if (i % 2)
              await db.db.transaction(async (tx) => {
                await tx.execute(
                  sql`INSERT INTO compliance_logs (action_type, regulatory_framework) VALUES (${`w${w}-${i}a`}, 'gdpr')`,
                );
                await tx.execute(
                  sql`INSERT INTO compliance_logs (action_type, regulatory_framework) VALUES (${`w${w}-${i}b`}, 'gdpr'), (${`w${w}-${i}c`}, 'gdpr')`,
                );
              });
            else await insert(db, `w${w}-${i}`);
          }
        }),
      );
      writing = false;
      await Promise.all(sequencers);
    } finally {
      writing = false;
      await closeAll([...servers, ...writers]);
    }
    const db = database();
    const result = await verifyChain(db);
    expect(result).toMatchObject({ ok: true, unsequenced: 0, rows: before.seq + 24 * (3 + 2 * 3) });
    const [{ distinct, seqs }] = await db.rows<{ distinct: number; seqs: number }>(
      sql`SELECT count(DISTINCT prev_hash)::int AS distinct, count(DISTINCT seq)::int AS seqs FROM compliance_logs`,
    );
    expect(distinct).toBe(result.rows); // no fork
    expect(seqs).toBe(result.rows);
    expect(await disorders(db)).toBe(0);
  });

  it("never lets two sequencers assign the same position", async () => {
    const handles = [await server(), await server(), await server()];
    const db = database();
    try {
      await db.rows(sql`INSERT INTO compliance_logs (action_type, regulatory_framework)
        SELECT 'pair-' || g, 'gdpr' FROM generate_series(1, 300) g`);
      // Several at once: those that do not get the lock return -1 (or wait, then find less to do).
      const counts = await Promise.all(
        handles.flatMap((h) => [sequenceBatch(h, 100), sequenceBatch(h, 100, true), sequenceAuditChain(h)]),
      );
      const chained = counts.filter((n) => n > 0).reduce((a, b) => a + b, 0);
      expect(chained).toBe(300);
    } finally {
      await closeAll(handles);
    }
    const [{ rows, seqs, max }] = await db.rows<{ rows: number; seqs: number; max: number }>(
      sql`SELECT count(*)::int AS rows, count(DISTINCT seq)::int AS seqs, max(seq)::int AS max FROM compliance_logs`,
    );
    expect(seqs).toBe(rows);
    expect(max).toBe(rows);
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it.runIf(onPostgres)(
    "while another server holds the sequencer's lock: returns -1 at once, or with `wait` queues and then chains",
    async () => {
      const holder = await server();
      const other = await server();
      const db = database();
      try {
        await db.rows(sql`INSERT INTO compliance_logs (action_type, regulatory_framework)
          SELECT 'locked-' || g, 'gdpr' FROM generate_series(1, 5) g`);
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const lockTaken = new Promise<void>((resolve) => (locked = resolve));
        // Another app server's sequencer mid-run: the same transaction-scoped advisory lock.
        const holding = holder.db.transaction(async (tx) => {
          await tx.execute(sql`SELECT pg_advisory_xact_lock(4242001016)`);
          locked();
          await released;
        });
        await lockTaken;
        expect(await sequenceBatch(other, 100, false)).toBe(-1);
        expect(await unsequencedCount(db)).toBeGreaterThanOrEqual(5);
        let waitedResult: number | undefined;
        const waiting = sequenceBatch(other, 100, true).then((n) => (waitedResult = n));
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(waitedResult).toBeUndefined();
        release();
        await holding;
        expect(await waiting).toBeGreaterThanOrEqual(5);
        expect(await unsequencedCount(db)).toBe(0);
      } finally {
        await closeAll([holder, other]);
      }
    },
  );

  // Last: it rolls this file's database back and forth.
  it("rolls back to chaining at insert, chaining the rows still waiting first (down migration)", async () => {
    const db = database();
    await insert(db, "before-down");
    expect(await unsequencedCount(db)).toBe(1);
    await rollback(db, { kind: "to", tag: "0015_messages_fillfactor" });
    expect(await unsequencedCount(db)).toBe(0);
    await insert(db, "after-down"); // chained at once, by the triggers of 0012
    expect(await unsequencedCount(db)).toBe(0);
    expect(await verifyChain(db, { sequence: false })).toMatchObject({ ok: true });
    await migrateToHead(db);
    await insert(db, "after-up");
    expect(await verifyChain(db)).toMatchObject({ ok: true, unsequenced: 0 });
    expect(await disorders(db)).toBe(0);
  });
});
