import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { aiDailyMetrics, aiSession, aiViolations } from "../../server/compliance/aiTransparency";
import { consentTimeline, currentConsent, provabilityGaps, specialCategoryGaps } from "../../server/compliance/consent";
import { sb243Counts, sb243Csv } from "../../server/compliance/sb243";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";

const database = useFreshDatabase();
let alice: string;
let bob: string;

async function consent(
  userId: string,
  type: string,
  granted: boolean,
  at: string,
  extra: { text?: string | null; ip?: string | null; notice?: string | null } = {},
) {
  await database()
    .rows(sql`INSERT INTO consent_logs (user_id, consent_type, granted, consent_text, ip_address, notice_version, "timestamp")
    VALUES (${userId}, ${type}, ${granted}, ${extra.text === undefined ? `text for ${type}` : extra.text},
      ${extra.ip === undefined ? "198.51.100.7" : extra.ip}, ${extra.notice === undefined ? "v1" : extra.notice}, ${at}::timestamptz)`);
}

async function assess(userId: string) {
  await database()
    .rows(sql`INSERT INTO attachment_assessments (user_id, anxiety_score, avoidance_score, style, total_questions)
    VALUES (${userId}, 10, 10, 'secure', 30)`);
}

async function ai(userId: string, type: string, at: string, disclosed: boolean, consented: boolean, session: string) {
  await database()
    .rows(sql`INSERT INTO ai_interactions (user_id, ai_type, created_at, disclosure_shown, user_consented, session_id)
    VALUES (${userId}, ${type}, ${at}::timestamptz, ${disclosed}, ${consented}, ${session})`);
}

beforeAll(async () => {
  const db = database();
  alice = await insertUser(db);
  bob = await insertUser(db);
  const carol = await insertUser(db);
  // alice: grants, withdraws, grants again special-category consent → current: granted.
  await consent(alice, "special_category_data", true, "2026-01-01T10:00:00Z");
  await consent(alice, "special_category_data", false, "2026-02-01T10:00:00Z");
  await consent(alice, "special_category_data", true, "2026-03-01T10:00:00Z");
  await consent(alice, "marketing", true, "2026-01-05T10:00:00Z", { notice: null });
  // bob: granted then withdrew → a gap; carol: assessed, never asked → a gap.
  await consent(bob, "special_category_data", true, "2026-01-01T10:00:00Z", { ip: null });
  await consent(bob, "special_category_data", false, "2026-04-01T10:00:00Z", { text: null });
  for (const u of [alice, bob, carol]) await assess(u);

  // Hand-computed fixture: 2026-05-01 coach: 4 interactions, 3 disclosed (75%), 2 consented (50%);
  // 2026-05-01 companion: 1, not disclosed, consented; 2026-05-02 coach: 2, both disclosed, 1 consented.
  await ai(alice, "relationship_coach", "2026-05-01T08:00:00Z", false, true, "s1"); // s1 starts undisclosed
  await ai(alice, "relationship_coach", "2026-05-01T08:01:00Z", true, false, "s1");
  await ai(bob, "relationship_coach", "2026-05-01T09:00:00Z", true, true, "s2");
  await ai(bob, "relationship_coach", "2026-05-01T23:59:00Z", true, false, "s2");
  await ai(carol, "practice_companion", "2026-05-01T12:00:00Z", false, true, "s3");
  await ai(carol, "relationship_coach", "2026-05-02T00:00:00Z", true, true, "s4");
  await ai(carol, "relationship_coach", "2026-05-02T00:05:00Z", true, false, "s4");

  await db.rows(sql`INSERT INTO compliance_logs (user_id, action_type, regulatory_framework, "timestamp") VALUES
    (${alice}, 'ai_disclosure', 'sb_243', '2026-01-02T00:00:00Z'), (${bob}, 'ai_disclosure', 'sb_243', '2026-03-02T00:00:00Z'),
    (${bob}, 'crisis_referral', 'sb_243', '2027-01-01T00:00:00Z'), (${bob}, 'break_reminder', 'gdpr', '2026-01-01T00:00:00Z')`);
});

describe("consent views", () => {
  it("shows every event of a user in time order, with the text shown", async () => {
    const timeline = await consentTimeline(database(), alice);
    expect(timeline.map((e) => [e.consent_type, e.granted, e.timestamp.slice(0, 10)])).toEqual([
      ["special_category_data", true, "2026-01-01"],
      ["marketing", true, "2026-01-05"],
      ["special_category_data", false, "2026-02-01"],
      ["special_category_data", true, "2026-03-01"],
    ]);
    expect(timeline[0].consent_text).toBe("text for special_category_data");
  });

  it("takes the latest event of each type as the current state", async () => {
    const state = await currentConsent(database(), alice);
    expect(state.map((s) => [s.consent_type, s.granted])).toEqual([
      ["marketing", true],
      ["special_category_data", true],
    ]);
    expect((await currentConsent(database(), bob)).map((s) => s.granted)).toEqual([false]);
  });

  it("lists records missing consent text, IP address or notice version", async () => {
    const { rows, counts } = await provabilityGaps(database(), {});
    expect(counts).toEqual({ total: 3, no_text: 1, no_ip: 1, no_notice: 1 });
    expect(rows.map((r) => r.missing).sort()).toEqual([["consent_text"], ["ip_address"], ["notice_version"]]);
  });

  it("finds assessed users without a current special-category consent", async () => {
    const { rows, total } = await specialCategoryGaps(database());
    expect(total).toBe(2);
    expect(new Set(rows.map((r) => r.user_id)).has(alice)).toBe(false);
    expect(rows.find((r) => r.user_id === bob)?.latest_granted).toBe(false);
    expect(rows.filter((r) => r.latest_granted === null)).toHaveLength(1);
  });
});

describe("AI transparency", () => {
  it("computes the daily shares per AI type", async () => {
    const metrics = await aiDailyMetrics(database(), {});
    expect(metrics.map((m) => [m.day, m.ai_type, m.interactions, m.disclosure_share, m.consent_share])).toEqual([
      ["2026-05-01", "practice_companion", 1, 0, 1],
      ["2026-05-01", "relationship_coach", 4, 0.75, 0.5],
      ["2026-05-02", "relationship_coach", 2, 1, 0.5],
    ]);
  });

  it("lists each kind of violation, down to user and session", async () => {
    const db = database();
    const noDisclosure = await aiViolations(db, "no_disclosure", {});
    expect(noDisclosure.total).toBe(2);
    expect(noDisclosure.rows.map((r) => r.session_id).sort()).toEqual(["s1", "s3"]);
    const sessionStarts = await aiViolations(db, "session_start_without_disclosure", {});
    expect(sessionStarts.rows.map((r) => [r.session_id, r.user_id]).sort()).toEqual(
      [
        ["s1", alice],
        ["s3", sessionStarts.rows.find((r) => r.session_id === "s3")!.user_id],
      ].sort(),
    );
    expect((await aiViolations(db, "no_consent", {})).total).toBe(3);
    expect(
      (await aiViolations(db, "no_consent", { aiType: "relationship_coach", from: "2026-05-02", to: "2026-05-02" }))
        .total,
    ).toBe(1);
    expect((await aiSession(db, "s1")).map((r) => r.disclosure_shown)).toEqual([false, true]);
  });
});

describe("SB 243", () => {
  it("counts the year's sb_243 events by type, with no user identifier in the export", async () => {
    const counts = await sb243Counts(database());
    expect(counts).toEqual([
      { year: 2026, action_type: "ai_disclosure", events: 2 },
      { year: 2027, action_type: "crisis_referral", events: 1 },
    ]);
    const csv = sb243Csv(counts);
    expect(csv).toBe("year,ai_disclosure,break_reminder,crisis_referral\n2026,2,0,0\n2027,0,0,1\n");
    expect(csv).not.toContain(alice);
  });
});
