import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { sequenceAuditChain } from "../../server/audit/sequencer";
import { runAsActor, type StaffActor } from "../../server/auth/actor";
import { accountRestriction } from "../../server/moderation/enforcement";
import { takeAction } from "../../server/moderation/takeAction";
import { insertStaff, unwrap } from "../compliance/support";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";
import { insertReport } from "./support";

/** Taking a moderation action: validated, authorized, and recorded with its audit rows, all or nothing. */
const database = useFreshDatabase();
let moderator: StaffActor;
let admin: StaffActor;

beforeAll(async () => {
  moderator = await insertStaff(database(), "trust_safety");
  admin = await insertStaff(database(), "admin");
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const suspension = (subjectUserId: string, extra: Record<string, unknown> = {}) => ({
  subjectUserId,
  kind: "suspend",
  category: "scam_fraud",
  ground: "incompatible_content",
  termsClause: "Terms 4.2: no requests for money",
  groundExplanation: "Asking matches for money is a scam under our terms",
  facts: "Three matches reported requests for gift cards within a day",
  endsAt: inDays(7),
  ...extra,
});

/** Everything a refused action must leave unchanged, for one account. */
async function stateOf(userId: string) {
  const [row] = await database().rows<Record<string, number>>(sql`SELECT
    (SELECT count(*) FROM moderation_actions WHERE subject_user_id = ${userId})::int AS actions,
    (SELECT count(*) FROM reports WHERE subject_user_id = ${userId} AND status = 'open')::int AS open_reports,
    (SELECT count(*) FROM compliance_logs)::int AS audit_rows`);
  return row;
}

describe("takeAction", () => {
  it("suspends for 7 days: the account is suspended, the reports resolved, and dsa audit rows written", async () => {
    const db = database();
    const [user, reporter] = [await insertUser(db), await insertUser(db)];
    const reports = [await insertReport(db, user, { reporterUserId: reporter }), await insertReport(db, user)];
    const endsAt = inDays(7);
    const auditBefore = (await stateOf(user)).audit_rows;

    const result = await runAsActor(moderator, () => takeAction(suspension(user, { endsAt, reportIds: reports })));
    const { id } = unwrap(result);

    expect(await accountRestriction(db.db, user)).toEqual({ restriction: "suspended", until: new Date(endsAt) });
    const resolved = await db.rows<{ status: string; resolution: string; resolved_by_action_id: string }>(sql`
      SELECT status, resolution, resolved_by_action_id FROM reports WHERE id IN (${sql.join(reports, sql`, `)})`);
    expect(resolved).toEqual([
      { status: "resolved", resolution: "suspended", resolved_by_action_id: id },
      { status: "resolved", resolution: "suspended", resolved_by_action_id: id },
    ]);
    const [action] = await db.rows<{ staff_id: string; report_ids: string[] }>(
      sql`SELECT staff_id, report_ids FROM moderation_actions WHERE id = ${id}`,
    );
    expect(action.staff_id).toBe(moderator.staffId);
    expect([...action.report_ids].sort()).toEqual([...reports].sort());

    await sequenceAuditChain(db); // audit rows wait unsequenced until chained (migration 0016)
    const audit = await db.rows<{ action_type: string; framework: string; staff_id: string; metadata: string }>(sql`
      SELECT action_type, regulatory_framework AS framework, staff_id, metadata::text AS metadata
      FROM compliance_logs WHERE user_id = ${user} ORDER BY seq`);
    expect(audit.map((a) => [a.action_type, a.framework, a.staff_id])).toEqual([
      ["staff.moderation_actions.suspend", "dsa", moderator.staffId],
      ["staff.reports.resolve", "dsa", moderator.staffId],
    ]);
    expect(JSON.parse(audit[0].metadata)).toMatchObject({
      recordId: id,
      kind: "suspend",
      ground: "incompatible_content",
    });
    // The free texts may hold personal data: the audit trail names fields, not their values.
    expect(audit[0].metadata).not.toContain("gift cards");
    expect((await stateOf(user)).audit_rows).toBe(auditBefore + 2);
  });

  it("a suspension without an end date, or with a past one, is a field error and changes nothing", async () => {
    const user = await insertUser(database());
    await insertReport(database(), user);
    const before = await stateOf(user);
    for (const [endsAt, message] of [
      [undefined, /needs an end date/],
      [inDays(-1), /in the future/],
    ] as const) {
      const result = await runAsActor(moderator, () => takeAction(suspension(user, { endsAt })));
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe("invalid");
      expect(result.error.fieldErrors?.endsAt).toMatch(message);
    }
    expect(await stateOf(user)).toEqual(before);
  });

  it("a restriction needs a category, a ground with its reference, an explanation and facts", async () => {
    const user = await insertUser(database());
    const bare = await runAsActor(moderator, () => takeAction({ subjectUserId: user, kind: "terminate" }));
    expect(bare.ok).toBe(false);
    if (!bare.ok) {
      expect(Object.keys(bare.error.fieldErrors ?? {}).sort()).toEqual([
        "category",
        "facts",
        "ground",
        "groundExplanation",
      ]);
    }
    const noProvision = await runAsActor(moderator, () =>
      takeAction(suspension(user, { ground: "illegal_content", termsClause: undefined })),
    );
    expect(noProvision.ok).toBe(false);
    if (!noProvision.ok) expect(noProvision.error.fieldErrors?.legalProvision).toMatch(/legal provision/);
    const blankFacts = await runAsActor(moderator, () => takeAction(suspension(user, { facts: "   " })));
    expect(blankFacts.ok).toBe(false);
    if (!blankFacts.ok) expect(blankFacts.error.fieldErrors?.facts).toBeDefined();
    expect(await stateOf(user)).toMatchObject({ actions: 0 });
  });

  it("a reversal names an earlier, not yet reversed decision on the same account, and lifts it", async () => {
    const db = database();
    const [user, other] = [await insertUser(db), await insertUser(db)];
    const { id: suspended } = unwrap(await runAsActor(moderator, () => takeAction(suspension(user))));
    const { id: comment } = unwrap(
      await runAsActor(moderator, () => takeAction({ subjectUserId: user, kind: "comment", note: "Possible ring" })),
    );
    const reverse = (subjectUserId: string, reversesActionId: string, actor = moderator) =>
      runAsActor(actor, () =>
        takeAction({ subjectUserId, kind: "reverse", reversesActionId, facts: "Appeal: the payments were a joke" }),
      );

    for (const [subject, target, message] of [
      [other, suspended, /No decision with this id on this account/],
      [user, comment, /comment cannot be reversed/],
      [user, crypto.randomUUID(), /No decision with this id/],
    ] as const) {
      const refused = await reverse(subject, target);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error.fieldErrors?.reversesActionId).toMatch(message);
    }
    const noReason = await runAsActor(moderator, () =>
      takeAction({ subjectUserId: user, kind: "reverse", reversesActionId: suspended }),
    );
    expect(noReason.ok).toBe(false);
    if (!noReason.ok) expect(noReason.error.fieldErrors?.facts).toBeDefined();
    expect((await accountRestriction(db.db, user)).restriction).toBe("suspended");

    unwrap(await reverse(user, suspended, admin));
    expect(await accountRestriction(db.db, user)).toEqual({ restriction: "none" });
    const again = await reverse(user, suspended);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.fieldErrors?.reversesActionId).toMatch(/already been reversed/);
  });

  it("escalate moves reports to the escalated tab; a report of another account or already resolved is refused", async () => {
    const db = database();
    const [user, other] = [await insertUser(db), await insertUser(db)];
    const mine = await insertReport(db, user, { category: "underage" });
    const theirs = await insertReport(db, other);
    const wrong = await runAsActor(moderator, () =>
      takeAction({ subjectUserId: user, kind: "escalate", reportIds: [mine, theirs] }),
    );
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.fieldErrors?.reportIds).toMatch(/another account/);

    unwrap(await runAsActor(moderator, () => takeAction({ subjectUserId: user, kind: "escalate", reportIds: [mine] })));
    const [escalated] = await db.rows<{ status: string }>(sql`SELECT status FROM reports WHERE id = ${mine}`);
    expect(escalated.status).toBe("escalated");

    unwrap(
      await runAsActor(moderator, () => takeAction({ subjectUserId: user, kind: "acknowledge", reportIds: [mine] })),
    );
    const twice = await runAsActor(moderator, () =>
      takeAction({ subjectUserId: user, kind: "acknowledge", reportIds: [mine] }),
    );
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error.fieldErrors?.reportIds).toMatch(/already resolved/);
    expect((await accountRestriction(db.db, user)).restriction).toBe("none");
  });

  it("an action about a message or a photo names one of the account's own", async () => {
    const db = database();
    const [sender, recipient] = [await insertUser(db), await insertUser(db)];
    const [message] = await db.rows<{ id: string }>(sql`
      INSERT INTO messages (from_user_id, to_user_id, content) VALUES (${sender}, ${recipient}, 'sb1:opaque') RETURNING id`);
    await db.rows(sql`INSERT INTO profiles (user_id, name, age, gender, photos)
      VALUES (${sender}, 'Sam', 31, 'man', '["a.jpg", "b.jpg"]'::jsonb)`);
    const warn = (subjectUserId: string, extra: Record<string, unknown>) =>
      runAsActor(moderator, () => takeAction({ subjectUserId, kind: "warn", ...extra }));

    const notTheirs = await warn(recipient, { subjectKind: "message", subjectMessageId: message.id });
    expect(notTheirs.ok).toBe(false);
    if (!notTheirs.ok) expect(notTheirs.error.fieldErrors?.subjectMessageId).toMatch(/sent no such message/);
    const noPhoto = await warn(sender, { subjectKind: "photo", subjectPhotoIndex: 2 });
    expect(noPhoto.ok).toBe(false);
    if (!noPhoto.ok) expect(noPhoto.error.fieldErrors?.subjectPhotoIndex).toMatch(/no such photo/);
    const missing = await warn(sender, { subjectKind: "message" });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.fieldErrors?.subjectMessageId).toBeDefined();

    const { id } = unwrap(await warn(sender, { subjectKind: "message", subjectMessageId: message.id }));
    unwrap(await warn(sender, { subjectKind: "photo", subjectPhotoIndex: 1 }));
    const [row] = await db.rows<{ subject_kind: string; subject_message_id: string }>(
      sql`SELECT subject_kind, subject_message_id FROM moderation_actions WHERE id = ${id}`,
    );
    expect(row).toEqual({ subject_kind: "message", subject_message_id: message.id });
  });

  it("a role without the right is refused, and nothing changes", async () => {
    const db = database();
    const user = await insertUser(db);
    const report = await insertReport(db, user);
    const before = await stateOf(user);
    for (const role of ["analyst", "compliance_officer"] as const) {
      const actor = await insertStaff(db, role);
      const result = await runAsActor(actor, () => takeAction(suspension(user, { reportIds: [report] })));
      expect(result).toEqual({
        ok: false,
        error: { code: "forbidden", message: `Your role (${role}) cannot create moderation_actions.` },
      });
    }
    const anonymous = await runAsActor(null, () => takeAction(suspension(user)));
    expect(anonymous.ok).toBe(false);
    if (!anonymous.ok) expect(anonymous.error.code).toBe("unauthenticated");
    expect(await stateOf(user)).toEqual(before);
    expect(await accountRestriction(db.db, user)).toEqual({ restriction: "none" });
  });

  it("the action and its audit rows commit or roll back together: a failing audit write leaves no action", async () => {
    const db = database();
    const user = await insertUser(db);
    const report = await insertReport(db, user);
    const before = await stateOf(user);
    // Make the audit write itself fail, inside the action's transaction.
    await db.exec(`
      CREATE FUNCTION test_fail_moderation_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$;
      CREATE TRIGGER trg_test_fail_moderation_audit BEFORE INSERT ON compliance_logs FOR EACH ROW
        WHEN (NEW.action_type LIKE 'staff.moderation_actions.%') EXECUTE FUNCTION test_fail_moderation_audit();`);
    try {
      const result = await runAsActor(moderator, () => takeAction(suspension(user, { reportIds: [report] })));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe("internal");
      expect(await stateOf(user)).toEqual(before);
      expect(await accountRestriction(db.db, user)).toEqual({ restriction: "none" });
    } finally {
      await db.exec(`DROP TRIGGER trg_test_fail_moderation_audit ON compliance_logs;
        DROP FUNCTION test_fail_moderation_audit();`);
    }
    // With the audit store back, the same action goes through.
    unwrap(await runAsActor(moderator, () => takeAction(suspension(user, { reportIds: [report] }))));
    expect(await stateOf(user)).toEqual({ actions: 1, open_reports: 0, audit_rows: before.audit_rows + 2 });
  });
});
