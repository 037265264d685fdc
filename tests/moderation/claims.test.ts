import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { sequenceAuditChain } from "../../server/audit/sequencer";
import { runAsActor, type StaffActor } from "../../server/auth/actor";
import { claimItem, currentClaim, releaseClaim, renewClaim } from "../../server/moderation/claims";
import { claimNextQueueItem, claimQueueItem, releaseQueueClaim } from "../../server/moderation/claimActions";
import { insertStaff, unwrap } from "../compliance/support";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";
import { insertReport } from "./support";

/** Claims on queue items: one holder at a time, lapsing after 15 minutes without activity. */
const database = useFreshDatabase();
let alice: StaffActor;
let bob: StaffActor;

beforeAll(async () => {
  alice = await insertStaff(database(), "trust_safety");
  bob = await insertStaff(database(), "trust_safety");
});

/** Explicit instants: a claim's lapse is tested by the clock we pass, not by sleeping. */
const t0 = new Date("2031-03-01T09:00:00.000Z");
const after = (minutes: number, seconds = 0) => new Date(t0.getTime() + minutes * 60_000 + seconds * 1000);

const claimRows = (subject: string) =>
  database().rows<{ staff_id: string }>(sql`SELECT staff_id FROM moderation_claims WHERE subject_user_id = ${subject}`);

describe("claims", () => {
  it("the first moderator wins; the second is told who holds it; the holder renews", async () => {
    const subject = await insertUser(database());
    const first = await claimItem(database().db, alice.staffId, subject, t0);
    expect(first.won).toBe(true);
    const second = await claimItem(database().db, bob.staffId, subject, after(1));
    expect(second).toMatchObject({ won: false, heldBy: { staffId: alice.staffId, staffName: alice.name } });
    const again = await claimItem(database().db, alice.staffId, subject, after(2));
    expect(again.won && again.claim.claimedAt.toISOString()).toBe(t0.toISOString());
    expect(again.won && again.claim.lastActiveAt.toISOString()).toBe(after(2).toISOString());
  });

  it("two moderators claiming one item at the same moment: exactly one wins, on every item", async () => {
    const subjects = await Promise.all(Array.from({ length: 12 }, () => insertUser(database())));
    for (const subject of subjects) {
      const outcomes = await Promise.all([
        claimItem(database().db, alice.staffId, subject, t0),
        claimItem(database().db, bob.staffId, subject, t0),
      ]);
      const winners = outcomes.filter((o) => o.won);
      expect(winners).toHaveLength(1);
      const loser = outcomes.find((o) => !o.won);
      const winner = winners[0].won ? winners[0].claim.staffId : "";
      expect(loser && !loser.won && loser.heldBy.staffId).toBe(winner);
      expect(await claimRows(subject)).toEqual([{ staff_id: winner }]);
    }
  });

  it("a claim lapses 15 minutes after its holder's last activity, and renewing moves that point", async () => {
    const subject = await insertUser(database());
    expect((await claimItem(database().db, alice.staffId, subject, t0)).won).toBe(true);
    expect((await claimItem(database().db, bob.staffId, subject, after(14, 59))).won).toBe(false);
    // Alice is active at minute 10: the claim now lives until minute 25.
    expect(await renewClaim(database().db, alice.staffId, subject, after(10))).toBe(true);
    expect((await claimItem(database().db, bob.staffId, subject, after(20))).won).toBe(false);
    expect(await currentClaim(database().db, subject, after(24, 59))).toMatchObject({ staffId: alice.staffId });
    expect(await currentClaim(database().db, subject, after(25))).toBeNull();
    // Lapsed: Alice can no longer renew it, and Bob takes it over as a new claim.
    expect(await renewClaim(database().db, alice.staffId, subject, after(25))).toBe(false);
    const takeover = await claimItem(database().db, bob.staffId, subject, after(25));
    expect(takeover.won && takeover.claim).toMatchObject({ staffId: bob.staffId, claimedAt: after(25) });
    expect((await claimItem(database().db, alice.staffId, subject, after(26))).won).toBe(false);
  });

  it("only the holder releases a claim; then anyone may claim it", async () => {
    const subject = await insertUser(database());
    await claimItem(database().db, alice.staffId, subject, t0);
    expect(await releaseClaim(database().db, bob.staffId, subject)).toBe(false);
    expect(await releaseClaim(database().db, alice.staffId, subject)).toBe(true);
    expect((await claimItem(database().db, bob.staffId, subject, after(1))).won).toBe(true);
  });
});

describe("claim actions", () => {
  it("claim and release are audited; a held item is refused with the holder's name", async () => {
    const subject = await insertUser(database());
    unwrap(await runAsActor(alice, () => claimQueueItem({ subjectUserId: subject })));
    const refused = await runAsActor(bob, () => claimQueueItem({ subjectUserId: subject }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe("conflict");
      expect(refused.error.fieldErrors?.subjectUserId).toBe(`claimed by ${alice.name}`);
    }
    unwrap(await runAsActor(alice, () => releaseQueueClaim({ subjectUserId: subject })));
    await sequenceAuditChain(database()); // audit rows wait unsequenced until chained (migration 0016)
    const audit = await database().rows<{ action_type: string; staff_id: string }>(sql`
      SELECT action_type, staff_id FROM compliance_logs WHERE user_id = ${subject} ORDER BY seq`);
    expect(audit).toEqual([
      { action_type: "staff.moderation_claims.claim", staff_id: alice.staffId },
      { action_type: "staff.moderation_claims.release", staff_id: alice.staffId },
    ]);
  });

  it("compliance officers and analysts cannot claim, and nothing is written", async () => {
    const subject = await insertUser(database());
    for (const role of ["compliance_officer", "analyst"] as const) {
      const actor = await insertStaff(database(), role);
      const result = await runAsActor(actor, () => claimQueueItem({ subjectUserId: subject }));
      expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    expect(await claimRows(subject)).toEqual([]);
  });

  it("next item: the highest-priority one nobody else holds, skipping the one just decided", async () => {
    const db = database();
    const [held, decided, next] = [await insertUser(db), await insertUser(db), await insertUser(db)];
    // Three underage reports each: these three are ahead of anything else in the tab.
    for (const subject of [held, decided, next])
      for (let i = 0; i < 3; i++) await insertReport(db, subject, { category: "underage" });
    await insertReport(db, held, { category: "underage" }); // the top item, but Bob holds it
    await claimItem(db.db, bob.staffId, held);
    await insertReport(db, decided, { category: "underage" }); // equal to `held`, just decided by Alice

    const result = unwrap(await runAsActor(alice, () => claimNextQueueItem({ tab: "unreviewed", after: decided })));
    expect(result.subjectUserId).toBe(next);
    expect(await claimRows(next)).toEqual([{ staff_id: alice.staffId }]);
  });
});
