import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import type { StaffActor } from "../../server/auth/actor";
import { accountRestriction } from "../../server/moderation/enforcement";
import { insertStaff } from "../compliance/support";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";
import { pgErrorFrom } from "../support/pgError";
import { insertDecision, insertReversal } from "./support";

/** Appeals (DSA Art. 20): the database itself keeps the rules, whatever writes the rows. */
const database = useFreshDatabase();
let original: StaffActor;
let reviewer: StaffActor;

beforeAll(async () => {
  original = await insertStaff(database(), "trust_safety");
  reviewer = await insertStaff(database(), "trust_safety");
});

async function appealedSuspension() {
  const user = await insertUser(database());
  const action = await insertDecision(database(), {
    subjectUserId: user,
    staffId: original.staffId,
    kind: "suspend",
    from: "-1 day",
    until: "6 days",
  });
  const [appeal] = await database().rows<{ id: string }>(sql`
    INSERT INTO appeals (action_id, channel, recorded_by_staff_id, appellant_text, due_at)
    VALUES (${action}, 'support', ${reviewer.staffId}, 'I never asked anyone for money', now() + interval '14 days')
    RETURNING id`);
  return { user, action, appeal: appeal.id };
}

const decide = (appeal: string, staffId: string, status: "upheld" | "reversed", reversal: string | null = null) =>
  database().rows(sql`
    UPDATE appeals SET status = ${status}, decided_by_staff_id = ${staffId}, decided_at = now(),
      reversal_action_id = ${reversal}, decision_note = 'Reviewed the messages'
    WHERE id = ${appeal}`);

describe("appeals", () => {
  it("an appeal decided by the original moderator is refused; another moderator may decide it", async () => {
    const { appeal } = await appealedSuspension();
    const refused = await pgErrorFrom(decide(appeal, original.staffId, "upheld"));
    expect(refused.code).toBe("23514");
    expect(refused.message).toMatch(/someone other than the staff member who took the decision/);
    const [still] = await database().rows<{ status: string }>(sql`SELECT status FROM appeals WHERE id = ${appeal}`);
    expect(still.status).toBe("open");

    await decide(appeal, reviewer.staffId, "upheld");
    const [decided] = await database().rows<{ status: string }>(sql`SELECT status FROM appeals WHERE id = ${appeal}`);
    expect(decided.status).toBe("upheld");
    // Final once decided.
    expect((await pgErrorFrom(decide(appeal, reviewer.staffId, "upheld"))).message).toMatch(/final/);
  });

  it("a reversed appeal names the reversal of the appealed decision, which lifts the restriction", async () => {
    const { user, action, appeal } = await appealedSuspension();
    const other = await appealedSuspension();
    const otherReversal = await insertReversal(database(), {
      subjectUserId: other.user,
      staffId: reviewer.staffId,
      actionId: other.action,
      at: "0 seconds",
    });
    const wrong = await pgErrorFrom(decide(appeal, reviewer.staffId, "reversed", otherReversal));
    expect(wrong.message).toMatch(/names the action that reversed the appealed decision/);
    const noReversal = await pgErrorFrom(decide(appeal, reviewer.staffId, "reversed"));
    expect(noReversal.message).toMatch(/ck_appeals_reversal/);

    const reversal = await insertReversal(database(), {
      subjectUserId: user,
      staffId: reviewer.staffId,
      actionId: action,
      at: "0 seconds",
    });
    await decide(appeal, reviewer.staffId, "reversed", reversal);
    expect(await accountRestriction(database().db, user)).toEqual({ restriction: "none" });
  });

  it("only a decision can be appealed, and only once", async () => {
    const { action } = await appealedSuspension();
    const user = await insertUser(database());
    const [comment] = await database().rows<{ id: string }>(sql`
      INSERT INTO moderation_actions (subject_user_id, kind, staff_id, note) VALUES (${user}, 'comment', ${original.staffId}, 'Watch')
      RETURNING id`);
    const appeal = (actionId: string) =>
      database().rows(
        sql`INSERT INTO appeals (action_id, channel, due_at) VALUES (${actionId}, 'api', now() + interval '14 days')`,
      );
    expect((await pgErrorFrom(appeal(comment.id))).message).toMatch(/not a decision that can be appealed/);
    expect((await pgErrorFrom(appeal(action))).code).toBe("23505");
  });
});
