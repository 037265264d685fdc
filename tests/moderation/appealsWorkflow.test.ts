import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { sequenceAuditChain } from "../../server/audit/sequencer";
import { runAsActor, type StaffActor } from "../../server/auth/actor";
import { decideAppeal, recordAppeal } from "../../server/moderation/appealActions";
import { accountRestriction } from "../../server/moderation/enforcement";
import { platformAppealRoute } from "../../server/moderation/platformAppealRoute";
import { insertStaff, unwrap } from "../compliance/support";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";
import { insertDecision } from "./support";

/** The appeals workflow (DSA Art. 20) through its server actions and the platform's API route. */
const database = useFreshDatabase();
let original: StaffActor;
let reviewer: StaffActor;
let officer: StaffActor;

beforeAll(async () => {
  original = await insertStaff(database(), "trust_safety");
  reviewer = await insertStaff(database(), "trust_safety");
  officer = await insertStaff(database(), "compliance_officer");
});

/** A suspension in force (taken by `original`) on a fresh account. */
async function suspended() {
  const user = await insertUser(database());
  const action = await insertDecision(database(), {
    subjectUserId: user,
    staffId: original.staffId,
    kind: "suspend",
    from: "-1 day",
    until: "6 days",
  });
  return { user, action };
}

async function appealed() {
  const { user, action } = await suspended();
  const { id } = unwrap(
    await runAsActor(reviewer, () =>
      recordAppeal({ actionId: action, channel: "support", appellantText: "I only joked about money" }),
    ),
  );
  return { user, action, appeal: id };
}

/** Everything a refused decision must leave as it was. */
async function stateOf(user: string, appeal: string) {
  const [row] = await database().rows<Record<string, unknown>>(sql`SELECT
    (SELECT status FROM appeals WHERE id = ${appeal}) AS appeal_status,
    (SELECT count(*)::int FROM moderation_actions WHERE subject_user_id = ${user}) AS actions,
    (SELECT count(*)::int FROM statements_of_reasons) AS statements,
    (SELECT count(*)::int FROM compliance_logs) AS audit_rows`);
  return row;
}

describe("recording an appeal", () => {
  it("staff record it with its deadline (14 days) and a dsa audit row; compliance officers cannot", async () => {
    const { user, action } = await suspended();
    const receivedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const { id, dueAt } = unwrap(
      await runAsActor(reviewer, () =>
        recordAppeal({ actionId: action, channel: "staff", appellantText: "It was a joke", receivedAt }),
      ),
    );
    expect(new Date(dueAt).getTime() - new Date(receivedAt).getTime()).toBe(14 * 86_400_000);
    const audit = await database().rows<{ action_type: string; framework: string }>(sql`
      SELECT action_type, regulatory_framework AS framework FROM compliance_logs WHERE user_id = ${user}`);
    expect(audit).toEqual([{ action_type: "staff.appeals.create", framework: "dsa" }]);
    const again = await runAsActor(reviewer, () =>
      recordAppeal({ actionId: action, channel: "staff", appellantText: "Again" }),
    );
    expect(again).toMatchObject({ ok: false, error: { fieldErrors: { actionId: /already been appealed/ } } });
    const other = (await suspended()).action;
    const refused = await runAsActor(officer, () =>
      recordAppeal({ actionId: other, channel: "staff", appellantText: "x" }),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(id).toBeTruthy();
  });
});

describe("deciding an appeal", () => {
  it("the moderator who took the decision cannot decide its appeal: a field error, and nothing changes", async () => {
    const { user, appeal } = await appealed();
    for (const outcome of ["upheld", "reversed"] as const) {
      const before = await stateOf(user, appeal);
      const result = await runAsActor(original, () =>
        decideAppeal({ appealId: appeal, outcome, note: "I stand by my decision" }),
      );
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.error.fieldErrors?.outcome, JSON.stringify(result.error)).toMatch(
          /another moderator must decide/,
        );
      // For a reversal, the reverse decision recorded before the refused update rolled back with it.
      expect(await stateOf(user, appeal)).toEqual(before);
    }
    expect((await accountRestriction(database().db, user)).restriction).toBe("suspended");
  });

  it("reversed by another moderator: the restriction is lifted, the appeal names the reversal, all audited", async () => {
    const { user, action, appeal } = await appealed();
    const result = unwrap(
      await runAsActor(reviewer, () =>
        decideAppeal({ appealId: appeal, outcome: "reversed", note: "The messages show a joke between friends" }),
      ),
    );
    expect(await accountRestriction(database().db, user)).toEqual({ restriction: "none" });
    const [row] = await database().rows<{
      status: string;
      decided_by_staff_id: string;
      reversal_action_id: string;
      reverses: string;
      kind: string;
      facts: string;
    }>(sql`
      SELECT ap.status, ap.decided_by_staff_id, ap.reversal_action_id, a.reverses_action_id AS reverses, a.kind, a.facts
      FROM appeals ap JOIN moderation_actions a ON a.id = ap.reversal_action_id WHERE ap.id = ${appeal}`);
    expect(row).toEqual({
      status: "reversed",
      decided_by_staff_id: reviewer.staffId,
      reversal_action_id: result.reversalActionId,
      reverses: action,
      kind: "reverse",
      facts: "The messages show a joke between friends",
    });
    await sequenceAuditChain(database()); // audit rows wait unsequenced until chained (migration 0016)
    const audit = await database().rows<{ action_type: string; staff_id: string }>(sql`
      SELECT action_type, staff_id FROM compliance_logs WHERE user_id = ${user} ORDER BY seq`);
    expect(audit.map((a) => a.action_type)).toEqual([
      "staff.appeals.create",
      "staff.moderation_actions.reverse",
      "staff.appeals.reverse",
    ]);
    expect(new Set(audit.map((a) => a.staff_id))).toEqual(new Set([reviewer.staffId]));
  });

  it("upheld: the restriction stays; a decided appeal is final", async () => {
    const { user, appeal } = await appealed();
    unwrap(
      await runAsActor(reviewer, () =>
        decideAppeal({ appealId: appeal, outcome: "upheld", note: "The payment requests are clear" }),
      ),
    );
    expect((await accountRestriction(database().db, user)).restriction).toBe("suspended");
    const again = await runAsActor(reviewer, () =>
      decideAppeal({ appealId: appeal, outcome: "reversed", note: "Changed my mind" }),
    );
    expect(again).toMatchObject({ ok: false, error: { fieldErrors: { outcome: /already been decided \(upheld\)/ } } });
    expect((await accountRestriction(database().db, user)).restriction).toBe("suspended");
  });

  it("a compliance officer cannot decide; an empty reason is a field error", async () => {
    const { appeal } = await appealed();
    expect(
      await runAsActor(officer, () => decideAppeal({ appealId: appeal, outcome: "upheld", note: "Fine" })),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(
      await runAsActor(reviewer, () => decideAppeal({ appealId: appeal, outcome: "upheld", note: "  " })),
    ).toMatchObject({ ok: false, error: { fieldErrors: { note: /reasons/ } } });
  });
});

describe("the platform's appeal API", () => {
  const token = "t".repeat(20) + "-platform-secret-0123456789";
  const post = (body: unknown, authorization?: string) =>
    platformAppealRoute(
      new Request("http://appeals.test/api/moderation/appeals", {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(authorization ? { Authorization: authorization } : {}) },
        body: JSON.stringify(body),
      }),
    );
  const saved = process.env.MODERATION_API_TOKEN;
  afterEach(() => {
    if (saved === undefined) delete process.env.MODERATION_API_TOKEN;
    else process.env.MODERATION_API_TOKEN = saved;
  });

  it("is closed without a configured token and refuses a wrong one", async () => {
    const { action } = await suspended();
    delete process.env.MODERATION_API_TOKEN;
    expect((await post({ actionId: action, appellantText: "x" }, `Bearer ${token}`)).status).toBe(503);
    process.env.MODERATION_API_TOKEN = token;
    expect((await post({ actionId: action, appellantText: "x" })).status).toBe(401);
    expect((await post({ actionId: action, appellantText: "x" }, `Bearer ${token}x`)).status).toBe(401);
    expect((await post({ actionId: action, appellantText: "x" }, token)).status).toBe(401);
    const [count] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM appeals WHERE action_id = ${action}`,
    );
    expect(count.n).toBe(0);
  });

  it("files an appeal (channel api, audited without a staff member); a second one is a 409", async () => {
    process.env.MODERATION_API_TOKEN = token;
    const { user, action } = await suspended();
    const created = await post({ actionId: action, appellantText: "Please look again" }, `Bearer ${token}`);
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { id: string; actionId: string } };
    expect(data.actionId).toBe(action);
    const [appeal] = await database().rows<{ channel: string; recorded_by_staff_id: string | null }>(
      sql`SELECT channel, recorded_by_staff_id FROM appeals WHERE id = ${data.id}`,
    );
    expect(appeal).toEqual({ channel: "api", recorded_by_staff_id: null });
    const audit = await database().rows<{ action_type: string; staff_id: string | null; framework: string }>(sql`
      SELECT action_type, staff_id, regulatory_framework AS framework FROM compliance_logs WHERE user_id = ${user}`);
    expect(audit).toEqual([{ action_type: "platform.appeals.create", staff_id: null, framework: "dsa" }]);

    const duplicate = await post({ actionId: action, appellantText: "Again" }, `Bearer ${token}`);
    expect(duplicate.status).toBe(409);
    const missing = await post({ appellantText: "Which one?" }, `Bearer ${token}`);
    expect(missing.status).toBe(400);
    expect(
      ((await missing.json()) as { error: { fieldErrors: Record<string, string> } }).error.fieldErrors,
    ).toHaveProperty("actionId");
    const unknown = await post({ actionId: crypto.randomUUID(), appellantText: "x" }, `Bearer ${token}`);
    expect(unknown.status).toBe(404);
  });
});
