import { describe, expect, it } from "vitest";
import { sql, type Database } from "@/db/client";
import { useFreshDatabase } from "../support/database";
import { insertEvent, insertPayment, insertProfile, insertUser } from "../support/fixtures";
import { constraintOf, pgErrorFrom, restrictViolationCode } from "../support/pgError";
import { specTableNames } from "./spec";

/** What deleting a user (or a payment) does to the rows that point at it. */
const database = useFreshDatabase();

/** Each table's key, and the columns that tie a row to a user. */
const tables: Record<string, { key: string; userColumns: string[] }> = {
  users: { key: "id", userColumns: ["id"] },
  profiles: { key: "user_id", userColumns: ["user_id"] },
  attachment_assessments: { key: "id", userColumns: ["user_id"] },
  matches: { key: "id", userColumns: ["user_a_id", "user_b_id"] },
  messages: { key: "id", userColumns: ["from_user_id", "to_user_id"] },
  ai_interactions: { key: "id", userColumns: ["user_id"] },
  consent_logs: { key: "id", userColumns: ["user_id"] },
  compliance_logs: { key: "id", userColumns: ["user_id"] },
  subscriptions: { key: "id", userColumns: ["user_id"] },
  payments: { key: "id", userColumns: ["user_id"] },
  events: { key: "id", userColumns: [] },
  event_registrations: { key: "id", userColumns: ["user_id"] },
};

type Snapshot = Record<string, string[]>;

/** Every row key of every table (with its payment_id for registrations, to see SET NULL). */
async function snapshot(db: Database): Promise<Snapshot> {
  const result: Snapshot = {};
  for (const [table, { key }] of Object.entries(tables)) {
    const value = table === "event_registrations" ? `id || ':' || coalesce(payment_id::text, 'null')` : `${key}::text`;
    const rows = await db.rows<{ v: string }>(sql.raw(`SELECT ${value} AS v FROM "${table}" ORDER BY 1`));
    result[table] = rows.map((r) => r.v);
  }
  return result;
}

/** The keys of the rows, table by table, that name `userId` in one of their user columns. */
async function rowsOf(db: Database, userId: string): Promise<Snapshot> {
  const result: Snapshot = {};
  for (const [table, { key, userColumns }] of Object.entries(tables)) {
    if (userColumns.length === 0) continue;
    const where = userColumns.map((c) => `${c} = '${userId}'`).join(" OR ");
    const rows = await db.rows<{ v: string }>(
      sql.raw(`SELECT ${key}::text AS v FROM "${table}" WHERE ${where} ORDER BY 1`),
    );
    if (rows.length) result[table] = rows.map((r) => r.v);
  }
  return result;
}

const without = (all: Snapshot, removed: Snapshot): Snapshot =>
  Object.fromEntries(
    Object.entries(all).map(([table, keys]) => [
      table,
      keys.filter((k) => !(removed[table] ?? []).includes(table === "event_registrations" ? k.split(":")[0] : k)),
    ]),
  );

/** A user with one row in every user-owned table, linked to `other` where the row needs two users. */
async function userWithOwnedRows(db: Database, other: string, event: string): Promise<string> {
  const id = await insertUser(db);
  await insertProfile(db, id);
  await db.rows(sql`INSERT INTO attachment_assessments (user_id, anxiety_score, avoidance_score, style, total_questions)
    VALUES (${id}, 40, 60, 'avoidant', 30)`);
  await db.rows(sql`INSERT INTO ai_interactions (user_id, ai_type, disclosure_shown, user_consented)
    VALUES (${id}, 'practice_companion', true, true), (${id}, 'relationship_coach', true, false)`);
  await db.rows(sql`INSERT INTO subscriptions (user_id, tier, status) VALUES (${id}, 'premium', 'active')`);
  await db.rows(sql`INSERT INTO event_registrations (event_id, user_id) VALUES (${event}, ${id})`);
  await db.rows(
    sql`INSERT INTO messages (from_user_id, to_user_id, content) VALUES (${id}, ${other}, 'hi'), (${other}, ${id}, 'hey')`,
  );
  return id;
}

describe("deleting a user", () => {
  it("removes exactly their user-owned rows, and nobody else's", async () => {
    const db = database();
    const event = await insertEvent(db);
    const [bob, carol] = [await insertUser(db), await insertUser(db)];
    const alice = await userWithOwnedRows(db, bob, event);
    // Matches on both sides of alice, and one without her.
    await db.rows(sql`INSERT INTO matches (user_a_id, user_b_id, compatibility_score) VALUES
      (${alice}, ${bob}, 80), (${carol}, ${alice}, 60), (${bob}, ${carol}, 70)`);
    // Other users' rows of every kind, including the kinds that would block deleting them.
    const dave = await userWithOwnedRows(db, carol, event);
    const [payment, paidEvent] = [await insertPayment(db, dave), await insertEvent(db)];
    await db.rows(
      sql`INSERT INTO event_registrations (event_id, user_id, payment_id) VALUES (${paidEvent}, ${dave}, ${payment})`,
    );
    await db.rows(sql`INSERT INTO consent_logs (user_id, consent_type, granted) VALUES (${dave}, 'location', true)`);
    await db.rows(
      sql`INSERT INTO compliance_logs (user_id, action_type, regulatory_framework) VALUES (${dave}, 'export', 'gdpr')`,
    );
    await db.rows(sql`INSERT INTO messages (from_user_id, to_user_id, content) VALUES (${bob}, ${carol}, 'yo')`);

    const before = await snapshot(db);
    const owned = await rowsOf(db, alice);
    expect(Object.fromEntries(Object.entries(owned).map(([t, keys]) => [t, keys.length]))).toEqual({
      users: 1,
      profiles: 1,
      attachment_assessments: 1,
      matches: 2,
      messages: 2,
      ai_interactions: 2,
      subscriptions: 1,
      event_registrations: 1,
    });

    const deleted = await db.rows(sql`DELETE FROM users WHERE id = ${alice} RETURNING id`);
    expect(deleted).toHaveLength(1);
    expect(await snapshot(db)).toEqual(without(before, owned));
    expect(await rowsOf(db, alice)).toEqual({});
  });

  it.each(["payments", "consent_logs", "compliance_logs"])(
    "is refused while they have %s, and changes nothing",
    async (table) => {
      const db = database();
      const event = await insertEvent(db);
      const other = await insertUser(db);
      const frank = await userWithOwnedRows(db, other, event);
      if (table === "payments") await insertPayment(db, frank);
      if (table === "consent_logs") {
        await db.rows(sql`INSERT INTO consent_logs (user_id, consent_type, granted, consent_text, ip_address)
          VALUES (${frank}, 'sensitive_data', true, 'I agree', '203.0.113.7')`);
      }
      if (table === "compliance_logs") {
        await db.rows(sql`INSERT INTO compliance_logs (user_id, action_type, metadata, regulatory_framework)
          VALUES (${frank}, 'consent_recorded', '{"source":"test"}', 'gdpr')`);
      }
      const before = await snapshot(db);

      const error = await pgErrorFrom(db.rows(sql`DELETE FROM users WHERE id = ${frank}`));
      const [{ version }] = await db.rows<{ version: number }>(
        sql`SELECT current_setting('server_version_num')::int AS version`,
      );
      // 23503 foreign_key_violation on PostgreSQL 15; PostgreSQL 18 (PGlite) says 23001 restrict_violation.
      expect(error.code, error.message).toBe(restrictViolationCode(version));
      const fks = await db.rows<{ name: string }>(sql`SELECT conname AS name FROM pg_constraint
        WHERE contype = 'f' AND conrelid = ${`public.${table}`}::regclass AND confrelid = 'public.users'::regclass`);
      expect(fks.map((f) => f.name)).toContain(constraintOf(error));
      expect(await snapshot(db)).toEqual(before);
    },
  );
});

describe("deleting a payment", () => {
  it("keeps the registration it paid for, with payment_id set to null", async () => {
    const db = database();
    const [grace, heidi] = [await insertUser(db), await insertUser(db)];
    const event = await insertEvent(db);
    const [paymentG, paymentH] = [await insertPayment(db, grace), await insertPayment(db, heidi)];
    const [registration] = await db.rows<{
      id: string;
    }>(sql`INSERT INTO event_registrations (event_id, user_id, payment_id)
      VALUES (${event}, ${grace}, ${paymentG}) RETURNING id`);
    await db.rows(
      sql`INSERT INTO event_registrations (event_id, user_id, payment_id) VALUES (${event}, ${heidi}, ${paymentH})`,
    );

    await db.rows(sql`DELETE FROM payments WHERE id = ${paymentG}`);

    const rows = await db.rows<{ id: string; user_id: string; payment_id: string | null }>(sql`
      SELECT id::text, user_id::text, payment_id::text FROM event_registrations WHERE event_id = ${event} ORDER BY user_id = ${heidi}`);
    expect(rows).toEqual([
      { id: registration.id, user_id: grace, payment_id: null },
      { id: expect.any(String), user_id: heidi, payment_id: paymentH },
    ]);
  });
});

describe("deleting an event", () => {
  it("removes its registrations only", async () => {
    const db = database();
    const ivan = await insertUser(db);
    const [cancelled, kept] = [await insertEvent(db), await insertEvent(db)];
    await db.rows(
      sql`INSERT INTO event_registrations (event_id, user_id) VALUES (${cancelled}, ${ivan}), (${kept}, ${ivan})`,
    );
    await db.rows(sql`DELETE FROM events WHERE id = ${cancelled}`);
    const left = await db.rows<{ event_id: string }>(
      sql`SELECT event_id::text FROM event_registrations WHERE user_id = ${ivan}`,
    );
    expect(left).toEqual([{ event_id: kept }]);
  });
});

it("covers every table of the document", () => {
  expect(Object.keys(tables).sort()).toEqual([...specTableNames].sort());
});
