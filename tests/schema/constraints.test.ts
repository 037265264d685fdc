import { beforeAll, describe, expect, it } from "vitest";
import type { SQL } from "drizzle-orm";
import { sql } from "@/db/client";
import { useFreshDatabase } from "../support/database";
import { insertEvent, insertPayment, insertProfile, insertUser } from "../support/fixtures";
import { constraintOf, pgErrorFrom } from "../support/pgError";

/** Each constraint rejects its bad row, and the error names the constraint. */
const database = useFreshDatabase();

let alice: string;
let bob: string;
let event: string;
beforeAll(async () => {
  alice = await insertUser(database(), "alice@example.test");
  bob = await insertUser(database(), "bob@example.test");
  event = await insertEvent(database());
});

/** Looks up the check constraints on a column, to accept whichever one the schema named. */
async function checksOn(table: string, column: string): Promise<string[]> {
  const rows = await database().rows<{ name: string }>(sql`
    SELECT con.conname AS name FROM pg_constraint con
    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey)
    WHERE con.contype = 'c' AND con.conrelid = ${`public.${table}`}::regclass AND a.attname = ${column}`);
  return rows.map((r) => r.name);
}

interface CheckCase {
  label: string;
  /** The table and column the constraint guards (the error must name a check on it)… */
  table: string;
  column: string;
  /** …and, where the document names the constraint, that exact name. */
  constraint?: string;
  statement: () => SQL;
}

const minute = (m: number) => `2030-01-01T10:${String(m).padStart(2, "0")}:00Z`;

const checkCases: CheckCase[] = [
  // Named by the document.
  {
    label: "a match of a user with themself",
    table: "matches",
    column: "user_a_id",
    constraint: "different_users",
    statement: () =>
      sql`INSERT INTO matches (user_a_id, user_b_id, compatibility_score) VALUES (${alice}, ${alice}, 50)`,
  },
  {
    label: "a compatibility score above 100",
    table: "matches",
    column: "compatibility_score",
    constraint: "valid_score",
    statement: () =>
      sql`INSERT INTO matches (user_a_id, user_b_id, compatibility_score) VALUES (${alice}, ${bob}, 100.5)`,
  },
  {
    label: "a negative compatibility score",
    table: "matches",
    column: "compatibility_score",
    constraint: "valid_score",
    statement: () => sql`INSERT INTO matches (user_a_id, user_b_id, compatibility_score) VALUES (${alice}, ${bob}, -1)`,
  },
  {
    label: "an event ending when it starts",
    table: "events",
    column: "end_time",
    constraint: "valid_event_duration",
    statement: () => sql`INSERT INTO events (title, type, start_time, end_time, capacity)
      VALUES ('t', 'workshop', ${minute(30)}, ${minute(30)}, 10)`,
  },
  {
    label: "an event ending before it starts",
    table: "events",
    column: "end_time",
    constraint: "valid_event_duration",
    statement: () => sql`INSERT INTO events (title, type, start_time, end_time, capacity)
      VALUES ('t', 'workshop', ${minute(30)}, ${minute(0)}, 10)`,
  },
  {
    label: "an event for nobody",
    table: "events",
    column: "capacity",
    constraint: "positive_capacity",
    statement: () => sql`INSERT INTO events (title, type, start_time, end_time, capacity)
      VALUES ('t', 'workshop', ${minute(0)}, ${minute(30)}, 0)`,
  },
  {
    label: "a negative event price",
    table: "events",
    column: "price",
    constraint: "non_negative_price",
    statement: () => sql`INSERT INTO events (title, type, start_time, end_time, capacity, price)
      VALUES ('t', 'workshop', ${minute(0)}, ${minute(30)}, 10, -0.01)`,
  },
  {
    label: "an UPDATE lowering an event's capacity to zero",
    table: "events",
    column: "capacity",
    constraint: "positive_capacity",
    statement: () => sql`UPDATE events SET capacity = 0 WHERE id = ${event}`,
  },
  // Closed value lists.
  {
    label: "tier 'platinum' on a user",
    table: "users",
    column: "subscription_tier",
    statement: () => sql`INSERT INTO users (email, password_hash, subscription_tier)
      VALUES ('platinum@example.test', 'x', 'platinum')`,
  },
  {
    label: "attachment style 'chaotic'",
    table: "attachment_assessments",
    column: "style",
    statement:
      () => sql`INSERT INTO attachment_assessments (user_id, anxiety_score, avoidance_score, style, total_questions)
      VALUES (${alice}, 10, 10, 'chaotic', 30)`,
  },
  {
    label: "match status 'maybe'",
    table: "matches",
    column: "status",
    statement: () => sql`INSERT INTO matches (user_a_id, user_b_id, compatibility_score, status)
      VALUES (${alice}, ${bob}, 50, 'maybe')`,
  },
  {
    label: "payment status 'chargeback'",
    table: "payments",
    column: "status",
    statement: () =>
      sql`INSERT INTO payments (user_id, amount, type, status) VALUES (${alice}, 5, 'super_like', 'chargeback')`,
  },
  {
    label: "subscription status 'paused'",
    table: "subscriptions",
    column: "status",
    statement: () => sql`INSERT INTO subscriptions (user_id, tier, status) VALUES (${alice}, 'premium', 'paused')`,
  },
  {
    label: "subscription tier 'platinum'",
    table: "subscriptions",
    column: "tier",
    statement: () => sql`INSERT INTO subscriptions (user_id, tier, status) VALUES (${alice}, 'platinum', 'active')`,
  },
  {
    label: "registration status 'waitlisted'",
    table: "event_registrations",
    column: "status",
    statement: () =>
      sql`INSERT INTO event_registrations (event_id, user_id, status) VALUES (${event}, ${alice}, 'waitlisted')`,
  },
  {
    label: "regulatory framework 'hipaa'",
    table: "compliance_logs",
    column: "regulatory_framework",
    statement: () => sql`INSERT INTO compliance_logs (user_id, action_type, regulatory_framework)
      VALUES (${alice}, 'data_export', 'hipaa')`,
  },
  // Ranges.
  {
    label: "an anxiety score above 100",
    table: "attachment_assessments",
    column: "anxiety_score",
    statement:
      () => sql`INSERT INTO attachment_assessments (user_id, anxiety_score, avoidance_score, style, total_questions)
      VALUES (${alice}, 100.1, 10, 'secure', 30)`,
  },
  {
    label: "a negative avoidance score",
    table: "attachment_assessments",
    column: "avoidance_score",
    statement:
      () => sql`INSERT INTO attachment_assessments (user_id, anxiety_score, avoidance_score, style, total_questions)
      VALUES (${alice}, 10, -0.1, 'secure', 30)`,
  },
  {
    label: "a profile completeness above 100%",
    table: "profiles",
    column: "completeness_score",
    statement: () => sql`INSERT INTO profiles (user_id, name, age, gender, completeness_score)
      VALUES (${alice}, 'A', 30, 'woman', 101)`,
  },
  {
    label: "a 17-year-old",
    table: "profiles",
    column: "age",
    statement: () => sql`INSERT INTO profiles (user_id, name, age, gender) VALUES (${alice}, 'A', 17, 'woman')`,
  },
  {
    label: "min_age above max_age",
    table: "profiles",
    column: "min_age",
    statement: () => sql`INSERT INTO profiles (user_id, name, age, gender, min_age, max_age)
      VALUES (${alice}, 'A', 30, 'woman', 40, 30)`,
  },
  {
    label: "looking for 17-year-olds",
    table: "profiles",
    column: "min_age",
    statement: () => sql`INSERT INTO profiles (user_id, name, age, gender, min_age, max_age)
      VALUES (${alice}, 'A', 30, 'woman', 17, 30)`,
  },
  {
    label: "a negative payment amount",
    table: "payments",
    column: "amount",
    statement: () =>
      sql`INSERT INTO payments (user_id, amount, type, status) VALUES (${alice}, -0.01, 'refund', 'refunded')`,
  },
];

describe("check constraints reject bad rows", () => {
  it.each(checkCases.map((c) => [c.label, c] as const))("%s", async (_label, c) => {
    const error = await pgErrorFrom(database().rows(c.statement()));
    expect(error.code, error.message).toBe("23514"); // check_violation
    const named = constraintOf(error);
    if (c.constraint) expect(named).toBe(c.constraint);
    else expect(await checksOn(c.table, c.column)).toContain(named);
  });

  it("accepts the boundary values of every range", async () => {
    const carol = await insertUser(database());
    await database()
      .rows(sql`INSERT INTO attachment_assessments (user_id, anxiety_score, avoidance_score, style, total_questions)
      VALUES (${carol}, 0, 100, 'fearful-avoidant', 1)`);
    await database().rows(sql`INSERT INTO profiles (user_id, name, age, gender, completeness_score, min_age, max_age)
      VALUES (${carol}, 'C', 18, 'man', 100, 18, 18)`);
    await database().rows(
      sql`INSERT INTO matches (user_a_id, user_b_id, compatibility_score) VALUES (${carol}, ${bob}, 100)`,
    );
    await database().rows(
      sql`INSERT INTO matches (user_a_id, user_b_id, compatibility_score) VALUES (${carol}, ${alice}, 0)`,
    );
    await database().rows(
      sql`INSERT INTO payments (user_id, amount, type, status) VALUES (${carol}, 0, 'promo', 'succeeded')`,
    );
    await database().rows(sql`INSERT INTO events (title, type, start_time, end_time, capacity, price)
      VALUES ('free', 'ama', ${minute(0)}, ${minute(1)}, 1, 0)`);
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM matches WHERE user_a_id = ${carol}`,
    );
    expect(n).toBe(2);
  });
});

describe("unique constraints", () => {
  interface UniqueCase {
    label: string;
    constraint: string;
    first: () => SQL;
    second: () => SQL;
  }
  const uniqueCases: UniqueCase[] = [
    {
      label: "a duplicate email",
      constraint: "ix_users_email",
      first: () => sql`INSERT INTO users (email, password_hash) VALUES ('twice@example.test', 'x')`,
      second: () => sql`INSERT INTO users (email, password_hash) VALUES ('twice@example.test', 'y')`,
    },
    {
      label: "a second assessment for one user",
      constraint: "ix_attachment_assessments_user_id",
      first:
        () => sql`INSERT INTO attachment_assessments (user_id, anxiety_score, avoidance_score, style, total_questions)
        VALUES (${bob}, 20, 30, 'secure', 30)`,
      second:
        () => sql`INSERT INTO attachment_assessments (user_id, anxiety_score, avoidance_score, style, total_questions)
        VALUES (${bob}, 60, 70, 'anxious', 30)`,
    },
    {
      label: "a second subscription for one user",
      constraint: "ix_subscriptions_user_id",
      first: () => sql`INSERT INTO subscriptions (user_id, tier, status) VALUES (${bob}, 'premium', 'active')`,
      second: () => sql`INSERT INTO subscriptions (user_id, tier, status) VALUES (${bob}, 'elite', 'trialing')`,
    },
    {
      label: "a second profile for one user",
      constraint: "profiles_pkey",
      first: () => sql`INSERT INTO profiles (user_id, name, age, gender) VALUES (${bob}, 'Bob', 40, 'man')`,
      second: () => sql`INSERT INTO profiles (user_id, name, age, gender) VALUES (${bob}, 'Robert', 41, 'man')`,
    },
  ];

  it.each(uniqueCases.map((c) => [c.label, c] as const))("%s is rejected", async (_label, c) => {
    await database().rows(c.first());
    const error = await pgErrorFrom(database().rows(c.second()));
    expect(error.code, error.message).toBe("23505"); // unique_violation
    expect(constraintOf(error)).toBe(c.constraint);
  });
});

describe("foreign keys", () => {
  it("refuse a row for a user that does not exist", async () => {
    const error = await pgErrorFrom(
      database().rows(sql`INSERT INTO profiles (user_id, name, age, gender)
        VALUES ('00000000-0000-4000-8000-000000000000', 'Ghost', 30, 'woman')`),
    );
    expect(error.code).toBe("23503"); // foreign_key_violation
    expect(constraintOf(error)).toMatch(/^profiles_.*user/);
  });
});

describe("updated_at", () => {
  /** A row of each table with updated_at, and a harmless change to make to it. */
  const tables: { table: string; insert: () => Promise<string>; touch: SQL }[] = [];
  const past = "2001-02-03T04:05:06Z";

  beforeAll(async () => {
    const dana = await insertUser(database());
    const erin = await insertUser(database());
    await insertProfile(database(), dana, "Dana");
    const payment = await insertPayment(database(), dana);
    const oneRow = async (statement: SQL) => (await database().rows<{ id: string }>(statement))[0].id;
    tables.push(
      { table: "users", insert: async () => dana, touch: sql`verified = true` },
      { table: "profiles", insert: async () => dana, touch: sql`bio = 'hello'` },
      {
        table: "attachment_assessments",
        insert: () =>
          oneRow(sql`INSERT INTO attachment_assessments (user_id, anxiety_score, avoidance_score, style, total_questions)
            VALUES (${dana}, 10, 10, 'secure', 30) RETURNING id`),
        touch: sql`anxiety_score = 11`,
      },
      {
        table: "matches",
        insert: () =>
          oneRow(sql`INSERT INTO matches (user_a_id, user_b_id, compatibility_score)
            VALUES (${dana}, ${erin}, 70) RETURNING id`),
        touch: sql`status = 'liked'`,
      },
      {
        table: "subscriptions",
        insert: () =>
          oneRow(
            sql`INSERT INTO subscriptions (user_id, tier, status) VALUES (${dana}, 'premium', 'active') RETURNING id`,
          ),
        touch: sql`status = 'canceled'`,
      },
      { table: "events", insert: () => insertEvent(database()), touch: sql`capacity = 30` },
      {
        table: "event_registrations",
        insert: () =>
          oneRow(sql`INSERT INTO event_registrations (event_id, user_id, payment_id)
            VALUES (${event}, ${dana}, ${payment}) RETURNING id`),
        touch: sql`status = 'attended'`,
      },
    );
  });

  it.each(["users", "profiles", "attachment_assessments", "matches", "subscriptions", "events", "event_registrations"])(
    "%s: an UPDATE moves updated_at forward, whatever the client sends",
    async (table) => {
      const entry = tables.find((t) => t.table === table);
      if (!entry) throw new Error(`no fixture for ${table}`);
      const id = await entry.insert();
      const key = sql.raw(table === "profiles" ? "user_id" : "id");
      const name = sql.raw(`"${table}"`);
      await database().rows(sql`UPDATE ${name} SET created_at = ${past} WHERE ${key} = ${id}`);
      // Even an UPDATE that sets updated_at itself (to the past) gets the database's clock; created_at stays.
      const [after] = await database().rows<{ moved: boolean; kept_created: boolean }>(sql`
        UPDATE ${name} SET ${entry.touch}, updated_at = ${past} WHERE ${key} = ${id}
        RETURNING updated_at > ${past}::timestamptz AS moved, created_at = ${past}::timestamptz AS kept_created`);
      expect(after).toEqual({ moved: true, kept_created: true });
    },
  );
});
