import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { GET as transparencyRoute } from "../../app/api/moderation/transparency/route";
import { runAsActor, type StaffActor } from "../../server/auth/actor";
import { transparencyCsv, transparencyReport, type TransparencyReport } from "../../server/moderation/transparency";
import { insertStaff } from "../compliance/support";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";

/**
 * The transparency report's figures against a small fixture whose numbers are worked out by hand
 * below: period 1–28 February 2026, with rows just before and after it that must not count.
 */
const database = useFreshDatabase();
let first: StaffActor;
let second: StaffActor;
let analyst: StaffActor;
const period = { since: "2026-02-01", until: "2026-02-28" };

beforeAll(async () => {
  const db = database();
  first = await insertStaff(db, "trust_safety");
  second = await insertStaff(db, "trust_safety");
  analyst = await insertStaff(db, "analyst");
  const [u1, u2, u3, u4] = [await insertUser(db), await insertUser(db), await insertUser(db), await insertUser(db)];
  await db.rows(sql`UPDATE users SET created_at = '2025-06-01T00:00:00Z'`);

  const report = async (user: string, category: string, source: string, at: string) => {
    const [row] = await db.rows<{ id: string }>(sql`
      INSERT INTO reports (subject_kind, subject_user_id, source, category, created_at)
      VALUES ('user', ${user}, ${source}, ${category}, ${at}::timestamptz) RETURNING id`);
    return row.id;
  };
  const action = async (fields: {
    user: string;
    kind: string;
    at: string;
    staff?: string | null;
    ground?: string;
    reports?: string[];
    detected?: boolean;
    automated?: string;
    reverses?: string;
    endsAt?: string;
  }) => {
    const ground = fields.ground ?? null;
    const [row] = await db.rows<{ id: string }>(sql`
      INSERT INTO moderation_actions (subject_user_id, kind, staff_id, category, ground, legal_provision, terms_clause,
        ground_explanation, facts, note, automated_detection, automated_decision, starts_at, ends_at, created_at,
        report_ids, reverses_action_id)
      VALUES (${fields.user}, ${fields.kind}, ${fields.staff === undefined ? first.staffId : fields.staff},
        ${ground ? "scam_fraud" : null}, ${ground},
        ${ground === "illegal_content" ? "§ 263 StGB" : null}, ${ground === "incompatible_content" ? "Terms 4.2" : null},
        ${ground ? "Fraud" : null}, 'Facts', ${fields.kind === "comment" ? "A note" : null},
        ${fields.detected ?? false}, ${fields.automated ?? "not_automated"}, ${fields.at}::timestamptz,
        ${fields.endsAt ?? null}::timestamptz, ${fields.at}::timestamptz,
        ${`{${(fields.reports ?? []).join(",")}}`}::uuid[], ${fields.reverses ?? null})
      RETURNING id`);
    const resolution = { suspend: "suspended", restrict_visibility: "visibility_restricted", terminate: "terminated" }[
      fields.kind
    ];
    for (const reportId of fields.reports ?? []) {
      await db.rows(
        resolution
          ? sql`UPDATE reports SET status = 'resolved', resolution = ${resolution}, resolved_at = ${fields.at}::timestamptz,
              resolved_by_action_id = ${row.id} WHERE id = ${reportId}`
          : sql`UPDATE reports SET status = 'escalated' WHERE id = ${reportId}`,
      );
    }
    return row.id;
  };

  // Notices. In the period, R1–R7; R0 just before (decided in the period), R8 just after.
  const r0 = await report(u1, "scam_fraud", "user_notice", "2026-01-31T23:00:00Z");
  const r1 = await report(u1, "scam_fraud", "user_notice", "2026-02-01T00:00:00Z");
  const r2 = await report(u1, "scam_fraud", "user_notice", "2026-02-01T06:00:00Z");
  const r3 = await report(u1, "scam_fraud", "trusted_flagger", "2026-02-02T00:00:00Z");
  const r4 = await report(u2, "harassment", "user_notice", "2026-02-10T02:00:00Z");
  const r5 = await report(u2, "harassment", "automated", "2026-02-10T12:00:00Z");
  const r6 = await report(u3, "spam", "automated", "2026-02-15T00:00:00Z");
  const r7 = await report(u4, "underage", "staff", "2026-02-28T23:59:59Z");
  await report(u3, "spam", "automated", "2026-03-01T00:00:00Z");

  // Decisions. A0 (January) and A7 (March) are outside the period; the escalation and the comment are no decisions.
  const a0 = await action({ user: u3, kind: "warn", at: "2026-01-20T00:00:00Z" });
  const a1 = await action({
    user: u1,
    kind: "suspend",
    at: "2026-02-03T00:00:00Z",
    ground: "incompatible_content",
    reports: [r0, r1, r2, r3],
    endsAt: "2026-02-17T00:00:00Z",
  });
  const a2 = await action({
    user: u2,
    kind: "restrict_visibility",
    at: "2026-02-11T00:00:00Z",
    ground: "illegal_content",
    reports: [r4, r5],
    detected: true,
    automated: "partially",
  });
  const a3 = await action({
    user: u3,
    kind: "terminate",
    at: "2026-02-15T01:00:00Z",
    ground: "incompatible_content",
    reports: [r6],
    staff: null,
    detected: true,
    automated: "fully",
  });
  await action({ user: u4, kind: "escalate", at: "2026-02-28T23:59:59.5Z", reports: [r7] });
  await action({ user: u2, kind: "comment", at: "2026-02-12T00:00:00Z" });
  const a6 = await action({
    user: u1,
    kind: "reverse",
    at: "2026-02-12T00:00:00Z",
    reverses: a1,
    staff: second.staffId,
  });
  await action({ user: u3, kind: "warn", at: "2026-03-02T00:00:00Z" });

  // Appeals: P4 received in January, decided in the period.
  await db.rows(sql`
    INSERT INTO appeals (action_id, channel, recorded_by_staff_id, received_at, due_at, status, decided_by_staff_id,
      decided_at, reversal_action_id)
    VALUES
      (${a1}, 'support', ${second.staffId}, '2026-02-05T00:00:00Z', '2026-02-19T00:00:00Z', 'reversed', ${second.staffId},
        '2026-02-12T00:00:00Z', ${a6}),
      (${a2}, 'api', NULL, '2026-02-12T00:00:00Z', '2026-02-26T00:00:00Z', 'upheld', ${second.staffId},
        '2026-02-13T12:00:00Z', NULL),
      (${a3}, 'api', NULL, '2026-02-25T00:00:00Z', '2026-03-11T00:00:00Z', 'open', NULL, NULL, NULL),
      (${a0}, 'staff', ${second.staffId}, '2026-01-25T00:00:00Z', '2026-02-08T00:00:00Z', 'upheld', ${second.staffId},
        '2026-02-02T00:00:00Z', NULL)`);
});

/** The figures, worked out by hand from the fixture above. */
const expected = {
  // R1–R7: scam 3 (user 2, flagger 1), harassment 2 (user 1, automated 1), spam 1 (automated), underage 1 (staff).
  noticesTotal: 7,
  bySource: { user_notice: 3, trusted_flagger: 1, automated: 2, staff: 1 },
  scam: { user_notice: 2, trusted_flagger: 1, automated: 0, staff: 0 },
  harassment: { user_notice: 1, trusted_flagger: 0, automated: 1, staff: 0 },
  // A1 suspend (terms), A2 restrict (illegal), A3 terminate (terms), A6 reverse: 4.
  decisionsTotal: 4,
  // Shares over A1–A3 (no reversal): detected A2, A3 → 2/3; fully A3 → 1/3; partially A2 → 1/3.
  automationBase: 3,
  detected: 2 / 3,
  fully: 1 / 3,
  partially: 1 / 3,
  // Notices decided in the period and their hours to decision:
  // R0 49 (31 Jan 23:00 → 3 Feb), R1 72, R2 66, R3 24, R4 22 (10 Feb 02:00 → 11 Feb), R5 12, R6 1.
  // Sorted 1, 12, 22, 24, 49, 66, 72: the median is 24.
  noticesDecided: 7,
  medianHoursToDecision: 24,
  // Appeals received in February: P1, P2, P3 (3). Decided in February: P1 reversed (168 h), P2 upheld (36 h),
  // P4 upheld (1 Feb 00:00 − 25 Jan = 8 days = 192 h). Median of 36, 168, 192 is 168.
  appeals: { received: 3, decided: 3, upheld: 2, reversed: 1, medianHours: 168 },
};

describe("transparency report", () => {
  let report: TransparencyReport;
  beforeAll(async () => {
    report = await transparencyReport(database(), period);
  });

  it("notices by category and by source", () => {
    expect(report.notices.total).toBe(expected.noticesTotal);
    expect(report.notices.bySource).toEqual(expected.bySource);
    const byCategory = Object.fromEntries(report.notices.byCategory.map((c) => [c.category, c]));
    expect(byCategory.scam_fraud).toEqual({ category: "scam_fraud", total: 3, bySource: expected.scam });
    expect(byCategory.harassment.bySource).toEqual(expected.harassment);
    expect(byCategory.spam.total).toBe(1);
    expect(byCategory.underage.bySource.staff).toBe(1);
    expect(byCategory.hate.total).toBe(0);
    expect(report.notices.byCategory).toHaveLength(9);
  });

  it("decisions by type and ground; escalations and comments are not decisions", () => {
    expect(report.decisions.total).toBe(expected.decisionsTotal);
    const byKind = Object.fromEntries(report.decisions.byKind.map((k) => [k.kind, k]));
    expect(byKind.suspend.byGround).toEqual({ illegal_content: 0, incompatible_content: 1, none: 0 });
    expect(byKind.restrict_visibility.byGround).toEqual({ illegal_content: 1, incompatible_content: 0, none: 0 });
    expect(byKind.terminate.total).toBe(1);
    expect(byKind.reverse.byGround.none).toBe(1);
    expect(byKind.warn.total).toBe(0);
    expect(byKind.acknowledge.total).toBe(0);
  });

  it("shares detected and decided by automated means", () => {
    expect(report.decisions.automationBase).toBe(expected.automationBase);
    expect(report.decisions.automatedDetectionShare).toBeCloseTo(expected.detected, 10);
    expect(report.decisions.fullyAutomatedShare).toBeCloseTo(expected.fully, 10);
    expect(report.decisions.partiallyAutomatedShare).toBeCloseTo(expected.partially, 10);
  });

  it("median time from notice to decision", () => {
    expect(report.noticeToDecision).toEqual({
      noticesDecided: expected.noticesDecided,
      medianHours: expected.medianHoursToDecision,
    });
  });

  it("appeals received, decided, reversed, and the median appeal time", () => {
    expect(report.appeals).toEqual(expected.appeals);
  });

  it("an empty period has zeros and no medians or shares", async () => {
    const empty = await transparencyReport(database(), { since: "2025-01-01", until: "2025-01-31" });
    expect(empty.notices.total).toBe(0);
    expect(empty.decisions.automatedDetectionShare).toBeNull();
    expect(empty.noticeToDecision).toEqual({ noticesDecided: 0, medianHours: null });
    expect(empty.appeals).toEqual({ received: 0, decided: 0, upheld: 0, reversed: 0, medianHours: null });
  });

  it("the CSV holds the same figures, one a row", () => {
    const lines = transparencyCsv(report).trim().split("\r\n");
    expect(lines[0]).toBe("measure,group,subgroup,value");
    expect(lines).toContain("notices,total,,7");
    expect(lines).toContain("notices,scam_fraud,trusted_flagger,1");
    expect(lines).toContain("decisions,restrict_visibility,illegal_content,1");
    expect(lines).toContain("notice_to_decision,median_hours,,24");
    expect(lines).toContain("appeals,median_hours,,168");
  });

  it("the route serves analysts the aggregates (JSON and CSV); a bad date is a 400", async () => {
    const get = (query: string) =>
      runAsActor(analyst, () =>
        transparencyRoute(new Request(`http://backoffice.test/api/moderation/transparency?${query}`)),
      );
    const json = await get("since=2026-02-01&until=2026-02-28");
    expect(json.status).toBe(200);
    expect(((await json.json()) as TransparencyReport).appeals).toEqual(expected.appeals);
    const csv = await get("since=2026-02-01&until=2026-02-28&format=csv");
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(await csv.text()).toContain("notices,total,,7");
    expect((await get("since=2026-02-31")).status).toBe(400);
    expect((await get("since=2026-03-01&until=2026-02-01")).status).toBe(400);
    // No dates: the last 90 days up to today.
    const byDefault = (await (await get("")).json()) as TransparencyReport;
    const today = new Date().toISOString().slice(0, 10);
    expect(byDefault.period.until).toBe(today);
    expect((Date.parse(byDefault.period.until) - Date.parse(byDefault.period.since)) / 86_400_000).toBe(89);
  });
});
