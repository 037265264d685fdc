import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, updatedAt } from "./columns";
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
    // List sort (issue #12): ai_type alone would leave a whole type's rows to sort by id.
    index("ix_ai_interactions_ai_type_id").on(t.aiType, t.id),
  ],
);

/** How a consent was collected (Kantara consent receipt "collection method"). */
export const consentCollectionMethods = [
  "signup_form",
  "settings_toggle",
  "in_app_prompt",
  "email_link",
  "support_request",
] as const;

/**
 * Evidence of consent (GDPR Art. 7). ON DELETE RESTRICT: consent records must outlive the
 * account they prove consent for, so a user with consent history cannot be hard-deleted;
 * erasure reduces the user row to a tombstone instead. Append-only: triggers refuse UPDATE,
 * DELETE and TRUNCATE (migration 0001).
 *
 * Beyond the seed's columns, proving consent needs: which version of the notice was shown
 * (notice_version; consent_text alone cannot say which published notice it came from), how it
 * was collected (collection_method; Art. 7(1) "demonstrate", Art. 7(2) distinguishable request),
 * and the jurisdiction the user was in (jurisdiction, ISO 3166 code such as DE or US-CA; it
 * decides whether GDPR or CCPA rules apply to the record).
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
    noticeVersion: varchar("notice_version", { length: 40 }),
    collectionMethod: varchar("collection_method", { length: 30 }),
    jurisdiction: varchar("jurisdiction", { length: 10 }),
  },
  (t) => [
    index("ix_consent_logs_user_id").on(t.userId),
    index("ix_consent_logs_consent_type").on(t.consentType),
    // Per-user timelines and "latest event wins" read by (user, time).
    index("ix_consent_logs_user_id_timestamp").on(t.userId, t.timestamp),
    index("ix_consent_logs_timestamp").on(t.timestamp),
    index("ix_consent_logs_consent_type_id").on(t.consentType, t.id),
    check("ck_consent_logs_collection_method", oneOf("collection_method", consentCollectionMethods)),
  ],
);

/** prev_hash of the first row of the chain. */
export const chainGenesisHash = "0".repeat(64);

/**
 * The regulatory audit trail. ON DELETE RESTRICT on user_id and staff_id for the same reason
 * as consent_logs: accountability records never vanish with the account they concern.
 * user_id is nullable: staff actions on events, say, concern no platform user.
 *
 * A hash chain (migrations 0001, 0016): a row is inserted unsequenced (seq 0, empty hashes: a
 * BEFORE INSERT trigger forces them, so writers take no lock and never wait on one another); the
 * sequencer, sequence_compliance_logs() (server/audit/sequencer.ts), later assigns seq, prev_hash
 * and hash = sha256(canonical(row, prev_hash)) one committed row after another, under an advisory
 * lock, so the chain never forks. Append-only like consent_logs, but for that one transition.
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
    seq: bigint("seq", { mode: "number" }).notNull().default(0),
    prevHash: varchar("prev_hash", { length: 64 }).notNull().default(""),
    hash: varchar("hash", { length: 64 }).notNull().default(""),
  },
  (t) => [
    // Unique among sequenced rows; unsequenced rows (seq 0) wait in the partial index below.
    uniqueIndex("ix_compliance_logs_seq")
      .on(t.seq)
      .where(sql`seq > 0`),
    index("ix_compliance_logs_unsequenced")
      .on(t.timestamp, t.id)
      .where(sql`seq = 0`),
    index("ix_compliance_logs_user_id").on(t.userId),
    index("ix_compliance_logs_action_type").on(t.actionType),
    index("ix_compliance_logs_timestamp").on(t.timestamp),
    index("ix_compliance_logs_staff_id").on(t.staffId),
    index("ix_compliance_logs_action_type_id").on(t.actionType, t.id),
    check("ck_compliance_logs_regulatory_framework", oneOf("regulatory_framework", regulatoryFrameworks)),
    check("ck_compliance_logs_metadata_object", sql`jsonb_typeof(metadata) = 'object'`),
    // Either unsequenced (as inserted) or sequenced (as the sequencer leaves it), nothing between.
    check(
      "ck_compliance_logs_chained",
      sql`(seq = 0 AND hash = '' AND prev_hash = '') OR (seq > 0 AND char_length(hash) = 64 AND char_length(prev_hash) = 64)`,
    ),
  ],
);

/** The chain's head: one row, moved only by the sequencer (sequence_compliance_logs). */
export const complianceChainHead = pgTable(
  "compliance_chain_head",
  {
    id: smallint("id").primaryKey().default(1),
    seq: bigint("seq", { mode: "number" }).notNull(),
    hash: varchar("hash", { length: 64 }).notNull(),
    updatedAt: updatedAt(),
  },
  () => [check("ck_compliance_chain_head_single_row", sql`id = 1`)],
);

export const dsrTypes = ["access", "erasure", "rectification", "portability", "opt_out"] as const;
export const dsrRegimes = ["gdpr", "ccpa"] as const;
export const dsrStatuses = ["received", "verified", "in_progress", "extended", "completed", "denied"] as const;
export type DsrType = (typeof dsrTypes)[number];
export type DsrRegime = (typeof dsrRegimes)[number];
export type DsrStatus = (typeof dsrStatuses)[number];

/**
 * Data-subject requests (GDPR Arts. 12, 15–17, 20; CCPA). due_at starts at one month (GDPR) or
 * 45 days (CCPA) after receipt and moves once when extended (with a reason). user_id is RESTRICT:
 * the request is itself evidence and must survive the erasure it asks for.
 */
export const dataSubjectRequests = pgTable(
  "data_subject_requests",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    requestType: varchar("request_type", { length: 20 }).notNull(),
    regime: varchar("regime", { length: 10 }).notNull(),
    status: varchar("status", { length: 20 }).notNull().default("received"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    extendedAt: timestamp("extended_at", { withTimezone: true }),
    extensionReason: text("extension_reason"),
    denialReason: text("denial_reason"),
    handlerStaffId: uuid("handler_staff_id").references(() => staffAccounts.id, { onDelete: "restrict" }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    notes: text("notes"),
    /** What fulfilling it did (e.g. erasure's per-table counts). */
    outcome: jsonb("outcome").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("ix_data_subject_requests_user_id").on(t.userId),
    index("ix_data_subject_requests_status_due_at").on(t.status, t.dueAt),
    index("ix_data_subject_requests_received_at").on(t.receivedAt),
    check("ck_data_subject_requests_request_type", oneOf("request_type", dsrTypes)),
    check("ck_data_subject_requests_regime", oneOf("regime", dsrRegimes)),
    check("ck_data_subject_requests_status", oneOf("status", dsrStatuses)),
    check("ck_data_subject_requests_due_after_received", sql`due_at > received_at`),
    check("ck_data_subject_requests_extension_reason", sql`extended_at IS NULL OR extension_reason IS NOT NULL`),
    check("ck_data_subject_requests_extended_reason", sql`status <> 'extended' OR extended_at IS NOT NULL`),
    check("ck_data_subject_requests_denial_reason", sql`status <> 'denied' OR denial_reason IS NOT NULL`),
    check("ck_data_subject_requests_closed_at", sql`(status IN ('completed', 'denied')) = (completed_at IS NOT NULL)`),
  ],
);

export type ComplianceLogInsert = typeof complianceLogs.$inferInsert;
