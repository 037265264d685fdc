import type { AppealChannel, DecisionGround, ModerationActionKind, ReportStatus } from "@/db/schema/enums";
import type { QueueTab } from "@/server/moderation/queueRules";

/** How the moderation screens name things (categories and sources: server/moderation/queueRules.ts). */
export const actionKindLabels: Record<ModerationActionKind, string> = {
  acknowledge: "Acknowledge (no action)",
  escalate: "Escalate",
  comment: "Comment",
  warn: "Warn",
  restrict_visibility: "Hide from discovery",
  suspend: "Suspend",
  terminate: "Terminate",
  reverse: "Reversal",
};

export const tabLabels: Record<QueueTab, string> = {
  unreviewed: "Unreviewed",
  escalated: "Escalated",
  appeals: "Appeals",
  resolved: "Resolved",
};

export const groundLabels: Record<DecisionGround, string> = {
  incompatible_content: "Against our terms and conditions",
  illegal_content: "Illegal content",
};

export const reportStatusLabels: Record<ReportStatus, string> = {
  open: "Open",
  escalated: "Escalated",
  resolved: "Resolved",
};

export const channelLabels: Record<AppealChannel, string> = {
  staff: "Recorded by staff",
  support: "Support channel",
  api: "From the app",
};

/** "45 min", "30 h", "3 days": how long ago (or, negative, how far ahead) `iso` is from `now`. */
export function durationInWords(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 6) / 10;
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 2.4) / 10} days`;
}

/** How long ago `iso` was at `now` (the server's clock of the response, so rendering stays pure). */
export const ageOf = (iso: string, now: number) => durationInWords(now - Date.parse(iso));

/** "12 Mar 2026, 14:05" in the staff member's locale. */
export const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
export const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });
