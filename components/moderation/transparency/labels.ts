import type { DecisionGround } from "@/db/schema/enums";
import type { ReportedDecisionKind } from "@/server/moderation/transparency";

/** How the transparency report names decision types and grounds (categories and sources: queueRules.ts). */
export const decisionKindLabels: Record<ReportedDecisionKind, string> = {
  acknowledge: "No action after review",
  warn: "Warning",
  restrict_visibility: "Hidden from discovery",
  suspend: "Suspension",
  terminate: "Termination",
  reverse: "Reversal",
};

export const groundLabels: Record<DecisionGround | "none", string> = {
  illegal_content: "Illegal content",
  incompatible_content: "Against our terms",
  none: "No ground needed",
};

/** Bar colours with at least 3:1 against white and against each other's neighbours. */
export const seriesColours = ["#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c"];

/** "36 h" under two days, else "8.5 days"; a dash when there is nothing to measure. */
export function hoursInWords(hours: number | null): string {
  if (hours === null) return "—";
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

export const percent = (share: number | null) => (share === null ? "—" : `${Math.round(share * 1000) / 10}%`);
