import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { moderationClaims, staffAccounts } from "@/db/schema";
import type { Transaction } from "../actions/defineAction";
import { claimLapseMinutes } from "./queueRules";

/**
 * Claims on queue items (one per subject user), so two moderators never work the same one. A claim
 * lapses `claimLapseMinutes` after its holder was last active on it; then anyone may take it over.
 *
 * Taking a claim is ONE statement: INSERT … ON CONFLICT (subject_user_id) DO UPDATE … WHERE the
 * existing claim is the caller's own or has lapsed. Two moderators claiming at once: the second
 * insert waits on the first's row, then re-checks the WHERE against it (PostgreSQL's ON CONFLICT
 * semantics under READ COMMITTED) and updates nothing, so exactly one wins, with no lock taken
 * beforehand and no read-then-write gap. `at` is the moment of the request (default: the
 * database's clock); tests pass explicit instants instead of sleeping.
 */
export interface Claim {
  subjectUserId: string;
  staffId: string;
  claimedAt: Date;
  lastActiveAt: Date;
}

export type ClaimOutcome = { won: true; claim: Claim } | { won: false; heldBy: Claim & { staffName: string } };

/** Anything Drizzle runs statements on: the database handle or a transaction. */
type Executor = Pick<Transaction, "insert" | "update" | "delete" | "select">;

const lapse = sql.raw(`interval '${claimLapseMinutes} minutes'`);
const momentOf = (at?: Date): SQL => (at ? sql`${at.toISOString()}::timestamptz` : sql`now()`);

const returned = {
  subjectUserId: moderationClaims.subjectUserId,
  staffId: moderationClaims.staffId,
  claimedAt: moderationClaims.claimedAt,
  lastActiveAt: moderationClaims.lastActiveAt,
};

const unknownHolder = {
  staffId: "",
  staffName: "another staff member",
  claimedAt: new Date(0),
  lastActiveAt: new Date(0),
};

/** Claims the item for `staffId`, renewing the caller's own claim or taking over a lapsed one. */
export async function claimItem(
  executor: Executor,
  staffId: string,
  subjectUserId: string,
  at?: Date,
  retry = true,
): Promise<ClaimOutcome> {
  const now = momentOf(at);
  const [won] = await executor
    .insert(moderationClaims)
    .values({ subjectUserId, staffId, claimedAt: now, lastActiveAt: now })
    .onConflictDoUpdate({
      target: moderationClaims.subjectUserId,
      set: {
        staffId: sql`excluded.staff_id`,
        // The holder renewing keeps the original claim time; a takeover starts a new claim.
        claimedAt: sql`CASE WHEN ${moderationClaims.staffId} = excluded.staff_id THEN ${moderationClaims.claimedAt} ELSE excluded.claimed_at END`,
        lastActiveAt: sql`greatest(${moderationClaims.lastActiveAt}, excluded.last_active_at)`,
      },
      setWhere: sql`${moderationClaims.staffId} = excluded.staff_id OR ${moderationClaims.lastActiveAt} <= excluded.last_active_at - ${lapse}`,
    })
    .returning(returned);
  if (won) return { won: true, claim: won };
  const holder = await currentClaim(executor, subjectUserId, at);
  if (holder || !retry) return { won: false, heldBy: holder ?? { ...unknownHolder, subjectUserId } };
  // Released between our statement and this read: try once more.
  return claimItem(executor, staffId, subjectUserId, at, false);
}

/** Marks the holder active (the panel's heartbeat); false when the claim is not theirs or has lapsed. */
export async function renewClaim(
  executor: Executor,
  staffId: string,
  subjectUserId: string,
  at?: Date,
): Promise<boolean> {
  const now = momentOf(at);
  const renewed = await executor
    .update(moderationClaims)
    .set({ lastActiveAt: sql`greatest(${moderationClaims.lastActiveAt}, ${now})` })
    .where(
      and(
        eq(moderationClaims.subjectUserId, subjectUserId),
        eq(moderationClaims.staffId, staffId),
        sql`${moderationClaims.lastActiveAt} > ${now} - ${lapse}`,
      ),
    )
    .returning({ subjectUserId: moderationClaims.subjectUserId });
  return renewed.length > 0;
}

/** Gives the item back (only the holder can); true when a claim was released. */
export async function releaseClaim(executor: Executor, staffId: string, subjectUserId: string): Promise<boolean> {
  const released = await executor
    .delete(moderationClaims)
    .where(and(eq(moderationClaims.subjectUserId, subjectUserId), eq(moderationClaims.staffId, staffId)))
    .returning({ subjectUserId: moderationClaims.subjectUserId });
  return released.length > 0;
}

/** The live (not lapsed) claim on an item, with its holder's name; null when nobody holds it. */
export async function currentClaim(
  executor: Executor,
  subjectUserId: string,
  at?: Date,
): Promise<(Claim & { staffName: string }) | null> {
  const now = momentOf(at);
  const [row] = await executor
    .select({ ...returned, staffName: staffAccounts.name })
    .from(moderationClaims)
    .innerJoin(staffAccounts, eq(staffAccounts.id, moderationClaims.staffId))
    .where(
      and(eq(moderationClaims.subjectUserId, subjectUserId), sql`${moderationClaims.lastActiveAt} > ${now} - ${lapse}`),
    );
  return row ?? null;
}
