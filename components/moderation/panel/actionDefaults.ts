import type { DecisionGround, ModerationActionKind, ReportCategory } from "@/db/schema/enums";

/**
 * What the action form suggests for a category: the usual decision, its ground and the clause or
 * law, and an explanation to adapt. Suggestions only: the moderator reads the reports and changes
 * anything. Clauses name our terms and conditions; legal provisions are EU-wide where one exists.
 */
export interface ActionDefaults {
  kind: ModerationActionKind;
  ground: DecisionGround;
  termsClause?: string;
  legalProvision?: string;
  groundExplanation: string;
  /** Time-limited hiding: days from now (a suspension always suggests defaultSuspensionDays). */
  days: number;
}

export const defaultSuspensionDays = 7;

export const actionDefaults: Record<ReportCategory, ActionDefaults> = {
  scam_fraud: {
    kind: "suspend",
    ground: "incompatible_content",
    termsClause: "Terms 4.2: no requests for money, gifts or financial details",
    groundExplanation: "Asking other members for money or financial details is fraud under our terms.",
    days: defaultSuspensionDays,
  },
  fake_profile: {
    kind: "terminate",
    ground: "incompatible_content",
    termsClause: "Terms 3.1: one authentic account per person, in their own identity",
    groundExplanation: "The profile does not represent the person using it (inauthentic or impersonating).",
    days: defaultSuspensionDays,
  },
  harassment: {
    kind: "suspend",
    ground: "incompatible_content",
    termsClause: "Terms 5.1: respectful conduct; no harassment",
    groundExplanation: "Repeated unwanted or abusive messages to another member are harassment under our terms.",
    days: defaultSuspensionDays,
  },
  hate: {
    kind: "suspend",
    ground: "incompatible_content",
    termsClause: "Terms 5.2: no hateful content",
    groundExplanation: "Content attacking people for a protected characteristic is hateful content under our terms.",
    days: defaultSuspensionDays,
  },
  non_consensual_sexual_content: {
    kind: "terminate",
    ground: "illegal_content",
    legalProvision: "Directive (EU) 2024/1385, Art. 5 (non-consensual sharing of intimate or manipulated material)",
    groundExplanation: "Intimate images shared without the consent of the person shown are illegal.",
    days: defaultSuspensionDays,
  },
  underage: {
    kind: "terminate",
    ground: "incompatible_content",
    termsClause: "Terms 2.1: members must be 18 or older",
    groundExplanation: "The account holder appears to be under 18, the minimum age for the service.",
    days: defaultSuspensionDays,
  },
  spam: {
    kind: "restrict_visibility",
    ground: "incompatible_content",
    termsClause: "Terms 6.1: no spam or commercial solicitation",
    groundExplanation: "Sending the same unsolicited commercial messages to many members is spam under our terms.",
    days: 30,
  },
  violence_threats: {
    kind: "suspend",
    ground: "incompatible_content",
    termsClause: "Terms 5.3: no threats or incitement of violence",
    groundExplanation: "Threatening another member with violence is prohibited by our terms.",
    days: defaultSuspensionDays,
  },
  other: {
    kind: "warn",
    ground: "incompatible_content",
    termsClause: "Terms 1.4: community guidelines",
    groundExplanation: "The content is against our community guidelines.",
    days: defaultSuspensionDays,
  },
};

/** The action kinds the form offers, each with its shortcut key. */
export const formKinds: { kind: ModerationActionKind; key: string }[] = [
  { kind: "acknowledge", key: "a" },
  { kind: "escalate", key: "e" },
  { kind: "comment", key: "c" },
  { kind: "warn", key: "w" },
  { kind: "restrict_visibility", key: "h" },
  { kind: "suspend", key: "s" },
  { kind: "terminate", key: "t" },
];

export const restrictive = (kind: ModerationActionKind) =>
  kind === "restrict_visibility" || kind === "suspend" || kind === "terminate";
export const resolvesReports = (kind: ModerationActionKind) => kind !== "comment" && kind !== "reverse";
