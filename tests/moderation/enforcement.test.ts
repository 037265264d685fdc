import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { accountRestriction, restrictedUsers } from "../../server/moderation/enforcement";
import type { StaffActor } from "../../server/auth/actor";
import { insertStaff } from "../compliance/support";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";
import { pgErrorFrom } from "../support/pgError";
import { at, endOf, insertDecision, insertReversal } from "./support";

/** An account's restriction is derived from its decisions, at any moment, with no job to end it. */
const database = useFreshDatabase();
let moderator: StaffActor;

beforeAll(async () => {
  moderator = await insertStaff(database(), "trust_safety");
});

const restrictionOf = (userId: string, moment?: Date) => accountRestriction(database().db, userId, moment);
const decide = (
  subjectUserId: string,
  kind: Parameters<typeof insertDecision>[1]["kind"],
  from: string,
  until?: string,
) => insertDecision(database(), { subjectUserId, staffId: moderator.staffId, kind, from, until });
const reverse = (subjectUserId: string, actionId: string, when: string) =>
  insertReversal(database(), { subjectUserId, staffId: moderator.staffId, actionId, at: when });

describe("accountRestriction", () => {
  it("is none for an account without decisions, and a warning restricts nothing", async () => {
    const user = await insertUser(database());
    expect(await restrictionOf(user)).toEqual({ restriction: "none" });
    await decide(user, "warn", "-1 day");
    expect(await restrictionOf(user)).toEqual({ restriction: "none" });
  });

  it("an expired suspension is no longer a restriction; while it ran, it was one, until its end", async () => {
    const user = await insertUser(database());
    const suspension = await decide(user, "suspend", "-10 days", "-3 days");
    expect(await restrictionOf(user)).toEqual({ restriction: "none" });
    const during = await restrictionOf(user, await at(database(), "-5 days"));
    expect(during).toEqual({ restriction: "suspended", until: await endOf(database(), suspension) });
  });

  it("a current suspension ends by itself at its end date", async () => {
    const user = await insertUser(database());
    await decide(user, "suspend", "-1 hour", "7 days");
    expect((await restrictionOf(user)).restriction).toBe("suspended");
    expect(await restrictionOf(user, await at(database(), "6 days 23 hours"))).toMatchObject({
      restriction: "suspended",
    });
    expect(await restrictionOf(user, await at(database(), "7 days 1 hour"))).toEqual({ restriction: "none" });
  });

  it("a reversal lifts the suspension from the moment it takes effect, not before", async () => {
    const user = await insertUser(database());
    const suspension = await decide(user, "suspend", "-2 days", "5 days");
    await reverse(user, suspension, "-1 day");
    expect(await restrictionOf(user)).toEqual({ restriction: "none" });
    expect((await restrictionOf(user, await at(database(), "-36 hours"))).restriction).toBe("suspended");
  });

  it("termination wins over a suspension; reversing the termination leaves the suspension in force", async () => {
    const user = await insertUser(database());
    const suspension = await decide(user, "suspend", "-2 days", "5 days");
    const termination = await decide(user, "terminate", "-1 day");
    expect(await restrictionOf(user)).toEqual({ restriction: "terminated" });
    await reverse(user, termination, "-1 hour");
    expect(await restrictionOf(user)).toEqual({ restriction: "suspended", until: await endOf(database(), suspension) });
  });

  it("a suspension outranks a visibility restriction, which is open-ended unless it has an end", async () => {
    const user = await insertUser(database());
    await decide(user, "restrict_visibility", "-3 days");
    expect(await restrictionOf(user)).toEqual({ restriction: "visibility_restricted", until: null });
    await decide(user, "suspend", "-1 day", "1 day");
    expect((await restrictionOf(user)).restriction).toBe("suspended");
    // After the suspension the open-ended visibility restriction is still there.
    expect(await restrictionOf(user, await at(database(), "2 days"))).toEqual({
      restriction: "visibility_restricted",
      until: null,
    });

    const limited = await insertUser(database());
    const restriction = await decide(limited, "restrict_visibility", "-1 day", "30 days");
    expect(await restrictionOf(limited)).toEqual({
      restriction: "visibility_restricted",
      until: await endOf(database(), restriction),
    });
  });

  it("overlapping suspensions last until the later end", async () => {
    const user = await insertUser(database());
    await decide(user, "suspend", "-3 days", "2 days");
    const later = await decide(user, "suspend", "-1 day", "9 days");
    expect(await restrictionOf(user)).toEqual({ restriction: "suspended", until: await endOf(database(), later) });
  });
});

describe("restricted_users(at), the set-based form", () => {
  it("lists exactly the accounts restricted at that moment, with the same answer as accountRestriction", async () => {
    const db = database();
    const [free, suspended, expired, reversed, terminated, hidden] = await Promise.all(
      Array.from({ length: 6 }, () => insertUser(db)),
    );
    await decide(free, "warn", "-1 day");
    await decide(suspended, "suspend", "-1 day", "6 days");
    await decide(expired, "suspend", "-9 days", "-2 days");
    await reverse(reversed, await decide(reversed, "terminate", "-5 days"), "-4 days");
    await decide(terminated, "terminate", "-1 hour");
    await decide(hidden, "restrict_visibility", "-1 hour");

    const mine = [free, suspended, expired, reversed, terminated, hidden];
    const rows = await db.rows<{ user_id: string; restriction: string }>(sql`
      SELECT user_id, restriction FROM ${restrictedUsers()} WHERE user_id IN (${sql.join(mine, sql`, `)})
      ORDER BY restriction`);
    expect(rows).toEqual([
      { user_id: suspended, restriction: "suspended" },
      { user_id: terminated, restriction: "terminated" },
      { user_id: hidden, restriction: "visibility_restricted" },
    ]);
    for (const user of mine) {
      const one = await restrictionOf(user);
      expect(one.restriction).toBe(rows.find((r) => r.user_id === user)?.restriction ?? "none");
    }

    // Five days ago the (later reversed) termination and the expired suspension were both in force.
    const then = await db.rows<{ user_id: string; restriction: string }>(sql`
      SELECT user_id, restriction FROM ${restrictedUsers(await at(db, "-108 hours"))}
      WHERE user_id IN (${sql.join(mine, sql`, `)}) ORDER BY restriction`);
    expect(then).toEqual([
      { user_id: expired, restriction: "suspended" },
      { user_id: reversed, restriction: "terminated" },
    ]);
  });

  it("drops restricted accounts out of another query by anti-join", async () => {
    const db = database();
    const [kept, dropped] = [await insertUser(db), await insertUser(db)];
    await decide(dropped, "restrict_visibility", "-1 hour");
    const rows = await db.rows<{ id: string }>(sql`
      SELECT u.id FROM users u WHERE u.id IN (${kept}, ${dropped})
        AND NOT EXISTS (SELECT 1 FROM ${restrictedUsers()} r WHERE r.user_id = u.id)`);
    expect(rows.map((r) => r.id)).toEqual([kept]);
  });
});

describe("moderation_actions is evidence", () => {
  it("refuses UPDATE, DELETE and TRUNCATE, and the row stays as it was", async () => {
    const db = database();
    const user = await insertUser(db);
    const id = await decide(user, "suspend", "-1 hour", "3 days");
    const before = await db.rows(sql`SELECT * FROM moderation_actions WHERE id = ${id}`);
    for (const statement of [
      sql`UPDATE moderation_actions SET ends_at = now() WHERE id = ${id}`,
      sql`DELETE FROM moderation_actions WHERE id = ${id}`,
      sql`TRUNCATE moderation_actions CASCADE`,
    ]) {
      const error = await pgErrorFrom(db.rows(statement));
      expect(error.code).toBe("P0001");
      expect(error.message).toMatch(/moderation_actions is append-only/);
    }
    expect(await db.rows(sql`SELECT * FROM moderation_actions WHERE id = ${id}`)).toEqual(before);
    expect((await restrictionOf(user)).restriction).toBe("suspended");
  });

  it("refuses a reversal of another account's decision, of a non-decision, or a second reversal", async () => {
    const db = database();
    const [owner, other] = [await insertUser(db), await insertUser(db)];
    const suspension = await decide(owner, "suspend", "-1 hour", "3 days");

    const crossAccount = await pgErrorFrom(reverse(other, suspension, "0 seconds"));
    expect(crossAccount.code).toBe("23514");
    expect(crossAccount.message).toMatch(/account of the action it reverses/);

    const [comment] = await db.rows<{ id: string }>(sql`
      INSERT INTO moderation_actions (subject_user_id, kind, staff_id, note) VALUES (${owner}, 'comment', ${moderator.staffId}, 'Looks like a ring')
      RETURNING id`);
    expect((await pgErrorFrom(reverse(owner, comment.id, "0 seconds"))).code).toBe("23514");

    await reverse(owner, suspension, "0 seconds");
    expect((await pgErrorFrom(reverse(owner, suspension, "1 second"))).code).toBe("23505");
  });

  it("refuses a suspension without an end, or a restriction without ground and facts", async () => {
    const db = database();
    const user = await insertUser(db);
    const noEnd = await pgErrorFrom(
      db.rows(sql`INSERT INTO moderation_actions (subject_user_id, kind, staff_id, category, ground, terms_clause, facts)
        VALUES (${user}, 'suspend', ${moderator.staffId}, 'spam', 'incompatible_content', 'Terms 3.1', 'Bulk messages')`),
    );
    expect(noEnd.code).toBe("23514");
    expect(noEnd.message).toMatch(/ck_moderation_actions_suspend_ends/);
    const noReasons = await pgErrorFrom(
      db.rows(
        sql`INSERT INTO moderation_actions (subject_user_id, kind, staff_id) VALUES (${user}, 'terminate', ${moderator.staffId})`,
      ),
    );
    expect(noReasons.message).toMatch(/ck_moderation_actions_restrictive_reasons/);
  });
});
