import type { ReportCategory, ReportSource } from "@/db/schema/enums";

/**
 * How urgent each report category is, shared by the queue's SQL (server/moderation/queue.ts) and the
 * screens (labels, target times). Pure data: safe in the browser.
 *
 * - severity: the category's weight in the priority (category severity × reports × age);
 * - targetHours: how soon a report of this category should be decided; a report older than that is overdue;
 * - urgent: underage users and threats of violence come before everything else, whatever the score.
 */
export const categoryRules: Record<
  ReportCategory,
  { label: string; severity: number; targetHours: number; urgent: boolean }
> = {
  underage: { label: "Underage user", severity: 100, targetHours: 2, urgent: true },
  violence_threats: { label: "Violence or threats", severity: 90, targetHours: 2, urgent: true },
  non_consensual_sexual_content: {
    label: "Sexual content without consent",
    severity: 80,
    targetHours: 4,
    urgent: false,
  },
  scam_fraud: { label: "Scam or fraud", severity: 60, targetHours: 24, urgent: false },
  harassment: { label: "Harassment", severity: 50, targetHours: 24, urgent: false },
  hate: { label: "Hate", severity: 50, targetHours: 24, urgent: false },
  fake_profile: { label: "Fake profile or impersonation", severity: 40, targetHours: 48, urgent: false },
  spam: { label: "Spam", severity: 10, targetHours: 72, urgent: false },
  other: { label: "Other", severity: 10, targetHours: 72, urgent: false },
};

export const sourceLabels: Record<ReportSource, string> = {
  user_notice: "User notice",
  trusted_flagger: "Trusted flagger",
  automated: "Automated detection",
  staff: "Staff",
};

/** Photos of a subject reported in these categories are blurred until the moderator chooses to see them. */
export const blurredPhotoCategories: readonly ReportCategory[] = ["non_consensual_sexual_content", "violence_threats"];

/** The queue's tabs (Ozone's review states, plus appeals). */
export const queueTabs = ["unreviewed", "escalated", "appeals", "resolved"] as const;
export type QueueTab = (typeof queueTabs)[number];

/** Age filter: any age, past the category's target time, or older than a day / a week. */
export const queueAges = ["overdue", "day", "week"] as const;
export type QueueAge = (typeof queueAges)[number];

/** A claim lapses after this long without activity by its holder (server/moderation/claims.ts). */
export const claimLapseMinutes = 15;

/** An appeal's target for a decision (DSA Art. 20 asks for "timely"; ours is two weeks). */
export const appealDueDays = 14;

/**
 * The priority of an item as the SQL computes it (documented here for the screens and tests):
 * severity of its most severe category × its number of reports × (1 + how far its most pressing
 * report is through its target time), so an item twice past its target weighs three times a fresh one.
 */
export function priorityScore(severity: number, reports: number, targetRatio: number): number {
  return severity * reports * (1 + targetRatio);
}
