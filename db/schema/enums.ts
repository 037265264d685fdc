/** Closed lists of values from the seed document; each is also a CHECK constraint. */
export const subscriptionTiers = ["free", "premium", "elite"] as const;
export const attachmentStyles = ["secure", "anxious", "avoidant", "fearful-avoidant"] as const;
export const matchStatuses = ["pending", "liked", "passed", "matched", "unmatched"] as const;
export const subscriptionStatuses = ["active", "canceled", "past_due", "trialing"] as const;
export const paymentStatuses = ["succeeded", "pending", "failed", "refunded"] as const;
export const registrationStatuses = ["registered", "attended", "no_show", "canceled"] as const;
export const regulatoryFrameworks = ["gdpr", "eu_ai_act", "ccpa", "sb_243"] as const;
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

export type SubscriptionTier = (typeof subscriptionTiers)[number];
export type StaffRole = (typeof staffRoles)[number];
