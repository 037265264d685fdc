import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type Database } from "../../db/client";
import { seedChecksum, seedDatabase, type SeedReport } from "../../db/seeding";
import { tierPrices } from "../../db/seeding/billing";
import { cities } from "../../db/seeding/vocabulary";
import { catalogSnapshot } from "../support/catalog";
import { freshDatabase, type TestDatabase } from "../support/database";
import { validateStatement } from "../../server/moderation/statements/validateStatement";

const anchor = "2026-11-01T00:00:00.000Z";
const users = 400;

/** Runs a query expected to find no offending rows, and shows a few when it does. */
async function offenders(database: Database, query: ReturnType<typeof sql>): Promise<unknown[]> {
  return database.rows(query);
}

/** The seed's "now" as SQL: nothing but upcoming events may lie after it. */
const now = `'${anchor}'::timestamptz`;

/**
 * Counts the rows breaking each invariant (a SQL count that must be zero, named by the invariant)
 * and expects all of them to be zero, so a failure lists every broken invariant with its count.
 */
async function expectNoViolations(database: Database, invariants: Record<string, string>): Promise<void> {
  const counts: Record<string, number> = {};
  for (const [invariant, count] of Object.entries(invariants)) {
    const [row] = await database.rows<{ n: number }>(sql.raw(`SELECT (${count})::int AS n`));
    counts[invariant] = row.n;
  }
  expect(counts).toEqual(Object.fromEntries(Object.keys(invariants).map((invariant) => [invariant, 0])));
}

/** Rows of `table` whose `column` lies before the sign-up of the user in `userColumn`. */
const beforeSignUp = (table: string, column: string, userColumn = "user_id") =>
  `SELECT count(*) FROM ${table} x JOIN users u ON u.id = x.${userColumn} WHERE x.${column} < u.created_at`;

/** Rows of `table` dated after the seed's now in `column`. */
const inFuture = (table: string, column: string) => `SELECT count(*) FROM ${table} WHERE ${column} > ${now}`;

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
    const options = await bulk.database.rows<{ relname: string; reloptions: string[] }>(
      sql`SELECT relname::text AS relname, reloptions::text[] AS reloptions FROM pg_class
          WHERE relnamespace = 'public'::regnamespace AND reloptions IS NOT NULL ORDER BY relname`,
    );
    // Only the storage option the schema sets itself (migration 0015) is left.
    expect(options).toEqual([{ relname: "messages", reloptions: ["fillfactor=50"] }]);
    const written = Object.fromEntries(bulkReport.tables.map((t) => [t.table, t.rows]));
    const [counted] = await bulk.database.rows<{ users: number; payments: number }>(
      sql`SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM payments)::int AS payments`,
    );
    expect(written.users).toBe(counted.users);
    expect(written.payments).toBe(counted.payments);
  });

  it("leaves the tables vacuumed: every page of the member tables is all-visible, so a count can come from an index alone", async () => {
    for (const seeded of [first, bulk]) {
      const rows = await seeded.database.rows<{ table: string; pages: number; visible: number }>(sql`
        SELECT c.relname AS table, pg_relation_size(c.oid)::bigint / current_setting('block_size')::int AS pages,
          c.relallvisible AS visible
        FROM pg_class c WHERE c.relname IN ('users', 'profiles', 'matches', 'consent_logs') ORDER BY c.relname`);
      expect(rows).toHaveLength(4);
      for (const row of rows) {
        expect(Number(row.pages), row.table).toBeGreaterThan(0);
        expect(Number(row.visible), `${row.table}: all-visible pages`).toBe(Number(row.pages));
      }
    }
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

  it("has no activity before its user signed up", async () => {
    for (const { database } of [first, other]) {
      await expectNoViolations(database, {
        "a profile predates its user": beforeSignUp("profiles", "created_at"),
        "an attachment assessment predates its user": beforeSignUp("attachment_assessments", "created_at"),
        "an AI interaction predates its user": beforeSignUp("ai_interactions", "created_at"),
        "a payment predates its user": beforeSignUp("payments", "created_at"),
        "a subscription predates its user": beforeSignUp("subscriptions", "created_at"),
        "a subscription period starts before its user signed up": beforeSignUp("subscriptions", "current_period_start"),
        "an event registration predates its user": beforeSignUp("event_registrations", "created_at"),
        "a consent event predates its user": beforeSignUp("consent_logs", '"timestamp"'),
        "a compliance log about a user predates the user": beforeSignUp("compliance_logs", '"timestamp"'),
        "a match predates its first user": beforeSignUp("matches", "created_at", "user_a_id"),
        "a match predates its second user": beforeSignUp("matches", "created_at", "user_b_id"),
        "a message predates its sender": beforeSignUp("messages", "sent_at", "from_user_id"),
        "a message predates its receiver": beforeSignUp("messages", "sent_at", "to_user_id"),
        "a message predates the match of its pair": `SELECT count(*) FROM messages m JOIN matches x
          ON least(x.user_a_id, x.user_b_id) = least(m.from_user_id, m.to_user_id)
         AND greatest(x.user_a_id, x.user_b_id) = greatest(m.from_user_id, m.to_user_id) WHERE m.sent_at < x.created_at`,
        "a message is read before it is sent": "SELECT count(*) FROM messages WHERE read_at < sent_at",
        "a registration predates its event's announcement":
          "SELECT count(*) FROM event_registrations r JOIN events e ON e.id = r.event_id WHERE r.created_at < e.created_at",
        "a registration is made after its event started":
          "SELECT count(*) FROM event_registrations r JOIN events e ON e.id = r.event_id WHERE r.created_at > e.start_time",
      });
    }
  });

  it("stores users in sign-up order, half of them from the last six months", async () => {
    for (const { database } of [first, bulk]) {
      // Rows arrive in a real users table as people sign up: heap order follows created_at.
      const [{ correlation }] = await database.rows<{ correlation: number }>(sql`
        SELECT correlation FROM pg_stats WHERE tablename = 'users' AND attname = 'created_at'`);
      expect(Number(correlation)).toBeGreaterThan(0.9);
      // Sign-up age is 730 days × r² for r uniform in [0, 1): P(age ≤ 182.5 days) = P(r ≤ ½) = ½.
      const [{ recent }] = await database.rows<{ recent: number }>(sql`
        SELECT avg((created_at > ${anchor}::timestamptz - interval '182 days 12 hours')::int)::float8 AS recent FROM users`);
      expect(Number(recent)).toBeGreaterThan(0.42);
      expect(Number(recent)).toBeLessThan(0.58);
    }
  });

  it("dates nothing in the future but upcoming events", async () => {
    for (const { database } of [first, other]) {
      await expectNoViolations(database, {
        "a user signs up in the future": inFuture("users", "created_at"),
        "a user is updated in the future": inFuture("users", "updated_at"),
        "a user last logs in in the future": inFuture("users", "last_login_at"),
        "a profile is created in the future": inFuture("profiles", "greatest(created_at, updated_at)"),
        "an assessment is taken in the future": inFuture("attachment_assessments", "greatest(created_at, updated_at)"),
        "a match is made in the future": inFuture("matches", "greatest(created_at, updated_at)"),
        "a message is sent in the future": inFuture("messages", "sent_at"),
        "a message is read in the future": inFuture("messages", "read_at"),
        "a consent event is in the future": inFuture("consent_logs", '"timestamp"'),
        "an AI interaction is in the future": inFuture("ai_interactions", "created_at"),
        "a compliance log is in the future": inFuture("compliance_logs", '"timestamp"'),
        "a subscription is created in the future": inFuture("subscriptions", "greatest(created_at, updated_at)"),
        "a subscription period starts in the future": inFuture("subscriptions", "current_period_start"),
        "a payment is made in the future": inFuture("payments", "created_at"),
        "an event is announced in the future": inFuture("events", "greatest(created_at, updated_at)"),
        "an event registration is made in the future": inFuture(
          "event_registrations",
          "greatest(created_at, updated_at)",
        ),
      });
      // What may lie ahead does: upcoming events, with registrations.
      const [upcoming] = await database.rows<{ registrations: number }>(
        sql.raw(`SELECT count(*)::int AS registrations FROM event_registrations r JOIN events e ON e.id = r.event_id
                 WHERE e.start_time > ${now} AND r.status = 'registered'`),
      );
      expect(upcoming.registrations).toBeGreaterThan(0);
    }
  });

  it("marks AI interactions consented only while the user's AI-feature consent is in force", async () => {
    // In force at t: a grant at or before t with no withdrawal between that grant and t.
    const consentInForce = (at: string) => `EXISTS (SELECT 1 FROM consent_logs g
      WHERE g.user_id = x.user_id AND g.consent_type = 'ai_features' AND g.granted AND g."timestamp" <= ${at}
        AND NOT EXISTS (SELECT 1 FROM consent_logs w WHERE w.user_id = x.user_id AND w.consent_type = 'ai_features'
          AND NOT w.granted AND w."timestamp" >= g."timestamp" AND w."timestamp" <= ${at}))`;
    for (const { database } of [first, other]) {
      await expectNoViolations(database, {
        "an AI interaction is marked consented without an AI-feature consent in force": `SELECT count(*)
          FROM ai_interactions x WHERE x.user_consented AND NOT ${consentInForce("x.created_at")}`,
      });
      // Both ways of lacking consent occur: never granted, and after a withdrawal.
      const [unconsented] = await database.rows<{ never: number; withdrawn: number }>(
        sql.raw(`SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM consent_logs g WHERE g.user_id = x.user_id
                   AND g.consent_type = 'ai_features' AND g.granted))::int AS never,
                 count(*) FILTER (WHERE EXISTS (SELECT 1 FROM consent_logs w WHERE w.user_id = x.user_id
                   AND w.consent_type = 'ai_features' AND NOT w.granted AND w."timestamp" <= x.created_at))::int AS withdrawn
                 FROM ai_interactions x WHERE NOT x.user_consented`),
      );
      expect(unconsented.never).toBeGreaterThan(0);
      expect(unconsented.withdrawn).toBeGreaterThan(0);
    }
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

  it("keeps the gaps the compliance views exist to find", async () => {
    const db = first.database;
    const [gaps] = await db.rows<{
      events: number;
      no_notice: number;
      no_text: number;
      no_ip: number;
      unconsented_assessed: number;
    }>(
      sql`SELECT count(*)::int AS events, count(*) FILTER (WHERE notice_version IS NULL)::int AS no_notice,
                 count(*) FILTER (WHERE consent_text IS NULL)::int AS no_text,
                 count(*) FILTER (WHERE ip_address IS NULL)::int AS no_ip,
                 (SELECT count(*)::int FROM attachment_assessments a WHERE NOT EXISTS (SELECT 1 FROM consent_logs c
                    WHERE c.user_id = a.user_id AND c.consent_type = 'special_category_data')) AS unconsented_assessed
          FROM consent_logs`,
    );
    // About 2 % of consent events lack the notice version shown; a few lack text or IP address.
    expect(gaps.no_notice / gaps.events).toBeGreaterThan(0.005);
    expect(gaps.no_notice / gaps.events).toBeLessThan(0.05);
    expect(gaps.no_text).toBeGreaterThan(0);
    expect(gaps.no_ip).toBeGreaterThan(0);
    expect(gaps.unconsented_assessed).toBeGreaterThan(0);
  });

  it("keeps the moderation history in order: after sign-ups, decisions after their notices, nothing ahead, a valid statement for each restriction", async () => {
    for (const { database } of [first, other, bulk]) {
      const [counts] = await database.rows<{ reports: number; decisions: number }>(
        sql`SELECT (SELECT count(*)::int FROM reports) AS reports, (SELECT count(*)::int FROM moderation_actions) AS decisions`,
      );
      expect(counts.reports).toBeGreaterThan(0);
      expect(counts.decisions).toBeGreaterThan(0);
      await expectNoViolations(database, {
        "a report predates the account it is about": beforeSignUp("reports", "created_at", "subject_user_id"),
        "a report predates its reporter": beforeSignUp("reports", "created_at", "reporter_user_id"),
        "a decision predates the account": beforeSignUp("moderation_actions", "created_at", "subject_user_id"),
        "a decision predates a report it answers": `SELECT count(*) FROM moderation_actions a
          JOIN reports r ON r.id = ANY(a.report_ids) WHERE a.created_at < r.created_at`,
        "a report is resolved at another time than its decision": `SELECT count(*) FROM reports r
          JOIN moderation_actions a ON a.id = r.resolved_by_action_id WHERE r.resolved_at <> a.created_at`,
        "a decision takes effect at another time than it is taken":
          "SELECT count(*) FROM moderation_actions WHERE starts_at <> created_at",
        "a reported message is not the account's": `SELECT count(*) FROM reports r JOIN messages m ON m.id = r.subject_message_id
          WHERE m.from_user_id <> r.subject_user_id OR m.sent_at > r.created_at`,
        "an appeal predates its decision": `SELECT count(*) FROM appeals p
          JOIN moderation_actions a ON a.id = p.action_id WHERE p.received_at < a.created_at`,
        "a report is in the future": inFuture("reports", "greatest(created_at, resolved_at)"),
        "a decision is in the future": inFuture("moderation_actions", "greatest(created_at, starts_at)"),
        "an appeal is in the future": inFuture("appeals", "greatest(received_at, decided_at)"),
        "a statement is in the future": inFuture("statements_of_reasons", "created_at"),
        "a restriction, or a reversal of one, has no statement of reasons": `SELECT count(*) FROM moderation_actions a
          LEFT JOIN moderation_actions d ON d.id = a.reverses_action_id
          WHERE (a.kind IN ('restrict_visibility', 'suspend', 'terminate')
              OR d.kind IN ('restrict_visibility', 'suspend', 'terminate'))
            AND NOT EXISTS (SELECT 1 FROM statements_of_reasons s WHERE s.action_id = a.id)`,
        "a statement explains no restriction": `SELECT count(*) FROM statements_of_reasons s
          JOIN moderation_actions a ON a.id = s.action_id LEFT JOIN moderation_actions d ON d.id = a.reverses_action_id
          WHERE coalesce(d.kind, a.kind) NOT IN ('restrict_visibility', 'suspend', 'terminate')`,
      });
      const statements = await database.rows<{ body: Record<string, unknown> }>(
        sql`SELECT body FROM statements_of_reasons`,
      );
      expect(statements.length).toBeGreaterThan(0);
      const invalid = statements.map((s) => validateStatement(s.body)).filter((r) => !r.ok);
      expect(invalid).toEqual([]);
    }
    // The bulk load writes the same history (staff ids aside: the demo logins are created with fresh ids).
    const history = (database: Database) =>
      database.rows<{ h: string }>(sql`SELECT md5(
        (SELECT string_agg(md5(r::text), '' ORDER BY r.id) FROM reports r)
        || (SELECT string_agg(md5((a.id, a.kind, a.subject_user_id, a.facts, a.created_at, a.ends_at, a.report_ids)::text), '' ORDER BY a.id)
            FROM moderation_actions a)
        || (SELECT string_agg(md5((s.puid, s.body, s.created_at)::text), '' ORDER BY s.puid) FROM statements_of_reasons s)) AS h`);
    expect(await history(bulk.database)).toEqual(await history(first.database));
    expect(await history(second.database)).toEqual(await history(first.database));
  });
});
