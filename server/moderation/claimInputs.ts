import "server-only";
import { z } from "zod";
import { reportCategories, reportSources } from "@/db/schema/enums";
import type { AuditEntry } from "../audit/appendAudit";
import { DomainError } from "../errors";
import type { Claim } from "./claims";
import { queueAges } from "./queueRules";

/** Inputs and helpers of claimActions.ts (a "use server" file may export its actions only). */
export const subjectInput = z.strictObject({ subjectUserId: z.guid("Choose the account the item is about") });

/** The tab and filters the moderator is working, and the item just decided (skipped). */
export const nextItemInput = z.strictObject({
  tab: z.enum(["unreviewed", "escalated", "appeals"], "Choose a queue tab").default("unreviewed"),
  category: z.enum(reportCategories, "is not a report category").optional(),
  source: z.enum(reportSources, "is not a report source").optional(),
  age: z.enum(queueAges, "must be overdue, day or week").optional(),
  after: z.guid("must be an account id").optional(),
});

/** Where "Submit & next" goes: the claimed item, or none when the queue has nothing left for this moderator. */
export type NextItem = { subjectUserId: string; appealId: string | null } | { subjectUserId: null; appealId: null };

export const claimAudit = (action: "claim" | "release", subjectUserId: string): AuditEntry => ({
  resource: "moderation_claims",
  action,
  recordId: subjectUserId,
  userId: subjectUserId,
  framework: "dsa",
  changedFields: action === "claim" ? ["staff_id", "claimed_at", "last_active_at"] : [],
});

const minutesAgo = (at: Date) => Math.max(0, Math.round((Date.now() - at.getTime()) / 60_000));

/** The refusal when someone else holds a live claim: who, and since when. */
export function claimedElsewhere(holder: Claim & { staffName: string }): DomainError {
  const since = holder.claimedAt.getTime() > 0 ? ` (claimed ${minutesAgo(holder.claimedAt)} min ago)` : "";
  return new DomainError("conflict", `${holder.staffName} is working on this item${since}.`, {
    subjectUserId: `claimed by ${holder.staffName}`,
  });
}
