import { eq, or, sql } from "drizzle-orm";
import {
  aiInteractions,
  attachmentAssessments,
  eventRegistrations,
  matches,
  messages,
  profiles,
  subscriptions,
  users,
} from "@/db/schema";
import type { Transaction } from "../actions/defineAction";
import { DomainError } from "../errors";
import { dropErasedFromMapCells } from "../geo/aggregate";

/**
 * Erasure (GDPR Art. 17; CCPA right to delete), inside the caller's transaction: every row of
 * personal data is deleted and the user row becomes a tombstone. What is kept, and why, is listed
 * in `retainedEvidence` (shown on the requests screen).
 */
export const retainedEvidence = [
  {
    table: "payments",
    basis:
      "Legal obligation to keep accounting records (GDPR Art. 17(3)(b) with Art. 6(1)(c); e.g. 10 years under German AO §147 / HGB §257, 7 years under US IRS rules).",
  },
  {
    table: "consent_logs",
    basis:
      "Accountability: proof that consent was given or withdrawn (GDPR Art. 7(1), Art. 5(2)); kept for the establishment, exercise or defence of legal claims (Art. 17(3)(e)).",
  },
  {
    table: "compliance_logs",
    basis:
      "Accountability and the integrity of the hash-chained audit trail (GDPR Art. 5(2), Art. 30; Art. 17(3)(e)); altering it would break the chain.",
  },
  {
    table: "data_subject_requests",
    basis:
      "Proof the request was received and honoured in time (GDPR Art. 12(3), Art. 5(2); CCPA record-keeping, 24 months).",
  },
  {
    table: "users (tombstone)",
    basis:
      "Only the id remains (email replaced, password invalidated, erased_at set) because the evidence above references it; it identifies no one.",
  },
] as const;

export const erasedEmail = (userId: string) => `erased-${userId}@erased.invalid`;
/** Not a bcrypt hash: no password can ever match it. */
export const erasedPasswordHash = "!erased";

export type ErasureCounts = Record<string, number>;

export async function eraseUser(tx: Transaction, userId: string): Promise<ErasureCounts> {
  const [user] = await tx
    .select({ id: users.id, erasedAt: users.erasedAt })
    .from(users)
    .where(eq(users.id, userId))
    .for("update");
  if (!user) throw new DomainError("not_found", "This user does not exist.", { userId: "No such user" });
  if (user.erasedAt)
    throw new DomainError("conflict", "This user has already been erased.", { userId: "Already erased" });

  const counted = async (rows: Promise<{ id: unknown }[]>) => (await rows).length;
  const counts: ErasureCounts = {};
  counts.messages = await counted(
    tx
      .delete(messages)
      .where(or(eq(messages.fromUserId, userId), eq(messages.toUserId, userId)))
      .returning({ id: messages.id }),
  );
  counts.matches = await counted(
    tx
      .delete(matches)
      .where(or(eq(matches.userAId, userId), eq(matches.userBId, userId)))
      .returning({ id: matches.id }),
  );
  counts.event_registrations = await counted(
    tx.delete(eventRegistrations).where(eq(eventRegistrations.userId, userId)).returning({ id: eventRegistrations.id }),
  );
  counts.ai_interactions = await counted(
    tx.delete(aiInteractions).where(eq(aiInteractions.userId, userId)).returning({ id: aiInteractions.id }),
  );
  counts.attachment_assessments = await counted(
    tx
      .delete(attachmentAssessments)
      .where(eq(attachmentAssessments.userId, userId))
      .returning({ id: attachmentAssessments.id }),
  );
  counts.profiles = await counted(
    tx.delete(profiles).where(eq(profiles.userId, userId)).returning({ id: profiles.userId }),
  );
  // The map's precomputed clusters counted the profile: they forget it in this same transaction.
  if (counts.profiles > 0) await dropErasedFromMapCells(tx);
  counts.subscriptions = await counted(
    tx.delete(subscriptions).where(eq(subscriptions.userId, userId)).returning({ id: subscriptions.id }),
  );
  await tx
    .update(users)
    .set({
      email: erasedEmail(userId),
      passwordHash: erasedPasswordHash,
      verified: false,
      subscriptionTier: "free",
      lastLoginAt: null,
      erasedAt: sql`now()`,
    })
    .where(eq(users.id, userId));
  counts.users_tombstoned = 1;
  return counts;
}
