import "server-only";

/**
 * What crosses to the browser: a result, never an exception. `fieldErrors` names the form field
 * a problem concerns; no stack trace, SQL or internal detail is ever included.
 */
export type FieldErrors = Record<string, string>;
export type ActionError = { code: ErrorCode; message: string; fieldErrors?: FieldErrors };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };
export type ErrorCode = "unauthenticated" | "forbidden" | "invalid" | "conflict" | "not_found" | "internal";

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
  }
}

/** Constraint name → the field it guards and what to tell a person. */
const constraintMessages: Record<string, { field: string; message: string }> = {
  valid_event_duration: { field: "endTime", message: "End time must be after start time" },
  positive_capacity: { field: "capacity", message: "Capacity must be greater than zero" },
  non_negative_price: { field: "price", message: "Price cannot be negative" },
  different_users: { field: "userBId", message: "A user cannot be matched with themselves" },
  valid_score: { field: "compatibilityScore", message: "Compatibility score must be between 0 and 100" },
  ix_users_email: { field: "email", message: "A user with this email already exists" },
  ix_staff_accounts_email: { field: "email", message: "A staff account with this email already exists" },
  ix_attachment_assessments_user_id: { field: "userId", message: "This user already has an attachment assessment" },
  ix_subscriptions_user_id: { field: "userId", message: "This user already has a subscription" },
  uq_matches_pair: { field: "userBId", message: "These two users are already matched" },
  uq_event_registrations_event_user: { field: "userId", message: "This user is already registered for the event" },
  uq_event_registrations_payment_id: {
    field: "paymentId",
    message: "This payment already pays for another registration",
  },
  ck_profiles_age_adult: { field: "age", message: "Age must be between 18 and 120" },
  ck_profiles_age_preference_order: { field: "maxAge", message: "Maximum age must not be below minimum age" },
  ck_profiles_min_age_adult: { field: "minAge", message: "Minimum age must be at least 18" },
  ck_profiles_completeness_range: { field: "completenessScore", message: "Completeness must be between 0 and 100" },
  ck_profiles_max_distance_positive: { field: "maxDistanceKm", message: "Distance must be between 1 and 20000 km" },
  ck_users_subscription_tier: { field: "subscriptionTier", message: "Tier must be free, premium or elite" },
  ck_payments_amount_non_negative: { field: "amount", message: "Amount cannot be negative" },
  ck_subscriptions_period_order: { field: "currentPeriodEnd", message: "Period end must be after period start" },
  event_registrations_event_id_events_id_fk: { field: "eventId", message: "This event does not exist" },
  event_registrations_user_id_users_id_fk: { field: "userId", message: "This user does not exist" },
  event_registrations_payment_id_payments_id_fk: { field: "paymentId", message: "This payment does not exist" },
};

interface PgErrorLike {
  code?: string;
  constraint_name?: string;
  constraint?: string;
  column_name?: string;
  column?: string;
  detail?: string;
}

function pgErrorOf(error: unknown): PgErrorLike | undefined {
  // Drizzle wraps driver errors in `cause`.
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const candidate = current as PgErrorLike & { cause?: unknown };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return undefined;
}

const snakeToCamel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** One mapping from PostgreSQL errors (23505, 23503, 23514, 22P02 …) to a person-readable error. */
export function toActionError(error: unknown): ActionError {
  if (error instanceof DomainError) return { code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  const pg = pgErrorOf(error);
  if (!pg) return { code: "internal", message: "Something went wrong; nothing was changed." };
  const constraint = pg.constraint_name ?? pg.constraint;
  const known = constraint ? constraintMessages[constraint] : undefined;
  const column = pg.column_name ?? pg.column;
  switch (pg.code) {
    case "23505":
      return {
        code: "conflict",
        message: known?.message ?? "This record already exists",
        fieldErrors: known && { [known.field]: known.message },
      };
    case "23503":
    case "23001": // restrict_violation: PostgreSQL 18 (PGlite) reports ON DELETE RESTRICT with this code
      return {
        code: "conflict",
        message:
          pg.code === "23001" || pg.detail?.includes("is still referenced")
            ? "This record is still referenced by other records (payments, consent or audit history) and cannot be deleted"
            : "A referenced record does not exist",
        fieldErrors: known && { [known.field]: known.message },
      };
    case "23514":
      return {
        code: "invalid",
        message: known?.message ?? "A value is out of its allowed range",
        fieldErrors: known && { [known.field]: known.message },
      };
    case "23502":
      return {
        code: "invalid",
        message: "A required value is missing",
        fieldErrors: column ? { [snakeToCamel(column)]: "Required" } : undefined,
      };
    case "22021": // character_not_in_repertoire: a NUL byte or invalid UTF-8 that slipped past unstorablePath
    case "22P05": // untranslatable_character
      return {
        code: "invalid",
        message: "A value contains a character that cannot be stored (a NUL byte or invalid Unicode)",
      };
    case "22P02":
    case "22007":
    case "22008":
    case "22003":
      return { code: "invalid", message: "A value has the wrong format or is out of range" };
    case "P0001":
      // The append-only triggers on compliance_logs and consent_logs (migration 0001).
      if (/append-only/.test((error as Error).message + String((pg as { message?: string }).message ?? ""))) {
        return {
          code: "conflict",
          message: "Audit and consent records are evidence: they cannot be changed or deleted.",
        };
      }
      return { code: "internal", message: "Something went wrong; nothing was changed." };
    default:
      return { code: "internal", message: "Something went wrong; nothing was changed." };
  }
}
