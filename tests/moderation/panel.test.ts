import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { runAsActor, type StaffActor } from "../../server/auth/actor";
import { panelData, type PanelData } from "../../server/moderation/panel";
import { subjectRoute } from "../../server/moderation/routes";
import { insertStaff } from "../compliance/support";
import { useFreshDatabase } from "../support/database";
import { insertPayment, insertUser } from "../support/fixtures";
import { insertDecision } from "./support";

/** The take-action panel: the subject and their whole history, as each role may see it. */
const database = useFreshDatabase();
let moderator: StaffActor;
let subject: string;
let reporter: string;
let matchId: string;
let messageId: string;
let warning: string;
const secret = "Send me 200 euros in gift cards";

beforeAll(async () => {
  const db = database();
  moderator = await insertStaff(db, "trust_safety");
  [subject, reporter] = [await insertUser(db), await insertUser(db)];
  await db.rows(sql`
    INSERT INTO profiles (user_id, name, age, gender, bio, photos)
    VALUES (${subject}, 'Lena Ivanova', 29, 'woman', 'Loves hiking',
      '["https://cdn.example/1.jpg", "https://cdn.example/2.jpg"]'::jsonb),
      (${reporter}, 'Marc Weber', 33, 'man', NULL, '[]'::jsonb)`);
  const [match] = await db.rows<{ id: string }>(sql`
    INSERT INTO matches (user_a_id, user_b_id, compatibility_score, status)
    VALUES (${reporter}, ${subject}, 80, 'matched') RETURNING id`);
  matchId = match.id;
  const [message] = await db.rows<{ id: string }>(sql`
    INSERT INTO messages (from_user_id, to_user_id, content) VALUES (${subject}, ${reporter}, ${secret}) RETURNING id`);
  messageId = message.id;
  await db.rows(sql`INSERT INTO messages (from_user_id, to_user_id, content) VALUES (${reporter}, ${subject}, 'No.')`);
  await db.rows(sql`
    INSERT INTO reports (subject_kind, subject_user_id, subject_message_id, reporter_user_id, source, category, reporter_text, created_at)
    VALUES ('message', ${subject}, ${messageId}, ${reporter}, 'user_notice', 'scam_fraud', 'She asked me for money', now() - interval '30 hours'),
      ('photo', ${subject}, NULL, NULL, 'automated', 'non_consensual_sexual_content', NULL, now() - interval '1 hour')`);
  await db.rows(sql`UPDATE reports SET subject_photo_index = 1 WHERE subject_kind = 'photo'`);
  warning = await insertDecision(db, {
    subjectUserId: subject,
    staffId: moderator.staffId,
    kind: "warn",
    from: "-40 days",
  });
  await insertDecision(db, {
    subjectUserId: subject,
    staffId: moderator.staffId,
    kind: "suspend",
    from: "-1 hour",
    until: "7 days",
  });
  await db.rows(sql`
    INSERT INTO appeals (action_id, channel, recorded_by_staff_id, appellant_text, due_at)
    VALUES (${warning}, 'support', ${moderator.staffId}, 'I was joking', now() + interval '3 days')`);
  await insertPayment(db, subject);
  await insertPayment(db, subject);
  await db.rows(
    sql`INSERT INTO ai_interactions (user_id, ai_type, disclosure_shown) VALUES (${subject}, 'relationship_coach', true)`,
  );
});

describe("panel data", () => {
  let panel: PanelData;
  beforeAll(async () => {
    panel = (await panelData(database(), "trust_safety", subject))!;
  });

  it("shows the subject as a person, with photos, restriction and account facts", () => {
    expect(panel.person).toMatchObject({ id: subject, name: "Lena Ivanova", initials: "LI" });
    expect(panel.account.profile).toMatchObject({ name: "Lena Ivanova", age: 29, bio: "Loves hiking" });
    expect(panel.account.profile?.photos).toEqual(["https://cdn.example/1.jpg", "https://cdn.example/2.jpg"]);
    expect(panel.restriction.restriction).toBe("suspended");
    expect(panel.account).toMatchObject({
      paymentCount: 2,
      succeededTotal: "19.98",
      matchCount: 1,
      mutualMatchCount: 1,
      messagesSent: 1,
      messagesReceived: 1,
      aiInteractionCount: 1,
      accountAgeDays: 0,
    });
    expect(panel.account.payments).toHaveLength(2);
    // A non-consensual sexual content report: the photos start blurred.
    expect(panel.blurPhotos).toBe(true);
  });

  it("lists every report with its text, reporter and the reported message's conversation", () => {
    expect(panel.reportTotal).toBe(2);
    expect(panel.openReportCount).toBe(2);
    const [photo, message] = panel.reports;
    expect(photo).toMatchObject({ subjectKind: "photo", photoIndex: 1, reporter: null, overdue: false });
    expect(message).toMatchObject({
      subjectKind: "message",
      reporterText: "She asked me for money",
      reporter: { id: reporter, name: "Marc Weber", initials: "MW" },
      messageId,
      matchId,
      // Scam's target is 24 hours; this one is 30 hours old.
      overdue: true,
    });
  });

  it("lists earlier decisions newest first, with their appeal", () => {
    expect(panel.decisionTotal).toBe(2);
    expect(panel.decisions.map((d) => d.kind)).toEqual(["suspend", "warn"]);
    expect(panel.decisions[1]).toMatchObject({
      id: warning,
      staff: { id: moderator.staffId, name: moderator.name },
      reversedBy: null,
      appeal: { status: "open", channel: "support", appellantText: "I was joking", overdue: false },
    });
  });

  it("never carries message content", () => {
    expect(JSON.stringify(panel)).not.toContain("gift cards");
  });

  it("says what the role may do: compliance officers read, and neither act nor read messages", async () => {
    expect(panel.may).toEqual({
      act: true,
      claim: true,
      fileReports: true,
      readMessages: true,
      recordAppeals: true,
      decideAppeals: true,
    });
    const officer = (await panelData(database(), "compliance_officer", subject))!;
    expect(officer.may).toEqual({
      act: false,
      claim: false,
      fileReports: false,
      readMessages: false,
      recordAppeals: false,
      decideAppeals: false,
    });
  });

  it("is null for an unknown account", async () => {
    expect(await panelData(database(), "trust_safety", crypto.randomUUID())).toBeNull();
  });
});

describe("panel route", () => {
  const call = (actor: StaffActor, userId: string) =>
    runAsActor(actor, () =>
      subjectRoute(new Request(`http://panel.test/api/moderation/subjects/${userId}`), {
        params: Promise.resolve({ userId }),
      }),
    );

  it("answers staff who may read reports; analysts get a 403; unknown or malformed ids a 404", async () => {
    const analyst = await insertStaff(database(), "analyst");
    const officer = await insertStaff(database(), "compliance_officer");
    const ok = await call(officer, subject);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect(((await ok.json()) as { data: PanelData }).data.person.id).toBe(subject);
    const refused = await call(analyst, subject);
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain("Lena");
    expect((await call(moderator, crypto.randomUUID())).status).toBe(404);
    expect((await call(moderator, "not-an-id")).status).toBe(404);
  });
});
