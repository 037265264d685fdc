import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { createdAt, id, oneOf } from "./columns";
import {
  appealChannels,
  appealStatuses,
  automatedDecisions,
  decisionGrounds,
  moderationActionKinds,
  moderationSubjectKinds,
  reportCategories,
  reportResolutions,
  reportSources,
  reportStatuses,
  restrictiveActionKinds,
} from "./enums";
import { users } from "./accounts";
import { messages } from "./social";
import { staffAccounts } from "./staff";

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");

/**
 * Trust & safety decisions (DSA Art. 17): one row per staff or automated decision on a subject.
 * Append-only (migration 0009's triggers refuse UPDATE, DELETE and TRUNCATE): a decision is undone by
 * a later `reverse` row naming it, never by editing it, so the history and the account's restriction
 * at any past moment stay derivable (server/moderation/enforcement.ts, SQL restricted_users(at)).
 *
 * subject_message_id has no foreign key: erasure deletes messages, and a foreign key's SET NULL would
 * be an UPDATE the append-only trigger refuses. The user references are RESTRICT, like the audit trail.
 */
export const moderationActions = pgTable(
  "moderation_actions",
  {
    id: id(),
    subjectUserId: uuid("subject_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    subjectKind: varchar("subject_kind", { length: 20 }).notNull().default("user"),
    subjectMessageId: uuid("subject_message_id"),
    subjectPhotoIndex: smallint("subject_photo_index"),
    kind: varchar("kind", { length: 30 }).notNull(),
    /** The staff member who decided; null only for a fully automated decision. */
    staffId: uuid("staff_id").references(() => staffAccounts.id, { onDelete: "restrict" }),
    reversesActionId: uuid("reverses_action_id").references((): AnyPgColumn => moderationActions.id, {
      onDelete: "restrict",
    }),
    /** The category the decision is filed under (one of ours; its DSA category is dsaCategoryOf[category]). */
    category: varchar("category", { length: 40 }),
    ground: varchar("ground", { length: 30 }),
    /** For illegal content: the law relied on (e.g. "§ 263 StGB (fraud)"). */
    legalProvision: text("legal_provision"),
    /** For content incompatible with our terms: the clause relied on (e.g. "Terms 4.2 — no fake profiles"). */
    termsClause: text("terms_clause"),
    /** Why the content is illegal or incompatible on that ground. */
    groundExplanation: text("ground_explanation"),
    /** Facts and circumstances relied on (DSA Art. 17(3)(b)). */
    facts: text("facts"),
    /** Internal note (comments, escalation reasons); never part of a statement of reasons. */
    note: text("note"),
    automatedDetection: boolean("automated_detection").notNull().default(false),
    automatedDecision: varchar("automated_decision", { length: 20 }).notNull().default("not_automated"),
    /** ISO codes (EU + EEA) the decision applies in; null = everywhere we operate. */
    territorialScope: varchar("territorial_scope", { length: 2 }).array(),
    /** When the decision takes effect (the DSA's application_date) and, for a time-limited one, ends. */
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull().defaultNow(),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    /** The reports this decision concerned (resolved or escalated by it): the immutable record of what it answered. */
    reportIds: uuid("report_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
  },
  (t) => [
    // A user's whole history, newest first, and the enforcement query's restrictive decisions per user.
    index("ix_moderation_actions_subject_user_id_created_at").on(t.subjectUserId, t.createdAt),
    index("ix_moderation_actions_restrictive_subject_user_id")
      .on(t.subjectUserId, t.startsAt)
      .where(sql.raw(`kind IN (${quoted(restrictiveActionKinds)})`)),
    // A decision is reversed at most once; also the lookup "is this action reversed?".
    uniqueIndex("ix_moderation_actions_reverses_action_id")
      .on(t.reversesActionId)
      .where(sql`reverses_action_id IS NOT NULL`),
    index("ix_moderation_actions_staff_id").on(t.staffId),
    index("ix_moderation_actions_created_at").on(t.createdAt),
    check("ck_moderation_actions_kind", oneOf("kind", moderationActionKinds)),
    check("ck_moderation_actions_subject_kind", oneOf("subject_kind", moderationSubjectKinds)),
    check("ck_moderation_actions_category", sql.raw(`category IS NULL OR category IN (${quoted(reportCategories)})`)),
    check("ck_moderation_actions_ground", sql.raw(`ground IS NULL OR ground IN (${quoted(decisionGrounds)})`)),
    check("ck_moderation_actions_automated_decision", oneOf("automated_decision", automatedDecisions)),
    check("ck_moderation_actions_reverse_target", sql`(kind = 'reverse') = (reverses_action_id IS NOT NULL)`),
    check("ck_moderation_actions_reverse_not_self", sql`reverses_action_id IS NULL OR reverses_action_id <> id`),
    check(
      "ck_moderation_actions_restrictive_reasons",
      sql.raw(
        `kind NOT IN (${quoted(restrictiveActionKinds)}) OR (ground IS NOT NULL AND category IS NOT NULL AND facts IS NOT NULL AND btrim(facts) <> '')`,
      ),
    ),
    check(
      "ck_moderation_actions_ground_reference",
      sql`(ground IS DISTINCT FROM 'illegal_content' OR legal_provision IS NOT NULL) AND (ground IS DISTINCT FROM 'incompatible_content' OR terms_clause IS NOT NULL)`,
    ),
    check("ck_moderation_actions_reverse_reason", sql`kind <> 'reverse' OR (facts IS NOT NULL AND btrim(facts) <> '')`),
    check("ck_moderation_actions_comment_note", sql`kind <> 'comment' OR (note IS NOT NULL AND btrim(note) <> '')`),
    check("ck_moderation_actions_suspend_ends", sql`kind <> 'suspend' OR ends_at IS NOT NULL`),
    check("ck_moderation_actions_terminate_open_ended", sql`kind <> 'terminate' OR ends_at IS NULL`),
    check("ck_moderation_actions_period_order", sql`ends_at IS NULL OR ends_at > starts_at`),
    check("ck_moderation_actions_staff_or_automated", sql`staff_id IS NOT NULL OR automated_decision = 'fully'`),
    check(
      "ck_moderation_actions_subject_record",
      sql`(subject_message_id IS NULL OR subject_kind = 'message') AND (subject_photo_index IS NULL OR (subject_kind = 'photo' AND subject_photo_index >= 0))`,
    ),
    check(
      "ck_moderation_actions_territorial_scope",
      sql`territorial_scope IS NULL OR (cardinality(territorial_scope) > 0 AND array_to_string(territorial_scope, ',') ~ '^[A-Z]{2}(,[A-Z]{2})*$')`,
    ),
  ],
);

/**
 * Notices about a subject (DSA Art. 16 from users, trusted flaggers, our detection, staff). Mutable
 * in status only: open → escalated → resolved, resolved by the moderation action that answered it.
 * subject_user_id is RESTRICT (a notice outlives the account it is about, as evidence); the reporter
 * and the message are SET NULL, so erasing a reporter or the messages keeps the notice, not the link.
 */
export const reports = pgTable(
  "reports",
  {
    id: id(),
    subjectKind: varchar("subject_kind", { length: 20 }).notNull(),
    subjectUserId: uuid("subject_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    subjectMessageId: uuid("subject_message_id").references(() => messages.id, { onDelete: "set null" }),
    subjectPhotoIndex: smallint("subject_photo_index"),
    reporterUserId: uuid("reporter_user_id").references(() => users.id, { onDelete: "set null" }),
    source: varchar("source", { length: 20 }).notNull(),
    category: varchar("category", { length: 40 }).notNull(),
    reporterText: text("reporter_text"),
    createdAt: createdAt(),
    status: varchar("status", { length: 20 }).notNull().default("open"),
    resolution: varchar("resolution", { length: 30 }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedByActionId: uuid("resolved_by_action_id").references(() => moderationActions.id, {
      onDelete: "restrict",
    }),
  },
  (t) => [
    // The queue: open and escalated reports grouped per subject user, oldest first.
    index("ix_reports_unresolved_subject_user_id_created_at")
      .on(t.subjectUserId, t.createdAt)
      .where(sql`status IN ('open', 'escalated')`),
    index("ix_reports_unresolved_status_created_at")
      .on(t.status, t.createdAt)
      .where(sql`status IN ('open', 'escalated')`),
    // A user's whole history (every report about them) and the transparency report's period scans.
    index("ix_reports_subject_user_id_created_at").on(t.subjectUserId, t.createdAt),
    index("ix_reports_created_at").on(t.createdAt),
    index("ix_reports_resolved_by_action_id").on(t.resolvedByActionId),
    index("ix_reports_reporter_user_id").on(t.reporterUserId),
    index("ix_reports_subject_message_id").on(t.subjectMessageId),
    // The queue's per-source views and the resolved history by source.
    index("ix_reports_source_resolved_at").on(t.source, t.resolvedAt),
    check("ck_reports_subject_kind", oneOf("subject_kind", moderationSubjectKinds)),
    check("ck_reports_source", oneOf("source", reportSources)),
    check("ck_reports_category", oneOf("category", reportCategories)),
    check("ck_reports_status", oneOf("status", reportStatuses)),
    check("ck_reports_resolution", sql.raw(`resolution IS NULL OR resolution IN (${quoted(reportResolutions)})`)),
    check(
      "ck_reports_resolved_fields",
      sql`(status = 'resolved') = (resolved_at IS NOT NULL AND resolution IS NOT NULL)`,
    ),
    check("ck_reports_resolved_after_created", sql`resolved_at IS NULL OR resolved_at >= created_at`),
    check(
      "ck_reports_subject_record",
      sql`(subject_message_id IS NULL OR subject_kind = 'message') AND (subject_photo_index IS NULL OR (subject_kind = 'photo' AND subject_photo_index >= 0))`,
    ),
    // Only a user's notice names a platform user as reporter (trusted flaggers are organisations).
    check("ck_reports_reporter_source", sql`reporter_user_id IS NULL OR source = 'user_notice'`),
    check("ck_reports_reporter_text_length", sql`reporter_text IS NULL OR char_length(reporter_text) <= 5000`),
  ],
);

/**
 * The moderation queue's items, one row per subject user with open or escalated reports: a cache of
 * the unresolved reports grouped per subject, kept by statement triggers on reports (migration
 * 0014) so the queue page reads one narrow row per item instead of grouping every open report.
 * Written only by the owner's SECURITY DEFINER refresh; the clock-dependent priority is computed by
 * the queue's query from these columns (server/moderation/queue.ts).
 */
export const moderationQueueSubjects = pgTable("moderation_queue_subjects", {
  subjectUserId: uuid("subject_user_id").primaryKey(),
  reportCount: integer("report_count").notNull(),
  /** At least one of the reports is escalated (the Escalated tab; otherwise Unreviewed). */
  escalated: boolean("escalated").notNull(),
  /** Bit i set: a report of reportCategories[i] / reportSources[i] (moderation_report_categories()). */
  categoryBits: integer("category_bits").notNull(),
  sourceBits: integer("source_bits").notNull(),
  oldestAt: timestamp("oldest_at", { withTimezone: true }).notNull(),
  /** Element i + 1: the oldest unresolved report of reportCategories[i], NULL when there is none. */
  oldestByCategory: timestamp("oldest_by_category", { withTimezone: true }).array().notNull(),
});

/**
 * Appeals against a decision (DSA Art. 20 internal complaint handling), one per decision. Decided by
 * a staff member other than the one who took the decision, and a reversal names the `reverse`
 * action that lifted it (both checked by a trigger, migration 0010). due_at is our target date.
 */
export const appeals = pgTable(
  "appeals",
  {
    id: id(),
    actionId: uuid("action_id")
      .notNull()
      .references(() => moderationActions.id, { onDelete: "restrict" }),
    channel: varchar("channel", { length: 20 }).notNull(),
    /** Who recorded it; null when the platform's API filed it. */
    recordedByStaffId: uuid("recorded_by_staff_id").references(() => staffAccounts.id, { onDelete: "restrict" }),
    /** The user's grounds for the complaint, as received. */
    appellantText: text("appellant_text"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    status: varchar("status", { length: 20 }).notNull().default("open"),
    decidedByStaffId: uuid("decided_by_staff_id").references(() => staffAccounts.id, { onDelete: "restrict" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
    reversalActionId: uuid("reversal_action_id").references(() => moderationActions.id, { onDelete: "restrict" }),
  },
  (t) => [
    uniqueIndex("ix_appeals_action_id").on(t.actionId),
    // The Appeals tab: open appeals by deadline.
    index("ix_appeals_open_due_at")
      .on(t.dueAt)
      .where(sql`status = 'open'`),
    index("ix_appeals_received_at").on(t.receivedAt),
    index("ix_appeals_decided_by_staff_id").on(t.decidedByStaffId),
    uniqueIndex("ix_appeals_reversal_action_id")
      .on(t.reversalActionId)
      .where(sql`reversal_action_id IS NOT NULL`),
    check("ck_appeals_channel", oneOf("channel", appealChannels)),
    check("ck_appeals_status", oneOf("status", appealStatuses)),
    check("ck_appeals_due_after_received", sql`due_at > received_at`),
    check(
      "ck_appeals_decided_fields",
      sql`(status = 'open') = (decided_at IS NULL) AND (status = 'open') = (decided_by_staff_id IS NULL)`,
    ),
    check("ck_appeals_decided_after_received", sql`decided_at IS NULL OR decided_at >= received_at`),
    check("ck_appeals_reversal", sql`(status = 'reversed') = (reversal_action_id IS NOT NULL)`),
    check("ck_appeals_staff_channel", sql`channel = 'api' OR recorded_by_staff_id IS NOT NULL`),
    check("ck_appeals_appellant_text_length", sql`appellant_text IS NULL OR char_length(appellant_text) <= 5000`),
  ],
);

export type ModerationAction = typeof moderationActions.$inferSelect;
export type Appeal = typeof appeals.$inferSelect;
export type Report = typeof reports.$inferSelect;

/**
 * Who is working a queue item (one per subject user), so two moderators never work the same one.
 * A claim lapses 15 minutes after its holder was last active on it (server/moderation/claims.ts
 * takes a lapsed claim over in one statement, so of two moderators claiming at once exactly one wins).
 */
export const moderationClaims = pgTable(
  "moderation_claims",
  {
    subjectUserId: uuid("subject_user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staffAccounts.id, { onDelete: "cascade" }),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
    lastActiveAt: timestamp("last_active_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("ix_moderation_claims_staff_id").on(t.staffId),
    check("ck_moderation_claims_active_after_claimed", sql`last_active_at >= claimed_at`),
  ],
);

/**
 * Statements of reasons (DSA Art. 17, 24(5)), one per restrictive decision or reversal, stored as the
 * body we would submit to the EU DSA Transparency Database, after our own validation against its
 * rules (server/moderation/statements/). Append-only like the decisions they explain; the body holds
 * no personal data: `puid` identifies the decision, not the person.
 */
export const statementsOfReasons = pgTable(
  "statements_of_reasons",
  {
    id: id(),
    actionId: uuid("action_id")
      .notNull()
      .references(() => moderationActions.id, { onDelete: "restrict" }),
    puid: varchar("puid", { length: 500 }).notNull(),
    body: jsonb("body").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ix_statements_of_reasons_action_id").on(t.actionId),
    uniqueIndex("ix_statements_of_reasons_puid").on(t.puid),
    // The export's keyset scan by period.
    index("ix_statements_of_reasons_created_at_id").on(t.createdAt, t.id),
    check("ck_statements_of_reasons_puid", sql`puid ~ '^[A-Za-z0-9_-]+$'`),
    check("ck_statements_of_reasons_body_object", sql`jsonb_typeof(body) = 'object'`),
  ],
);

export type ModerationClaim = typeof moderationClaims.$inferSelect;
export type StatementOfReasons = typeof statementsOfReasons.$inferSelect;
