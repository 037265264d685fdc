import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import type { ReportCategory, ReportSource } from "../../db/schema/enums";
import { runAsActor, type StaffActor } from "../../server/auth/actor";
import { claimItem } from "../../server/moderation/claims";
import { queuePage, queueQuery, type QueuePage } from "../../server/moderation/queue";
import { queueRoute } from "../../server/moderation/routes";
import { fileReport } from "../../server/moderation/reportActions";
import { takeAction } from "../../server/moderation/takeAction";
import { insertStaff, unwrap } from "../compliance/support";
import { useFreshDatabase } from "../support/database";
import { insertProfile, insertUser } from "../support/fixtures";
import { at } from "./support";

/**
 * The queue on a hand-built set of subjects. Priorities are computed by hand below from the rules
 * (severity: underage 100, violence 90, scam 60, harassment 50, hate 50, fake profile 40, spam 10;
 * target hours: underage and violence 2, scam and harassment 24, fake profile 48, spam 72):
 * priority = severity × reports × (1 + age of the most pressing report / its target time).
 */
const database = useFreshDatabase();
let alice: StaffActor;
let bob: StaffActor;
let now: Date;
const subjects: Record<string, string> = {};

async function report(
  subject: string,
  category: ReportCategory,
  hoursAgo: number,
  options: { source?: ReportSource; status?: "open" | "escalated" } = {},
) {
  await database().rows(sql`
    INSERT INTO reports (subject_kind, subject_user_id, source, category, reporter_text, created_at, status)
    VALUES ('user', ${subject}, ${options.source ?? "automated"}, ${category}, 'Report text',
      ${now.toISOString()}::timestamptz - make_interval(hours => ${hoursAgo}::int), ${options.status ?? "open"})`);
}

const page = (query: Record<string, unknown>, viewer: StaffActor = alice): Promise<QueuePage> =>
  queuePage(database(), { staffId: viewer.staffId, role: viewer.role, at: now }, queueQuery.parse(query));
const names = (result: QueuePage) =>
  result.items.map((item) => Object.keys(subjects).find((name) => subjects[name] === item.subjectUserId));

beforeAll(async () => {
  const db = database();
  alice = await insertStaff(db, "trust_safety");
  bob = await insertStaff(db, "trust_safety");
  now = await at(db, "0 seconds");
  for (const name of ["scammer", "spammer", "minor", "harasser", "ring", "fake", "hater", "resolved", "threat"]) {
    subjects[name] = await insertUser(db);
    await insertProfile(db, subjects[name], `${name[0].toUpperCase()}${name.slice(1)} Person`);
  }
  // 60 × 3 × (1 + 3/24) = 202.5
  await report(subjects.scammer, "scam_fraud", 1, { source: "user_notice" });
  await report(subjects.scammer, "scam_fraud", 2, { source: "user_notice" });
  await report(subjects.scammer, "scam_fraud", 3, { source: "user_notice" });
  // 10 × 1 × (1 + 0) = 10
  await report(subjects.spammer, "spam", 0);
  // urgent: 100 × 1 × (1 + 0) = 100
  await report(subjects.minor, "underage", 0, { source: "user_notice" });
  // urgent: 90 × 1 × (1 + 1/2) = 135
  await report(subjects.threat, "violence_threats", 1, { source: "user_notice" });
  // 50 × 1 × (1 + 48/24) = 150, overdue
  await report(subjects.harasser, "harassment", 48, { source: "user_notice" });
  // 60 × 2 × (1 + 0) = 120
  await report(subjects.ring, "scam_fraud", 0, { source: "trusted_flagger" });
  await report(subjects.ring, "scam_fraud", 0, { source: "trusted_flagger" });
  // 40 × 1 × 1 = 40
  await report(subjects.fake, "fake_profile", 0, { source: "staff" });
  // Escalated: one escalated and one newer open report, one item in the Escalated tab only.
  await report(subjects.hater, "hate", 5, { status: "escalated" });
  await report(subjects.hater, "hate", 1, { source: "user_notice" });
});

describe("queue: unreviewed", () => {
  it("one item per subject, urgent categories first, then by severity × reports × age", async () => {
    const result = await page({ tab: "unreviewed" });
    expect(names(result)).toEqual(["threat", "minor", "scammer", "harasser", "ring", "fake", "spammer"]);
    expect(result.total).toBe(7);
    expect(result.items.map((i) => i.priority)).toEqual([135, 100, 202.5, 150, 120, 40, 10]);
    const scammer = result.items[2];
    expect(scammer).toMatchObject({ reportCount: 3, categories: ["scam_fraud"], sources: ["user_notice"] });
    expect(scammer.person).toMatchObject({ name: "Scammer Person", initials: "SP" });
    expect(scammer.oldestReportAt).toBe(new Date(now.getTime() - 3 * 3600_000).toISOString());
    expect(result.items.filter((i) => i.overdue).map((i) => i.subjectUserId)).toEqual([subjects.harasser]);
  });

  it("filters by category, source, age and assignee", async () => {
    expect(names(await page({ category: "scam_fraud" }))).toEqual(["scammer", "ring"]);
    expect(names(await page({ source: "trusted_flagger" }))).toEqual(["ring"]);
    expect(names(await page({ age: "overdue" }))).toEqual(["harasser"]);
    expect(names(await page({ age: "day" }))).toEqual(["harasser"]);
    await claimItem(database().db, alice.staffId, subjects.scammer, now);
    expect(names(await page({ assignee: "me" }))).toEqual(["scammer"]);
    expect(names(await page({ assignee: alice.staffId }, bob))).toEqual(["scammer"]);
    expect(names(await page({ assignee: "unclaimed" }))).not.toContain("scammer");
    expect(names(await page({ assignee: "available" }, bob))).not.toContain("scammer");
    expect(names(await page({ assignee: "available" }, alice))).toContain("scammer");
    const [claimed] = (await page({ assignee: "me" })).items;
    expect(claimed.claim).toMatchObject({ staffId: alice.staffId, staffName: alice.name });
  });

  it("pages are bounded and keep the order", async () => {
    const second = await page({ pageSize: 2, page: 2 });
    expect(names(second)).toEqual(["scammer", "harasser"]);
    expect(second.total).toBe(7);
    expect((await page({ pageSize: 5, page: 3 })).items).toEqual([]);
    expect(queueQuery.safeParse({ page: 101 }).success).toBe(false);
  });
});

describe("queue: escalated, resolved and appeals", () => {
  it("a subject with an escalated report is one item in Escalated, counting all its unresolved reports", async () => {
    const result = await page({ tab: "escalated" });
    expect(names(result)).toEqual(["hater"]);
    expect(result.items[0].reportCount).toBe(2);
  });

  it("a decision moves its reports to Resolved, with the account's restriction; an appeal against it is in Appeals", async () => {
    const db = database();
    await report(subjects.resolved, "scam_fraud", 2, { source: "user_notice" });
    const [open] = await db.rows<{ id: string }>(
      sql`SELECT id FROM reports WHERE subject_user_id = ${subjects.resolved}`,
    );
    const { id: decision } = unwrap(
      await runAsActor(alice, () =>
        takeAction({
          subjectUserId: subjects.resolved,
          kind: "suspend",
          category: "scam_fraud",
          ground: "incompatible_content",
          termsClause: "Terms 4.2",
          groundExplanation: "Asking matches for money",
          facts: "A user reported a request for gift cards",
          endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          reportIds: [open.id],
        }),
      ),
    );
    const later = { tab: "unreviewed" } as const;
    expect(names(await page(later))).not.toContain("resolved");
    const resolved = await queuePage(
      db,
      { staffId: alice.staffId, role: alice.role },
      queueQuery.parse({ tab: "resolved" }),
    );
    expect(resolved.items.map((i) => [i.subjectUserId, i.decision?.kind, i.reportCount])).toEqual([
      [subjects.resolved, "suspend", 1],
    ]);
    expect(resolved.items[0].restriction.restriction).toBe("suspended");

    await db.rows(sql`
      INSERT INTO appeals (action_id, channel, recorded_by_staff_id, appellant_text, due_at)
      VALUES (${decision}, 'support', ${bob.staffId}, 'It was a joke', now() + interval '14 days')`);
    const appeals = await queuePage(db, { staffId: bob.staffId, role: bob.role }, queueQuery.parse({ tab: "appeals" }));
    expect(appeals.items).toHaveLength(1);
    expect(appeals.items[0]).toMatchObject({
      subjectUserId: subjects.resolved,
      appeal: { decisionId: decision, decisionKind: "suspend", decidedByStaffId: alice.staffId, overdue: false },
    });
  });
});

describe("staff reports", () => {
  it("a report filed by staff joins the queue as source staff; compliance officers cannot file one", async () => {
    const subject = await insertUser(database());
    const officer = await insertStaff(database(), "compliance_officer");
    const refused = await runAsActor(officer, () =>
      fileReport({ subjectUserId: subject, category: "spam", text: "Same link sent to many members" }),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const blank = await runAsActor(alice, () => fileReport({ subjectUserId: subject, category: "spam", text: " " }));
    expect(blank).toMatchObject({ ok: false, error: { fieldErrors: { text: "Describe what you saw" } } });
    unwrap(
      await runAsActor(alice, () =>
        fileReport({ subjectUserId: subject, category: "spam", text: "Same link sent to many members" }),
      ),
    );
    const [item] = (await page({ source: "staff", category: "spam" })).items;
    expect(item).toMatchObject({ subjectUserId: subject, reportCount: 1, sources: ["staff"] });
  });
});

describe("queue route", () => {
  const call = (actor: StaffActor, query: string) =>
    runAsActor(actor, () => queueRoute(new Request(`http://queue.test/api/moderation/queue?${query}`)));

  it("compliance officers read it; analysts are refused; bad parameters are a 400 naming them", async () => {
    const officer = await insertStaff(database(), "compliance_officer");
    const analyst = await insertStaff(database(), "analyst");
    const ok = await call(officer, "tab=unreviewed&pageSize=3");
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as QueuePage).items).toHaveLength(3);
    expect((await call(analyst, "tab=unreviewed")).status).toBe(403);
    const bad = await call(alice, "tab=everything&category=crime");
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { fieldErrors: Record<string, string> } };
    expect(Object.keys(body.error.fieldErrors).sort()).toEqual(["category", "tab"]);
  });
});
