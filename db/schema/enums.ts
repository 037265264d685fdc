/** Closed lists of values from the seed document; each is also a CHECK constraint. */
export const subscriptionTiers = ["free", "premium", "elite"] as const;
export const attachmentStyles = ["secure", "anxious", "avoidant", "fearful-avoidant"] as const;
export const matchStatuses = ["pending", "liked", "passed", "matched", "unmatched"] as const;
export const subscriptionStatuses = ["active", "canceled", "past_due", "trialing"] as const;
export const paymentStatuses = ["succeeded", "pending", "failed", "refunded"] as const;
export const registrationStatuses = ["registered", "attended", "no_show", "canceled"] as const;
// dsa: the EU Digital Services Act (moderation decisions and their statements of reasons, issue #10).
export const regulatoryFrameworks = ["gdpr", "eu_ai_act", "ccpa", "sb_243", "dsa"] as const;
export const staffRoles = ["admin", "trust_safety", "compliance_officer", "analyst"] as const;

/** Open lists (the seed ends them with "etc."): validated in the app, not by a CHECK. */
export const knownAiTypes = [
  "practice_companion",
  "relationship_coach",
  "profile_optimizer",
  "conversation_starter",
] as const;
export const knownPaymentTypes = ["subscription", "profile_boost", "super_like", "event_ticket"] as const;
export const knownEventTypes = ["speed_dating", "workshop", "ama", "mixer"] as const;
/**
 * Open lists offered as filter choices only (server/resources: `knownValues`), never enforced: a
 * gender identity is the member's own words, and the apps may record consent types we do not list.
 */
export const knownGenders = ["woman", "man", "non-binary"] as const;
export const knownLookingForGenders = [...knownGenders, "everyone"] as const;
export const knownConsentTypes = ["terms_of_service", "special_category_data", "ai_features", "marketing"] as const;

export type SubscriptionTier = (typeof subscriptionTiers)[number];
export type StaffRole = (typeof staffRoles)[number];
export type RegulatoryFramework = (typeof regulatoryFrameworks)[number];

/* ── Trust & safety (db/schema/moderation.ts) ─────────────────────────────────────────────── */

/** What a report or decision is about: the account, its profile text, one of its photos, or one message. */
export const moderationSubjectKinds = ["user", "profile", "photo", "message"] as const;
/** Where a notice came from: a user's notice (DSA Art. 16), a trusted flagger (Art. 22), our detection, or staff. */
export const reportSources = ["user_notice", "trusted_flagger", "automated", "staff"] as const;
/** The dating platform's report categories; each maps to one DSA category + keyword (dsaCategoryOf). */
export const reportCategories = [
  "scam_fraud",
  "fake_profile",
  "harassment",
  "hate",
  "non_consensual_sexual_content",
  "underage",
  "spam",
  "violence_threats",
  "other",
] as const;
export const reportStatuses = ["open", "escalated", "resolved"] as const;
/** How a resolved report ended: the decision that closed it (acknowledge = reviewed, no action). */
export const reportResolutions = ["no_action", "warned", "visibility_restricted", "suspended", "terminated"] as const;
export const moderationActionKinds = [
  "acknowledge",
  "escalate",
  "comment",
  "warn",
  "restrict_visibility",
  "suspend",
  "terminate",
  "reverse",
] as const;
/** Decisions that restrict the account (DSA Art. 17(1)): each needs a ground, facts and a category. */
export const restrictiveActionKinds = ["restrict_visibility", "suspend", "terminate"] as const;
/** Decisions a `reverse` may undo (reversing a comment or an escalation means nothing). */
export const reversibleActionKinds = ["warn", ...restrictiveActionKinds] as const;
/** DSA decision grounds: illegal content (with the legal provision) or incompatible with our terms (with the clause). */
export const decisionGrounds = ["illegal_content", "incompatible_content"] as const;
/** The DSA's automated_decision values, in our spelling (AUTOMATED_DECISION_FULLY / _PARTIALLY / _NOT_AUTOMATED). */
export const automatedDecisions = ["fully", "partially", "not_automated"] as const;
/** The account's restriction at a moment, strongest first; derived from the actions (server/moderation/enforcement.ts). */
export const accountRestrictions = ["terminated", "suspended", "visibility_restricted", "none"] as const;

/** How an appeal (DSA Art. 20 complaint) reached us: recorded by staff, from the support channel, or the platform's API. */
export const appealChannels = ["staff", "support", "api"] as const;
/** An appeal ends upheld (the decision stands) or reversed (a `reverse` action lifts it). */
export const appealStatuses = ["open", "upheld", "reversed"] as const;

export type ModerationSubjectKind = (typeof moderationSubjectKinds)[number];
export type ReportSource = (typeof reportSources)[number];
export type ReportCategory = (typeof reportCategories)[number];
export type ReportStatus = (typeof reportStatuses)[number];
export type ReportResolution = (typeof reportResolutions)[number];
export type ModerationActionKind = (typeof moderationActionKinds)[number];
export type DecisionGround = (typeof decisionGrounds)[number];
export type AutomatedDecision = (typeof automatedDecisions)[number];
export type AccountRestriction = (typeof accountRestrictions)[number];
export type AppealChannel = (typeof appealChannels)[number];
export type AppealStatus = (typeof appealStatuses)[number];

/**
 * Our categories in the EU DSA Transparency Database's vocabulary (schema of 1 July 2025,
 * digital-services-act/transparency-database app/Models/Statement.php: STATEMENT_CATEGORY_* and
 * KEYWORD_*). The DSA files fake profiles and impersonation under scams and fraud, and spam under
 * "other violation of terms", so two pairs of ours share a DSA category; the keyword
 * (category_specification) tells them apart, and every (category, keywords) pair is distinct.
 * category_specification_other is only allowed with KEYWORD_OTHER.
 */
export const dsaCategoryOf: Record<
  ReportCategory,
  { category: DsaStatementCategory; keywords: readonly string[]; keywordOther?: string }
> = {
  scam_fraud: { category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", keywords: [] },
  fake_profile: {
    category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    keywords: ["KEYWORD_INAUTHENTIC_ACCOUNTS", "KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING"],
  },
  harassment: { category: "STATEMENT_CATEGORY_CYBER_VIOLENCE", keywords: ["KEYWORD_CYBER_HARASSMENT"] },
  hate: { category: "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", keywords: ["KEYWORD_HATE_SPEECH"] },
  non_consensual_sexual_content: {
    category: "STATEMENT_CATEGORY_CYBER_VIOLENCE",
    keywords: ["KEYWORD_NON_CONSENSUAL_IMAGE_SHARING"],
  },
  underage: {
    category: "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    keywords: ["KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS"],
  },
  spam: { category: "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", keywords: ["KEYWORD_OTHER"], keywordOther: "Spam" },
  violence_threats: { category: "STATEMENT_CATEGORY_VIOLENCE", keywords: [] },
  other: { category: "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", keywords: [] },
};

/** The DSA Transparency Database's statement categories (STATEMENT_CATEGORIES, schema of 1 July 2025). */
export const dsaStatementCategories = [
  "STATEMENT_CATEGORY_ANIMAL_WELFARE",
  "STATEMENT_CATEGORY_CONSUMER_INFORMATION",
  "STATEMENT_CATEGORY_CYBER_VIOLENCE",
  "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
  "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
  "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
  "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
  "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
  "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE",
  "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
  "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
  "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
  "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
  "STATEMENT_CATEGORY_SELF_HARM",
  "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
  "STATEMENT_CATEGORY_VIOLENCE",
] as const;
export type DsaStatementCategory = (typeof dsaStatementCategories)[number];

/** Report sources as the DSA's source_type (staff and automated detection are our own initiative). */
export const dsaSourceTypeOf: Record<ReportSource, string> = {
  user_notice: "SOURCE_ARTICLE_16",
  trusted_flagger: "SOURCE_TRUSTED_FLAGGER",
  automated: "SOURCE_VOLUNTARY",
  staff: "SOURCE_VOLUNTARY",
};

/** The territorial scope codes the DSA database accepts (EU + EEA; Greece is GR), as in its EuropeanCountriesService. */
export const dsaTerritoryCodes = [
  "AT",
  "BE",
  "BG",
  "CY",
  "CZ",
  "DE",
  "DK",
  "EE",
  "ES",
  "FI",
  "FR",
  "GR",
  "HR",
  "HU",
  "IE",
  "IS",
  "IT",
  "LI",
  "LT",
  "LU",
  "LV",
  "MT",
  "NL",
  "NO",
  "PL",
  "PT",
  "RO",
  "SE",
  "SI",
  "SK",
] as const;
