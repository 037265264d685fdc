/**
 * A restrictive decision (or the reversal of one) as a statement of reasons in the EU DSA
 * Transparency Database's own vocabulary: the body its API takes (single endpoint, or one element
 * of the multiple endpoint's `statements`). Field names and values: dsaVocabulary.ts; rules:
 * validateStatement.ts. Pure: recordDecision and the seed both build with it.
 *
 * How our decisions map:
 * - restrict_visibility (hidden from discovery and match candidates) → decision_visibility
 *   DECISION_VISIBILITY_CONTENT_DEMOTED until its end date;
 * - suspend → decision_account SUSPENDED and decision_provision TOTAL_SUSPENSION (a suspended member
 *   can use none of the service), both until its end date;
 * - terminate → decision_account TERMINATED and decision_provision TOTAL_TERMINATION, no end date;
 * - reverse → the database has no "reversal" decision, so the reversal's statement restates the
 *   decision it lifts with the end dates set to the day it was lifted, and its facts say so and
 *   name the original statement's puid.
 *
 * The puid identifies the decision (our action id), never the person.
 */
import {
  dsaCategoryOf,
  dsaTerritoryCodes,
  type AutomatedDecision,
  type DecisionGround,
  type DsaStatementCategory,
  type ModerationSubjectKind,
  type ReportCategory,
  type ReportSource,
} from "@/db/schema/enums";
import type {
  AccountType,
  ContentType,
  DecisionAccount,
  DecisionProvision,
  DecisionVisibility,
  DsaAutomatedDecision,
  DsaDecisionGround,
  Keyword,
  SourceType,
} from "./dsaVocabulary";
import { personalDataRemover, type KnownPeople } from "./personalData";

/** The request body we send: the API's field names; optional ones are left out rather than null. */
export interface DsaStatement {
  decision_visibility?: DecisionVisibility[];
  decision_provision?: DecisionProvision;
  decision_account?: DecisionAccount;
  account_type?: AccountType;
  category: DsaStatementCategory;
  category_specification?: Keyword[];
  category_specification_other?: string;
  decision_ground: DsaDecisionGround;
  illegal_content_legal_ground?: string;
  illegal_content_explanation?: string;
  incompatible_content_ground?: string;
  incompatible_content_explanation?: string;
  content_type: ContentType[];
  territorial_scope: string[];
  content_date: string;
  application_date: string;
  end_date_account_restriction?: string;
  end_date_service_restriction?: string;
  end_date_visibility_restriction?: string;
  decision_facts: string;
  source_type: SourceType;
  automated_detection: "Yes" | "No";
  automated_decision: DsaAutomatedDecision;
  puid: string;
}

export type RestrictiveKind = "restrict_visibility" | "suspend" | "terminate";

/** What a statement needs to know about a restrictive decision (a moderation_actions row, and a little more). */
export interface RestrictiveDecision {
  id: string;
  kind: RestrictiveKind;
  subjectKind: ModerationSubjectKind;
  category: ReportCategory;
  ground: DecisionGround;
  legalProvision: string | null;
  termsClause: string | null;
  groundExplanation: string | null;
  facts: string;
  automatedDetection: boolean;
  automatedDecision: AutomatedDecision;
  /** ISO codes; null = everywhere we operate (all EU and EEA countries). */
  territorialScope: readonly string[] | null;
  startsAt: Date;
  endsAt: Date | null;
  /** When the content went up: the message's sending, the profile's creation, or the account's sign-up. */
  contentDate: Date;
  /** The sources of the reports the decision answered (none: our own initiative). */
  reportSources: readonly ReportSource[];
}

/** A reversal of a restrictive decision. */
export interface Reversal {
  id: string;
  facts: string;
  startsAt: Date;
  automatedDecision: AutomatedDecision;
  /** Decided on the user's complaint (DSA Art. 20), not on our own review. */
  onAppeal: boolean;
}

/** The statement's puid for a decision: from the decision's id, nothing about the person. */
export const puidOf = (actionId: string) => `sor-${actionId}`;

const day = (date: Date) => date.toISOString().slice(0, 10);

const automatedDecisionOf: Record<AutomatedDecision, DsaAutomatedDecision> = {
  fully: "AUTOMATED_DECISION_FULLY",
  partially: "AUTOMATED_DECISION_PARTIALLY",
  not_automated: "AUTOMATED_DECISION_NOT_AUTOMATED",
};

/** A profile or an account is its text and its photos; a photo an image; a message text. */
const contentTypesOf: Record<ModerationSubjectKind, ContentType[]> = {
  user: ["CONTENT_TYPE_IMAGE", "CONTENT_TYPE_TEXT"],
  profile: ["CONTENT_TYPE_IMAGE", "CONTENT_TYPE_TEXT"],
  photo: ["CONTENT_TYPE_IMAGE"],
  message: ["CONTENT_TYPE_TEXT"],
};

/**
 * The information source: a trusted flagger's notice outweighs a user's (both are Art. 16
 * notices, the database asks for the flagger when there was one); with no notice, our own
 * initiative (staff review and automated detection alike: dsaSourceTypeOf in enums.ts).
 */
function sourceTypeOf(sources: readonly ReportSource[]): SourceType {
  if (sources.includes("trusted_flagger")) return "SOURCE_TRUSTED_FLAGGER";
  if (sources.includes("user_notice")) return "SOURCE_ARTICLE_16";
  return "SOURCE_VOLUNTARY";
}

/** The restriction fields for a decision in force until `until` (null: indefinitely). */
function restrictionOf(kind: RestrictiveKind, until: Date | null): Partial<DsaStatement> {
  const end = until ? day(until) : undefined;
  switch (kind) {
    case "restrict_visibility":
      return { decision_visibility: ["DECISION_VISIBILITY_CONTENT_DEMOTED"], end_date_visibility_restriction: end };
    case "suspend":
      return {
        decision_account: "DECISION_ACCOUNT_SUSPENDED",
        decision_provision: "DECISION_PROVISION_TOTAL_SUSPENSION",
        end_date_account_restriction: end,
        end_date_service_restriction: end,
      };
    case "terminate":
      return {
        decision_account: "DECISION_ACCOUNT_TERMINATED",
        decision_provision: "DECISION_PROVISION_TOTAL_TERMINATION",
        end_date_account_restriction: end,
        end_date_service_restriction: end,
      };
  }
}

/** Drops the fields left undefined, so the body carries only what it says. */
function compact(statement: DsaStatement): DsaStatement {
  return Object.fromEntries(Object.entries(statement).filter(([, value]) => value !== undefined)) as DsaStatement;
}

/**
 * The statement for `decision`, or for its reversal when `reversal` is given. `people` are those
 * the decision touches: their names, emails and ids are removed from every free text.
 */
export function buildStatement(decision: RestrictiveDecision, people: KnownPeople, reversal?: Reversal): DsaStatement {
  const remove = personalDataRemover(people);
  const clean = (text: string | null) => remove((text ?? "").trim());
  const dsa = dsaCategoryOf[decision.category];
  const illegal = decision.ground === "illegal_content";
  // A reversal ends the restriction on the day it takes effect (or earlier, if it had expired already).
  const until = reversal
    ? new Date(Math.min(reversal.startsAt.getTime(), decision.endsAt?.getTime() ?? Infinity))
    : decision.endsAt;
  const facts = reversal
    ? `The restriction in statement ${puidOf(decision.id)} was lifted on ${day(reversal.startsAt)} ` +
      `${reversal.onAppeal ? "on the user's complaint (DSA Art. 20)" : "on our own review"}. Reason: ${clean(reversal.facts)}`
    : clean(decision.facts);
  return compact({
    ...restrictionOf(decision.kind, until),
    account_type: "ACCOUNT_TYPE_PRIVATE",
    category: dsa.category,
    category_specification: dsa.keywords.length ? ([...dsa.keywords] as Keyword[]) : undefined,
    category_specification_other: dsa.keywordOther,
    decision_ground: illegal ? "DECISION_GROUND_ILLEGAL_CONTENT" : "DECISION_GROUND_INCOMPATIBLE_CONTENT",
    ...(illegal
      ? {
          illegal_content_legal_ground: clean(decision.legalProvision),
          illegal_content_explanation: clean(decision.groundExplanation),
        }
      : {
          incompatible_content_ground: clean(decision.termsClause),
          incompatible_content_explanation: clean(decision.groundExplanation),
        }),
    content_type: contentTypesOf[decision.subjectKind],
    // The API sorts the codes; sending them sorted keeps our copy identical to what it stores.
    territorial_scope: [...(decision.territorialScope ?? dsaTerritoryCodes)].sort(),
    content_date: day(decision.contentDate),
    application_date: day(decision.startsAt),
    decision_facts: facts,
    source_type: sourceTypeOf(decision.reportSources),
    automated_detection: decision.automatedDetection ? "Yes" : "No",
    automated_decision: automatedDecisionOf[reversal ? reversal.automatedDecision : decision.automatedDecision],
    puid: puidOf(reversal ? reversal.id : decision.id),
  } as DsaStatement);
}

/**
 * Where a statement's problem comes from in the take-action form, so a refused statement is a
 * field error on what the moderator typed (e.g. facts too long for the database's 5,000).
 */
export const formFieldOfStatementField: Record<string, string> = {
  decision_facts: "facts",
  illegal_content_legal_ground: "legalProvision",
  illegal_content_explanation: "groundExplanation",
  incompatible_content_ground: "termsClause",
  incompatible_content_explanation: "groundExplanation",
  end_date_account_restriction: "endsAt",
  end_date_service_restriction: "endsAt",
  end_date_visibility_restriction: "endsAt",
  territorial_scope: "territorialScope",
  category: "category",
  decision_ground: "ground",
};
