import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type Database } from "../../db/client";
import { seedChecksum, seedDatabase, type SeedReport } from "../../db/seeding";
import { tierPrices } from "../../db/seeding/billing";
import { cities } from "../../db/seeding/vocabulary";
import { catalogSnapshot } from "../support/catalog";
import { freshDatabase, type TestDatabase } from "../support/database";

const anchor = "2026-11-01T00:00:00.000Z";
const users = 400;

/** Runs a query expected to find no offending rows, and shows a few when it does. */
async function offenders(database: Database, query: ReturnType<typeof sql>): Promise<unknown[]> {
  return database.rows(query);
}

describe("seed", () => {
  let first: TestDatabase;
  let second: TestDatabase;
  let other: TestDatabase;
  let bulk: TestDatabase;
  let bulkReport: SeedReport;
  beforeAll(async () => {
    [first, second, other, bulk] = await Promise.all([
      freshDatabase(),
      freshDatabase(),
      freshDatabase(),
      freshDatabase(),
    ]);
    await seedDatabase(first.database, { users, seed: 7, anchor });
    await seedDatabase(second.database, { users, seed: 7, anchor });
    await seedDatabase(other.database, { users, seed: 8, anchor });
    bulkReport = await seedDatabase(bulk.database, { users, seed: 7, anchor, bulkLoad: true });
  }, 180_000);
  afterAll(async () => {
    await Promise.all([first, second, other, bulk].map((d) => d?.dispose()));
  });

  it("loads in bulk (keys and indexes dropped, rebuilt after) to the same rows and the same schema", async () => {
    expect(await seedChecksum(bulk.database)).toBe(await seedChecksum(first.database));
    expect(await catalogSnapshot(bulk.database)).toEqual(await catalogSnapshot(first.database));
    const [keys] = await bulk.database.rows<{ unchecked: number }>(
      sql`SELECT count(*)::int AS unchecked FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND NOT convalidated`,
    );
    expect(keys.unchecked).toBe(0);
    // Autovacuum, paused on the seeded tables while loading, is back.
    const [options] = await bulk.database.rows<{ tables: string[] | null }>(
      sql`SELECT array_agg(relname::text) AS tables FROM pg_class WHERE relnamespace = 'public'::regnamespace AND reloptions IS NOT NULL`,
    );
    expect(options.tables).toBeNull();
    const written = Object.fromEntries(bulkReport.tables.map((t) => [t.table, t.rows]));
    const [counted] = await bulk.database.rows<{ users: number; payments: number }>(
      sql`SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM payments)::int AS payments`,
    );
    expect(written.users).toBe(counted.users);
    expect(written.payments).toBe(counted.payments);
  });

  it("is deterministic: the same seed gives the same rows, another seed other rows", async () => {
    const [a, b, c] = await Promise.all([first, second, other].map((d) => seedChecksum(d.database)));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it("fills all twelve tables", async () => {
    const db = first.database;
    for (const table of [
      "users",
      "profiles",
      "attachment_assessments",
      "matches",
      "messages",
      "ai_interactions",
      "consent_logs",
      "compliance_logs",
      "subscriptions",
      "payments",
      "events",
      "event_registrations",
    ]) {
      const [row] = await db.rows<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM "${table}"`));
      expect(row.n, table).toBeGreaterThan(0);
    }
    const [row] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`);
    expect(row.n).toBe(users);
  });

  it("makes adults of 18–80 whose profile completeness follows from the profile", async () => {
    const db = first.database;
    const [ages] = await db.rows<{ lo: number; hi: number }>(sql`SELECT min(age) AS lo, max(age) AS hi FROM profiles`);
    expect(ages.lo).toBeGreaterThanOrEqual(18);
    expect(ages.hi).toBeLessThanOrEqual(80);
    const wrong = await offenders(
      db,
      sql`SELECT user_id FROM profiles WHERE completeness_score <> 30 + CASE WHEN bio IS NULL THEN 0 ELSE 20 END
            + least(jsonb_array_length(photos), 6) * 5 + CASE WHEN location IS NULL THEN 0 ELSE 10 END
            + CASE WHEN looking_for_gender IS NULL THEN 0 ELSE 10 END`,
    );
    expect(wrong).toEqual([]);
  });

  it("clusters locations around real cities on several continents", async () => {
    const db = first.database;
    const centres = cities.map(([, lat, lon]) => `ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography`).join(",");
    const [row] = await db.rows<{ near: number; located: number; continents: number }>(
      sql.raw(`SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM unnest(ARRAY[${centres}]) c WHERE ST_DWithin(p.location, c, 150000)))::int AS near,
                      count(location)::int AS located,
                      count(DISTINCT round(ST_X(location::geometry) / 60))::int AS continents
               FROM profiles p WHERE location IS NOT NULL AND NOT (ST_X(location::geometry) = 0 AND ST_Y(location::geometry) = 0)`),
    );
    expect(row.near / row.located).toBeGreaterThan(0.97);
    expect(row.continents).toBeGreaterThanOrEqual(4);
  });

  it("derives the attachment style from the anxiety/avoidance quadrant", async () => {
    const wrong = await offenders(
      first.database,
      sql`SELECT id FROM attachment_assessments WHERE style <> CASE
            WHEN anxiety_score < 50 AND avoidance_score < 50 THEN 'secure'
            WHEN anxiety_score >= 50 AND avoidance_score < 50 THEN 'anxious'
            WHEN anxiety_score < 50 THEN 'avoidant' ELSE 'fearful-avoidant' END`,
    );
    expect(wrong).toEqual([]);
  });

  it("sends messages only between matched users", async () => {
    const wrong = await offenders(
      first.database,
      sql`SELECT m.id FROM messages m WHERE NOT EXISTS (
            SELECT 1 FROM matches x WHERE x.status = 'matched'
              AND ((x.user_a_id = m.from_user_id AND x.user_b_id = m.to_user_id)
                OR (x.user_b_id = m.from_user_id AND x.user_a_id = m.to_user_id)))`,
    );
    expect(wrong).toEqual([]);
  });

  it("keeps subscriptions and payments in agreement with each user's tier", async () => {
    const db = first.database;
    const missing = await offenders(
      db,
      sql`SELECT u.id FROM users u LEFT JOIN subscriptions s ON s.user_id = u.id
          WHERE u.subscription_tier <> 'free'
            AND (s.id IS NULL OR s.tier <> u.subscription_tier OR s.status NOT IN ('active', 'trialing', 'past_due'))`,
    );
    expect(missing).toEqual([]);
    const freeWithLive = await offenders(
      db,
      sql`SELECT u.id FROM users u JOIN subscriptions s ON s.user_id = u.id WHERE u.subscription_tier = 'free' AND s.status <> 'canceled'`,
    );
    expect(freeWithLive).toEqual([]);
    const wrongAmount = await offenders(
      db,
      sql`SELECT p.id FROM payments p JOIN users u ON u.id = p.user_id WHERE p.type = 'subscription'
          AND p.amount <> CASE u.subscription_tier WHEN 'elite' THEN ${tierPrices.elite}::numeric ELSE ${tierPrices.premium}::numeric END`,
    );
    expect(wrongAmount).toEqual([]);
  });

  it("has past and future events whose registrations never exceed capacity", async () => {
    const db = first.database;
    const [span] = await db.rows<{ past: number; future: number }>(
      sql`SELECT count(*) FILTER (WHERE start_time < ${anchor}::timestamptz)::int AS past,
                 count(*) FILTER (WHERE start_time >= ${anchor}::timestamptz)::int AS future FROM events`,
    );
    expect(span.past).toBeGreaterThan(0);
    expect(span.future).toBeGreaterThan(0);
    const over = await offenders(
      db,
      sql`SELECT e.id FROM events e JOIN event_registrations r ON r.event_id = e.id GROUP BY e.id, e.capacity HAVING count(*) > e.capacity`,
    );
    expect(over).toEqual([]);
    const unpaid = await offenders(
      db,
      sql`SELECT r.id FROM event_registrations r JOIN events e ON e.id = r.event_id LEFT JOIN payments p ON p.id = r.payment_id
          WHERE e.price > 0 AND (p.id IS NULL OR p.amount <> e.price OR p.user_id <> r.user_id)`,
    );
    expect(unpaid).toEqual([]);
  });

  it("records consent grants and withdrawals, and AI interactions some of which lack disclosure or consent", async () => {
    const db = first.database;
    const [consent] = await db.rows<{ grants: number; withdrawals: number }>(
      sql`SELECT count(*) FILTER (WHERE granted)::int AS grants, count(*) FILTER (WHERE NOT granted)::int AS withdrawals FROM consent_logs`,
    );
    expect(consent.grants).toBeGreaterThan(0);
    expect(consent.withdrawals).toBeGreaterThan(0);
    const [ai] = await db.rows<{ total: number; undisclosed: number; unconsented: number }>(
      sql`SELECT count(*)::int AS total, count(*) FILTER (WHERE NOT disclosure_shown)::int AS undisclosed,
                 count(*) FILTER (WHERE NOT user_consented)::int AS unconsented FROM ai_interactions`,
    );
    expect(ai.undisclosed).toBeGreaterThan(0);
    expect(ai.unconsented).toBeGreaterThan(0);
    expect(ai.undisclosed).toBeLessThan(ai.total / 4);
  });
});
