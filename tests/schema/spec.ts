/**
 * The SaltBitter schema document (/work/shared/seed/saltbitter-schema.md) written down as data:
 * the tests in this folder check the live catalog and the database's behaviour against it.
 * Where the document is silent (nullability, exact value lists it ends with "etc."), the choice
 * made here is commented.
 */

/** Column type families: the document says VARCHAR, TEXT, TIMESTAMP…; the exact length or tz is free. */
export type TypeFamily =
  "uuid" | "varchar" | "text" | "boolean" | "integer" | "float" | "numeric" | "jsonb" | "timestamp" | "geography";

export interface ColumnSpec {
  name: string;
  type: TypeFamily;
  nullable: boolean;
}

const col = (name: string, type: TypeFamily, nullable = false): ColumnSpec => ({ name, type, nullable });
const timestamps = [col("created_at", "timestamp"), col("updated_at", "timestamp")];

/** Every table and column the document names. Nullable only where a value can legitimately be absent. */
export const specTables: Record<string, { primaryKey: string[]; columns: ColumnSpec[] }> = {
  users: {
    primaryKey: ["id"],
    columns: [
      col("id", "uuid"),
      col("email", "varchar"),
      col("password_hash", "varchar"),
      col("verified", "boolean"),
      col("subscription_tier", "varchar"),
      ...timestamps,
      col("last_login_at", "timestamp", true), // never logged in yet
    ],
  },
  profiles: {
    primaryKey: ["user_id"],
    columns: [
      col("user_id", "uuid"),
      col("name", "varchar"),
      col("age", "integer"),
      col("gender", "varchar"),
      col("bio", "text", true),
      col("photos", "jsonb"),
      col("location", "geography", true), // a user may not share a location
      col("completeness_score", "float"),
      col("looking_for_gender", "varchar", true),
      col("min_age", "integer"),
      col("max_age", "integer"),
      col("max_distance_km", "integer"),
      ...timestamps,
    ],
  },
  attachment_assessments: {
    primaryKey: ["id"],
    columns: [
      col("id", "uuid"),
      col("user_id", "uuid"),
      col("anxiety_score", "float"),
      col("avoidance_score", "float"),
      col("style", "varchar"),
      col("assessment_version", "varchar"),
      col("total_questions", "integer"),
      ...timestamps,
    ],
  },
  matches: {
    primaryKey: ["id"],
    columns: [
      col("id", "uuid"),
      col("user_a_id", "uuid"),
      col("user_b_id", "uuid"),
      col("compatibility_score", "float"),
      col("status", "varchar"),
      ...timestamps,
    ],
  },
  messages: {
    primaryKey: ["id"],
    columns: [
      col("id", "uuid"),
      col("from_user_id", "uuid"),
      col("to_user_id", "uuid"),
      col("content", "text"),
      col("read_at", "timestamp", true), // unread
      col("sent_at", "timestamp"),
    ],
  },
  ai_interactions: {
    primaryKey: ["id"],
    columns: [
      col("id", "uuid"),
      col("user_id", "uuid"),
      col("ai_type", "varchar"),
      col("disclosure_shown", "boolean"),
      col("user_consented", "boolean"),
      col("session_id", "varchar", true),
      col("created_at", "timestamp"),
    ],
  },
  consent_logs: {
    primaryKey: ["id"],
    columns: [
      col("id", "uuid"),
      col("user_id", "uuid"),
      col("consent_type", "varchar"),
      col("granted", "boolean"),
      col("consent_text", "text", true),
      col("ip_address", "varchar", true),
      col("timestamp", "timestamp"),
    ],
  },
  compliance_logs: {
    primaryKey: ["id"],
    columns: [
      col("id", "uuid"),
      // The document says "User affected"; nullable by design (db/schema/compliance.ts): a staff
      // action on an event concerns no platform user.
      col("user_id", "uuid", true),
      col("action_type", "varchar"),
      col("metadata", "jsonb"),
      col("regulatory_framework", "varchar"),
      col("timestamp", "timestamp"),
    ],
  },
  subscriptions: {
    primaryKey: ["id"],
    columns: [
      col("id", "uuid"),
      col("user_id", "uuid"),
      col("tier", "varchar"),
      col("stripe_subscription_id", "varchar", true), // free tier: no Stripe objects
      col("stripe_customer_id", "varchar", true),
      col("status", "varchar"),
      col("current_period_start", "timestamp", true),
      col("current_period_end", "timestamp", true),
      ...timestamps,
    ],
  },
  payments: {
    primaryKey: ["id"],
    columns: [
      col("id", "uuid"),
      col("user_id", "uuid"),
      col("amount", "numeric"),
      col("type", "varchar"),
      col("stripe_payment_id", "varchar", true),
      col("stripe_invoice_id", "varchar", true),
      col("status", "varchar"),
      col("created_at", "timestamp"),
    ],
  },
  events: {
    primaryKey: ["id"],
    columns: [
      col("id", "uuid"),
      col("title", "varchar"),
      col("description", "text", true),
      col("type", "varchar"),
      col("start_time", "timestamp"),
      col("end_time", "timestamp"),
      col("capacity", "integer"),
      col("price", "numeric"),
      col("host_name", "varchar", true),
      col("video_url", "varchar", true),
      ...timestamps,
    ],
  },
  event_registrations: {
    primaryKey: ["id"],
    columns: [
      col("id", "uuid"),
      col("event_id", "uuid"),
      col("user_id", "uuid"),
      col("status", "varchar"),
      col("payment_id", "uuid", true), // only paid events have a payment
      ...timestamps,
    ],
  },
};

export const specTableNames = Object.keys(specTables);

export interface IndexSpec {
  name: string;
  table: string;
  columns: string[];
  unique: boolean;
  method: "btree" | "gist";
}

const ix = (
  table: string,
  columns: string[],
  options: { unique?: boolean; method?: "gist"; name?: string } = {},
): IndexSpec => ({
  name: options.name ?? `ix_${table}_${columns.join("_")}`,
  table,
  columns,
  unique: options.unique ?? false,
  method: options.method ?? "btree",
});

/** Every index the document lists, by exact name. Unique where the document says UNIQUE. */
export const specIndexes: IndexSpec[] = [
  ix("users", ["email"], { unique: true }),
  ix("users", ["subscription_tier"]),
  ix("profiles", ["user_id"]),
  ix("profiles", ["location"], { method: "gist" }),
  ix("attachment_assessments", ["user_id"], { unique: true }), // "UNIQUE: one assessment per user"
  ix("attachment_assessments", ["style"]),
  ix("matches", ["user_a_id"]),
  ix("matches", ["user_b_id"]),
  ix("matches", ["status"]),
  ix("messages", ["from_user_id"]),
  ix("messages", ["to_user_id"]),
  ix("messages", ["sent_at"]),
  ix("ai_interactions", ["user_id"]),
  ix("ai_interactions", ["ai_type"]),
  ix("consent_logs", ["user_id"]),
  ix("consent_logs", ["consent_type"]),
  ix("compliance_logs", ["user_id"]),
  ix("compliance_logs", ["action_type"]),
  ix("compliance_logs", ["timestamp"]),
  ix("subscriptions", ["user_id"], { unique: true }), // "UNIQUE: one subscription per user"
  ix("subscriptions", ["status"]),
  ix("payments", ["user_id"]),
  ix("payments", ["created_at"]),
  ix("events", ["type"]),
  ix("events", ["start_time"]),
  ix("event_registrations", ["event_id"]),
  ix("event_registrations", ["user_id"]),
];

/** The check constraints the document names. */
export const namedChecks: { name: string; table: string; columns: string[] }[] = [
  { name: "different_users", table: "matches", columns: ["user_a_id", "user_b_id"] },
  { name: "valid_score", table: "matches", columns: ["compatibility_score"] },
  { name: "valid_event_duration", table: "events", columns: ["start_time", "end_time"] },
  { name: "positive_capacity", table: "events", columns: ["capacity"] },
  { name: "non_negative_price", table: "events", columns: ["price"] },
];

/** Closed value lists. (ai_type, payments.type and events.type end with "etc.": open, no check.) */
export const enumChecks: { table: string; column: string; values: string[] }[] = [
  { table: "users", column: "subscription_tier", values: ["free", "premium", "elite"] },
  { table: "attachment_assessments", column: "style", values: ["secure", "anxious", "avoidant", "fearful-avoidant"] },
  { table: "matches", column: "status", values: ["pending", "liked", "passed", "matched", "unmatched"] },
  // The document's four, plus dsa (EU Digital Services Act moderation decisions, issue #10).
  {
    table: "compliance_logs",
    column: "regulatory_framework",
    values: ["gdpr", "eu_ai_act", "ccpa", "sb_243", "dsa"],
  },
  { table: "subscriptions", column: "tier", values: ["free", "premium", "elite"] },
  { table: "subscriptions", column: "status", values: ["active", "canceled", "past_due", "trialing"] },
  { table: "payments", column: "status", values: ["succeeded", "pending", "failed", "refunded"] },
  { table: "event_registrations", column: "status", values: ["registered", "attended", "no_show", "canceled"] },
];

export type DeleteRule = "CASCADE" | "RESTRICT" | "SET NULL";

/**
 * Foreign keys and what deleting the referenced row does: user-owned data goes with the user;
 * legal records (consent, compliance, payments) block the delete; a registration outlives its payment.
 */
export const foreignKeys: { table: string; column: string; references: string; onDelete: DeleteRule }[] = [
  { table: "profiles", column: "user_id", references: "users", onDelete: "CASCADE" },
  { table: "attachment_assessments", column: "user_id", references: "users", onDelete: "CASCADE" },
  { table: "matches", column: "user_a_id", references: "users", onDelete: "CASCADE" },
  { table: "matches", column: "user_b_id", references: "users", onDelete: "CASCADE" },
  { table: "messages", column: "from_user_id", references: "users", onDelete: "CASCADE" },
  { table: "messages", column: "to_user_id", references: "users", onDelete: "CASCADE" },
  { table: "ai_interactions", column: "user_id", references: "users", onDelete: "CASCADE" },
  { table: "subscriptions", column: "user_id", references: "users", onDelete: "CASCADE" },
  { table: "event_registrations", column: "user_id", references: "users", onDelete: "CASCADE" },
  { table: "event_registrations", column: "event_id", references: "events", onDelete: "CASCADE" },
  { table: "event_registrations", column: "payment_id", references: "payments", onDelete: "SET NULL" },
  { table: "consent_logs", column: "user_id", references: "users", onDelete: "RESTRICT" },
  { table: "compliance_logs", column: "user_id", references: "users", onDelete: "RESTRICT" },
  { table: "payments", column: "user_id", references: "users", onDelete: "RESTRICT" },
];
