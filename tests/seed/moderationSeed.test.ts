import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { demoUserCount, seedDatabase } from "../../db/seeding";
import { useFreshDatabase } from "../support/database";

/**
 * The demo set's moderation history (the default 2,000 users): every moderation screen has data on
 * first start — a queue of a few dozen items, a scam ring, decisions of every kind, expired
 * suspensions, appeals some of which were reversed, statements for the restrictions.
 */
const database = useFreshDatabase();
const anchor = "2026-11-01T00:00:00.000Z";

beforeAll(async () => {
  await seedDatabase(database(), { users: demoUserCount, seed: 42, anchor });
}, 180_000);

const one = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
  (await database().rows<T>(query))[0];

describe("seeded moderation history (demo set)", () => {
  it("reports a few percent of members, some repeatedly, and a small ring by many", async () => {
    const row = await one<{ subjects: number; repeated: number; heavily: number; members: number }>(sql`
      SELECT count(*)::int AS subjects, count(*) FILTER (WHERE n >= 5)::int AS repeated,
        count(*) FILTER (WHERE n >= 12 AND scam >= 0.75 * n)::int AS heavily, (SELECT count(*)::int FROM users) AS members
      FROM (SELECT subject_user_id, count(*) AS n, count(*) FILTER (WHERE category = 'scam_fraud') AS scam
            FROM reports GROUP BY subject_user_id) s`);
    expect(row.subjects / row.members).toBeGreaterThan(0.03);
    expect(row.subjects / row.members).toBeLessThan(0.09);
    expect(row.repeated).toBeGreaterThan(5);
    // The ring: accounts with a dozen or more notices, mostly of scams, from many different members.
    expect(row.heavily).toBeGreaterThanOrEqual(4);
    const ring = await one<{ widely: number }>(sql`
      SELECT count(*)::int AS widely FROM (
        SELECT subject_user_id FROM reports GROUP BY subject_user_id
        HAVING count(*) >= 12 AND count(*) FILTER (WHERE category = 'scam_fraud') >= 0.75 * count(*)
          AND count(DISTINCT reporter_user_id) >= 10) r`);
    expect(ring.widely).toBeGreaterThanOrEqual(3);
  });

  it("has notices of every source, a share found by automated detection and some decided by it alone", async () => {
    const sources = await database().rows<{ source: string; n: number }>(
      sql`SELECT source, count(*)::int AS n FROM reports GROUP BY source ORDER BY source`,
    );
    expect(sources.map((s) => s.source)).toEqual(["automated", "staff", "trusted_flagger", "user_notice"]);
    const total = sources.reduce((sum, s) => sum + s.n, 0);
    const automated = sources.find((s) => s.source === "automated")!.n;
    expect(automated / total).toBeGreaterThan(0.05);
    expect(automated / total).toBeLessThan(0.5);
    const decided = await one<{ fully: number; detected: number }>(sql`
      SELECT count(*) FILTER (WHERE automated_decision = 'fully' AND staff_id IS NULL)::int AS fully,
        count(*) FILTER (WHERE automated_detection)::int AS detected FROM moderation_actions`);
    expect(decided.fully).toBeGreaterThan(0);
    expect(decided.detected).toBeGreaterThan(decided.fully);
  });

  it("decides with every kind of decision, grounds and references, and some suspensions have expired", async () => {
    const kinds = await database().rows<{ kind: string }>(
      sql`SELECT DISTINCT kind FROM moderation_actions ORDER BY kind`,
    );
    expect(kinds.map((k) => k.kind)).toEqual([
      "acknowledge",
      "escalate",
      "restrict_visibility",
      "reverse",
      "suspend",
      "terminate",
      "warn",
    ]);
    const grounds = await one<{ illegal: number; terms: number; scoped: number }>(sql`
      SELECT count(*) FILTER (WHERE ground = 'illegal_content' AND legal_provision IS NOT NULL)::int AS illegal,
        count(*) FILTER (WHERE ground = 'incompatible_content' AND terms_clause IS NOT NULL)::int AS terms,
        count(*) FILTER (WHERE territorial_scope IS NOT NULL)::int AS scoped
      FROM moderation_actions WHERE kind IN ('restrict_visibility', 'suspend', 'terminate')`);
    expect(grounds.illegal).toBeGreaterThan(0);
    expect(grounds.terms).toBeGreaterThan(grounds.illegal);
    expect(grounds.scoped).toBe(grounds.illegal);
    const suspensions = await one<{ expired: number; running: number }>(sql`
      SELECT count(*) FILTER (WHERE ends_at <= ${anchor}::timestamptz)::int AS expired,
        count(*) FILTER (WHERE ends_at > ${anchor}::timestamptz)::int AS running
      FROM moderation_actions WHERE kind = 'suspend'`);
    expect(suspensions.expired).toBeGreaterThan(0);
  });

  it("has appeals: some reversed (with the reverse action and its statement), some upheld, and the reviewer is never the decider", async () => {
    const appeals = await database().rows<{ status: string; n: number }>(
      sql`SELECT status, count(*)::int AS n FROM appeals GROUP BY status ORDER BY status`,
    );
    const by = Object.fromEntries(appeals.map((a) => [a.status, a.n]));
    expect(by.reversed).toBeGreaterThan(0);
    expect(by.upheld).toBeGreaterThan(0);
    const reversed = await one<{ n: number; with_statement: number; same_reviewer: number }>(sql`
      SELECT count(*)::int AS n,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM statements_of_reasons s WHERE s.action_id = p.reversal_action_id))::int AS with_statement,
        count(*) FILTER (WHERE r.staff_id = a.staff_id)::int AS same_reviewer
      FROM appeals p JOIN moderation_actions r ON r.id = p.reversal_action_id JOIN moderation_actions a ON a.id = p.action_id
      WHERE p.status = 'reversed'`);
    expect(reversed.n).toBe(by.reversed);
    expect(reversed.with_statement).toBe(reversed.n);
    expect(reversed.same_reviewer).toBe(0);
    const notice = await one<{ facts: string }>(sql`
      SELECT s.body->>'decision_facts' AS facts FROM appeals p JOIN statements_of_reasons s ON s.action_id = p.reversal_action_id LIMIT 1`);
    expect(notice.facts).toMatch(/on the user's complaint \(DSA Art\. 20\)/);
  });

  it("leaves an open queue of a few dozen members, recent, some escalated", async () => {
    const queue = await one<{ items: number; escalated: number; oldest: string }>(sql`
      SELECT count(DISTINCT subject_user_id)::int AS items,
        count(DISTINCT subject_user_id) FILTER (WHERE status = 'escalated')::int AS escalated,
        to_char(min(created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS oldest
      FROM reports WHERE status IN ('open', 'escalated')`);
    expect(queue.items).toBeGreaterThanOrEqual(20);
    expect(queue.items).toBeLessThanOrEqual(72);
    expect(queue.escalated).toBeGreaterThan(0);
    // Open notices are from the last two weeks, as a worked queue's are.
    expect(queue.oldest >= "2026-10-18").toBe(true);
  });
});
