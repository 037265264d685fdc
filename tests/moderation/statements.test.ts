import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { runAsActor, type StaffActor } from "../../server/auth/actor";
import { takeAction } from "../../server/moderation/takeAction";
import type { DsaStatement } from "../../server/moderation/statements/buildStatement";
import { userNotice, userNoticeText } from "../../server/moderation/statements/userNotice";
import { validateStatement } from "../../server/moderation/statements/validateStatement";
import { insertStaff, unwrap } from "../compliance/support";
import { useFreshDatabase } from "../support/database";
import { insertProfile, insertUser } from "../support/fixtures";
import { insertReport } from "./support";

/**
 * Statements of reasons (DSA Art. 17, 24(5)): every restrictive decision and every reversal of one
 * stores, in the decision's transaction, a statement that passes the Transparency Database's rules
 * and holds no personal data of anyone the decision touches.
 */
const database = useFreshDatabase();
let moderator: StaffActor;
let reviewer: StaffActor;

beforeAll(async () => {
  moderator = await insertStaff(database(), "trust_safety");
  reviewer = await insertStaff(database(), "admin");
});

let counter = 0;
/** A member with a profile, and a reporter with one, named so the moderator's facts can name them. */
async function subjectWithReporter() {
  const db = database();
  const n = ++counter;
  const email = `marta.kowalska.${n}@example.test`;
  const user = await insertUser(db, email);
  await insertProfile(db, user, `Marta K${n}.`);
  const reporterEmail = `jonas.berg.${n}@example.test`;
  const reporter = await insertUser(db, reporterEmail);
  await insertProfile(db, reporter, `Jonas B${n}.`);
  const report = await insertReport(db, user, { reporterUserId: reporter, category: "scam_fraud" });
  return { user, email, name: `Marta K${n}.`, reporter, reporterEmail, reporterName: `Jonas B${n}.`, report };
}

/** Facts as a moderator might write them for colleagues: full of personal data. */
const chattyFacts = (s: Awaited<ReturnType<typeof subjectWithReporter>>) =>
  `${s.name} (${s.email}, account ${s.user}) asked ${s.reporterName} <${s.reporterEmail}> for 300 EUR in gift cards; ` +
  `Marta said to call +49 151 23456789 or visit https://pay.example/m. Checked by ${moderator.name} (${moderator.email}, ${moderator.staffId}).`;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);
const day = (date: Date) => date.toISOString().slice(0, 10);

async function statementOf(actionId: string): Promise<{ puid: string; body: DsaStatement; text: string } | undefined> {
  const [row] = await database().rows<{ puid: string; body: DsaStatement; text: string }>(
    sql`SELECT puid, body, body::text AS text FROM statements_of_reasons WHERE action_id = ${actionId}`,
  );
  return row;
}

function expectNoPersonalData(text: string, s: Awaited<ReturnType<typeof subjectWithReporter>>, staff: StaffActor[]) {
  const forbidden = [
    s.email,
    s.name,
    "Marta",
    s.user,
    s.reporter,
    s.reporterEmail,
    s.reporterName,
    "Jonas",
    "+49 151",
    "pay.example",
    ...staff.flatMap((a) => [a.email, a.name, a.staffId]),
  ];
  for (const value of forbidden)
    expect(text.toLowerCase(), `statement contains "${value}"`).not.toContain(value.toLowerCase());
}

const grounds = {
  incompatible_content: { termsClause: "Terms 4.2: no requests for money" },
  illegal_content: { legalProvision: "§ 263 StGB (fraud)" },
} as const;

describe("statements of reasons", () => {
  const kinds = [
    { kind: "restrict_visibility", endsAt: inDays(30) },
    { kind: "restrict_visibility", endsAt: null },
    { kind: "suspend", endsAt: inDays(7) },
    { kind: "terminate", endsAt: null },
  ] as const;

  for (const { kind, endsAt } of kinds) {
    for (const ground of ["incompatible_content", "illegal_content"] as const) {
      it(`${kind}${endsAt ? " with an end date" : ""} on ${ground}, and its reversal: valid, stored, no personal data`, async () => {
        const s = await subjectWithReporter();
        const { id } = unwrap(
          await runAsActor(moderator, () =>
            takeAction({
              subjectUserId: s.user,
              kind,
              category: "scam_fraud",
              ground,
              ...grounds[ground],
              groundExplanation: `Asking ${s.name} matches for money is fraud`,
              facts: chattyFacts(s),
              endsAt: endsAt?.toISOString(),
              reportIds: [s.report],
            }),
          ),
        );
        const stored = await statementOf(id);
        expect(stored, "a statement is stored with the decision").toBeDefined();
        if (!stored) return;
        expect(validateStatement(stored.body)).toEqual({ ok: true });
        expect(stored.puid).toBe(stored.body.puid);
        expectNoPersonalData(stored.text, s, [moderator]);

        // What the database must be told, stated independently of the builder.
        const today = day(new Date());
        expect(stored.body).toMatchObject({
          category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
          source_type: "SOURCE_ARTICLE_16",
          automated_detection: "No",
          automated_decision: "AUTOMATED_DECISION_NOT_AUTOMATED",
          application_date: today,
          content_type: ["CONTENT_TYPE_IMAGE", "CONTENT_TYPE_TEXT"],
          decision_ground:
            ground === "illegal_content" ? "DECISION_GROUND_ILLEGAL_CONTENT" : "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        });
        expect(stored.body.territorial_scope).toHaveLength(30);
        if (ground === "illegal_content") {
          expect(stored.body.illegal_content_legal_ground).toBe("§ 263 StGB (fraud)");
          expect(stored.body.incompatible_content_ground).toBeUndefined();
        } else {
          expect(stored.body.incompatible_content_ground).toBe("Terms 4.2: no requests for money");
          expect(stored.body.illegal_content_legal_ground).toBeUndefined();
        }
        expect(stored.body.decision_facts).toContain("300 EUR in gift cards");
        const end = endsAt ? day(endsAt) : undefined;
        if (kind === "restrict_visibility") {
          expect(stored.body.decision_visibility).toEqual(["DECISION_VISIBILITY_CONTENT_DEMOTED"]);
          expect(stored.body.end_date_visibility_restriction).toBe(end);
          expect(stored.body.decision_account).toBeUndefined();
        } else {
          expect(stored.body.decision_account).toBe(
            kind === "suspend" ? "DECISION_ACCOUNT_SUSPENDED" : "DECISION_ACCOUNT_TERMINATED",
          );
          expect(stored.body.end_date_account_restriction).toBe(end);
          expect(stored.body.decision_visibility).toBeUndefined();
        }

        const notice = userNoticeText(userNotice(stored.body));
        expectNoPersonalData(notice, s, [moderator]);
        expect(notice).toContain(stored.puid);

        // The reversal writes its own statement: the same restriction, ended the day it was lifted.
        const { id: reversalId } = unwrap(
          await runAsActor(reviewer, () =>
            takeAction({
              subjectUserId: s.user,
              kind: "reverse",
              reversesActionId: id,
              facts: `${s.name} showed the money was a refund owed by ${s.reporterName}; reviewed by ${reviewer.name}`,
            }),
          ),
        );
        const reversal = await statementOf(reversalId);
        expect(reversal).toBeDefined();
        if (!reversal) return;
        expect(validateStatement(reversal.body)).toEqual({ ok: true });
        expectNoPersonalData(reversal.text, s, [moderator, reviewer]);
        expect(reversal.puid).not.toBe(stored.puid);
        expect(reversal.body.decision_facts).toContain(stored.puid);
        expect(reversal.body.decision_facts).toContain("refund");
        expect(reversal.body.application_date).toBe(today);
        expect(reversal.body.category).toBe(stored.body.category);
        expect(reversal.body.decision_ground).toBe(stored.body.decision_ground);
        if (kind === "restrict_visibility") expect(reversal.body.end_date_visibility_restriction).toBe(today);
        else expect(reversal.body.end_date_account_restriction).toBe(today);
        const liftedNotice = userNotice(reversal.body);
        expect(liftedNotice.title).toMatch(/lifted|reinstated|shown to other members again/);
        expectNoPersonalData(userNoticeText(liftedNotice), s, [moderator, reviewer]);
      });
    }
  }

  it("the notice says what was decided, why and what the member can do", async () => {
    const s = await subjectWithReporter();
    const endsAt = inDays(7);
    const { id } = unwrap(
      await runAsActor(moderator, () =>
        takeAction({
          subjectUserId: s.user,
          kind: "suspend",
          category: "harassment",
          ground: "incompatible_content",
          termsClause: "Terms 5.1: respect other members",
          groundExplanation: "Repeated insults after being asked to stop",
          facts: "Eleven insulting messages to one member within an hour",
          endsAt: endsAt.toISOString(),
          reportIds: [s.report],
        }),
      ),
    );
    const stored = await statementOf(id);
    if (!stored) throw new Error("no statement");
    const notice = userNotice(stored.body);
    const longEnd = endsAt.toLocaleDateString("en-GB", {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    });
    expect(notice.title).toBe(`We have suspended your account until ${longEnd}`);
    const text = userNoticeText(notice);
    expect(text).toContain("Terms 5.1: respect other members");
    expect(text).toContain("Eleven insulting messages");
    expect(text).toContain("Cyber violence");
    expect(text).toMatch(/complain to us within six months/);
  });

  it("a message or a photo is the content; its date is when it was sent or the profile made", async () => {
    const db = database();
    const s = await subjectWithReporter();
    const [message] = await db.rows<{ id: string; sent: string }>(sql`
      INSERT INTO messages (from_user_id, to_user_id, content, sent_at)
      VALUES (${s.user}, ${s.reporter}, 'sb1:opaque', '2025-03-04T10:00:00Z') RETURNING id, sent_at::text AS sent`);
    await db.rows(
      sql`UPDATE profiles SET photos = '["a.jpg"]'::jsonb, created_at = '2024-12-01T08:00:00Z' WHERE user_id = ${s.user}`,
    );
    const decide = (extra: Record<string, unknown>) =>
      runAsActor(moderator, () =>
        takeAction({
          subjectUserId: s.user,
          kind: "restrict_visibility",
          category: "harassment",
          ground: "incompatible_content",
          termsClause: "Terms 5.1",
          groundExplanation: "Insults",
          facts: "Insulting message",
          ...extra,
        }),
      );
    const onMessage = unwrap(await decide({ subjectKind: "message", subjectMessageId: message.id }));
    const onPhoto = unwrap(await decide({ subjectKind: "photo", subjectPhotoIndex: 0 }));
    expect((await statementOf(onMessage.id))?.body).toMatchObject({
      content_type: ["CONTENT_TYPE_TEXT"],
      content_date: "2025-03-04",
    });
    expect((await statementOf(onPhoto.id))?.body).toMatchObject({
      content_type: ["CONTENT_TYPE_IMAGE"],
      content_date: "2024-12-01",
    });
  });

  it("no statement for decisions that restrict nothing, nor for a reversed warning", async () => {
    const s = await subjectWithReporter();
    const act = (input: Record<string, unknown>) =>
      runAsActor(moderator, () => takeAction({ subjectUserId: s.user, ...input }));
    const ids = [
      unwrap(await act({ kind: "comment", note: "Watch this one" })).id,
      unwrap(await act({ kind: "escalate", reportIds: [s.report] })).id,
      unwrap(await act({ kind: "warn", reportIds: [s.report] })).id,
    ];
    ids.push(unwrap(await act({ kind: "reverse", reversesActionId: ids[2], facts: "Warned the wrong member" })).id);
    const [row] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM statements_of_reasons WHERE action_id IN (${sql.join(ids, sql`, `)})`,
    );
    expect(row.n).toBe(0);
  });

  it("a statement the database would refuse is a field error, and neither decision nor statement nor audit is stored", async () => {
    const db = database();
    const s = await subjectWithReporter();
    const counts = async () =>
      (
        await db.rows<{ actions: number; statements: number; audit: number }>(sql`SELECT
          (SELECT count(*) FROM moderation_actions WHERE subject_user_id = ${s.user})::int AS actions,
          (SELECT count(*) FROM statements_of_reasons)::int AS statements,
          (SELECT count(*) FROM compliance_logs)::int AS audit`)
      )[0];
    const before = await counts();
    // The database takes end dates up to 2038-01-01.
    const tooLate = await runAsActor(moderator, () =>
      takeAction({
        subjectUserId: s.user,
        kind: "suspend",
        category: "spam",
        ground: "incompatible_content",
        termsClause: "Terms 6: no advertising",
        groundExplanation: "Advertising",
        facts: "Links to a shop in every message",
        endsAt: "2039-06-01T00:00:00Z",
        reportIds: [s.report],
      }),
    );
    expect(tooLate.ok).toBe(false);
    if (!tooLate.ok) {
      expect(tooLate.error.code).toBe("invalid");
      expect(tooLate.error.fieldErrors?.endsAt).toMatch(/2038-01-01/);
    }
    expect(await counts()).toEqual(before);
    const [report] = await db.rows<{ status: string }>(sql`SELECT status FROM reports WHERE id = ${s.report}`);
    expect(report.status).toBe("open");

    // A reversal's facts get a sentence in front: 5,000 characters of them no longer fit.
    const { id } = unwrap(
      await runAsActor(moderator, () =>
        takeAction({
          subjectUserId: s.user,
          kind: "terminate",
          category: "fake_profile",
          ground: "incompatible_content",
          termsClause: "Terms 3.1: real people only",
          groundExplanation: "Stock photos and a copied bio",
          facts: "Photos found on a stock-image site",
        }),
      ),
    );
    const mid = await counts();
    const long = await runAsActor(reviewer, () =>
      takeAction({ subjectUserId: s.user, kind: "reverse", reversesActionId: id, facts: "x".repeat(5000) }),
    );
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.fieldErrors?.facts).toMatch(/5000 characters/);
    expect(await counts()).toEqual(mid);
  });
});
