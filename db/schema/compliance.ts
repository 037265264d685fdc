import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { createdAt, id, oneOf } from "./columns";
import { regulatoryFrameworks } from "./enums";
import { users } from "./accounts";
import { staffAccounts } from "./staff";

export const aiInteractions = pgTable(
  "ai_interactions",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    aiType: varchar("ai_type", { length: 50 }).notNull(),
    disclosureShown: boolean("disclosure_shown").notNull().default(false),
    userConsented: boolean("user_consented").notNull().default(false),
    sessionId: varchar("session_id", { length: 100 }),
    createdAt: createdAt(),
  },
  (t) => [
    index("ix_ai_interactions_user_id").on(t.userId),
    index("ix_ai_interactions_ai_type").on(t.aiType),
    index("ix_ai_interactions_created_at").on(t.createdAt),
  ],
);

/**
 * Evidence of consent (GDPR Art. 7). ON DELETE RESTRICT: consent records must outlive the
 * account they prove consent for, so a user with consent history cannot be hard-deleted;
 * erasure reduces the user row to a tombstone instead.
 */
export const consentLogs = pgTable(
  "consent_logs",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    consentType: varchar("consent_type", { length: 50 }).notNull(),
    granted: boolean("granted").notNull(),
    consentText: text("consent_text"),
    ipAddress: varchar("ip_address", { length: 45 }),
    timestamp: timestamp("timestamp", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("ix_consent_logs_user_id").on(t.userId),
    index("ix_consent_logs_consent_type").on(t.consentType),
  ],
);

/**
 * The regulatory audit trail. ON DELETE RESTRICT on user_id and staff_id for the same reason
 * as consent_logs: accountability records never vanish with the account they concern.
 * user_id is nullable: staff actions on events, say, concern no platform user.
 */
export const complianceLogs = pgTable(
  "compliance_logs",
  {
    id: id(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "restrict" }),
    staffId: uuid("staff_id").references(() => staffAccounts.id, { onDelete: "restrict" }),
    actionType: varchar("action_type", { length: 100 }).notNull(),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    regulatoryFramework: varchar("regulatory_framework", { length: 20 }).notNull(),
    timestamp: timestamp("timestamp", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("ix_compliance_logs_user_id").on(t.userId),
    index("ix_compliance_logs_action_type").on(t.actionType),
    index("ix_compliance_logs_timestamp").on(t.timestamp),
    index("ix_compliance_logs_staff_id").on(t.staffId),
    check("ck_compliance_logs_regulatory_framework", oneOf("regulatory_framework", regulatoryFrameworks)),
    check("ck_compliance_logs_metadata_object", sql`jsonb_typeof(metadata) = 'object'`),
  ],
);

export type ComplianceLogInsert = typeof complianceLogs.$inferInsert;
