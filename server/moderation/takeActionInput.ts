import { z } from "zod";
import {
  decisionGrounds,
  dsaTerritoryCodes,
  moderationActionKinds,
  moderationSubjectKinds,
  reportCategories,
  restrictiveActionKinds,
  type ModerationActionKind,
} from "@/db/schema/enums";

/**
 * What a moderator submits to take an action. The form asks exactly what a statement of reasons
 * needs (DSA Art. 17(3); the Transparency Database's limits: grounds 500 characters, explanations
 * 2,000, facts 5,000), and every rule that depends on the kind is a field error, never a 500.
 */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .optional()
    .transform((value) => (value ? value : undefined));

const isRestrictive = (kind: ModerationActionKind) => (restrictiveActionKinds as readonly string[]).includes(kind);
/** These kinds close the reports they name; escalate moves them to the escalated tab; comment and reverse leave them. */
export const resolvingKinds = ["acknowledge", "warn", "restrict_visibility", "suspend", "terminate"] as const;
const takesEndDate = new Set<ModerationActionKind>(["restrict_visibility", "suspend"]);

export const takeActionInput = z
  .strictObject({
    subjectUserId: z.guid("Choose the account the action is about"),
    kind: z.enum(moderationActionKinds, "Choose an action"),
    subjectKind: z.enum(moderationSubjectKinds, "Choose what the action is about").default("user"),
    subjectMessageId: z.guid("Unknown message").optional(),
    subjectPhotoIndex: z.number().int("A photo number").min(0, "A photo number").max(50).optional(),
    reportIds: z.array(z.guid("Unknown report")).max(500, "At most 500 reports at once").default([]),
    category: z.enum(reportCategories, "Choose a category").optional(),
    ground: z.enum(decisionGrounds, "Choose illegal content or a terms-and-conditions violation").optional(),
    legalProvision: optionalText(500),
    termsClause: optionalText(500),
    groundExplanation: optionalText(2000),
    facts: optionalText(5000),
    note: optionalText(5000),
    automatedDetection: z.boolean().default(false),
    /** A staff member decides here; fully automated decisions are recorded by the detection pipeline. */
    automatedDecision: z
      .enum(["partially", "not_automated"], "Choose how automated the decision was")
      .default("not_automated"),
    territorialScope: z
      .array(z.enum(dsaTerritoryCodes, "Not an EU/EEA country code"))
      .min(1, "Choose at least one country, or leave empty for everywhere")
      .optional(),
    endsAt: z.iso.datetime({ offset: true, message: "A date and time" }).optional(),
    reversesActionId: z.guid("Unknown action").optional(),
  })
  .superRefine((input, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const { kind } = input;

    if (input.subjectKind === "message" && !input.subjectMessageId) problem("subjectMessageId", "Choose the message");
    if (input.subjectKind !== "message" && input.subjectMessageId)
      problem("subjectMessageId", "Only for an action about a message");
    if (input.subjectKind === "photo" && input.subjectPhotoIndex === undefined)
      problem("subjectPhotoIndex", "Choose the photo");
    if (input.subjectKind !== "photo" && input.subjectPhotoIndex !== undefined)
      problem("subjectPhotoIndex", "Only for an action about a photo");

    if (isRestrictive(kind)) {
      if (!input.category) problem("category", "A restriction needs a category");
      if (!input.ground) problem("ground", "A restriction needs a ground: illegal content or a terms clause");
      if (!input.groundExplanation)
        problem("groundExplanation", "Explain why the content is illegal or breaks the terms on that ground");
      if (!input.facts) problem("facts", "A restriction needs the facts and circumstances relied on");
    }
    if (input.ground === "illegal_content" && !input.legalProvision)
      problem("legalProvision", "Name the legal provision the content breaks");
    if (input.ground === "incompatible_content" && !input.termsClause)
      problem("termsClause", "Name the terms-and-conditions clause the content breaks");
    if (input.ground !== "illegal_content" && input.legalProvision)
      problem("legalProvision", "Only for a decision on illegal content");
    if (input.ground !== "incompatible_content" && input.termsClause)
      problem("termsClause", "Only for a decision under the terms and conditions");

    if (kind === "suspend" && !input.endsAt) problem("endsAt", "A suspension needs an end date");
    if (input.endsAt && !takesEndDate.has(kind)) problem("endsAt", `A ${kind.replace("_", " ")} has no end date`);
    if (input.endsAt && takesEndDate.has(kind) && Date.parse(input.endsAt) <= Date.now())
      problem("endsAt", "The end date must be in the future");

    if (kind === "reverse") {
      if (!input.reversesActionId) problem("reversesActionId", "Choose the decision to reverse");
      if (!input.facts) problem("facts", "Say why the decision is reversed");
      if (input.reportIds.length) problem("reportIds", "A reversal resolves no reports");
    } else if (input.reversesActionId) {
      problem("reversesActionId", "Only a reversal names an earlier decision");
    }
    if (kind === "comment" && !input.note) problem("note", "Write the comment");
    if (new Set(input.reportIds).size !== input.reportIds.length) problem("reportIds", "A report is named twice");
  });

export type TakeActionInput = z.output<typeof takeActionInput>;
