import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import type {
  AppealChannel,
  AppealStatus,
  AutomatedDecision,
  DecisionGround,
  ModerationActionKind,
  ModerationSubjectKind,
  ReportCategory,
  ReportResolution,
  ReportSource,
  ReportStatus,
  StaffRole,
} from "@/db/schema/enums";
import { mayReadMessageContent } from "@/lib/messageAccess";
import { can } from "../auth/permissions";
import { personNameFor } from "../resources/masking";
import { blurredPhotoCategories, categoryRules } from "./queueRules";
import { initialsOf, isoText, subjectSummaries, type SubjectSummary } from "./subjects";

/**
 * The take-action panel's data: the subject and their whole history, in a handful of indexed
 * statements run in parallel (each one a primary-key or per-user index lookup: reports by
 * ix_reports_subject_user_id_created_at, decisions by ix_moderation_actions_subject_user_id_created_at,
 * their reversal and appeal by unique indexes, payments, matches, messages and AI interactions by
 * their user indexes). Histories are capped at `historyLimit` rows with exact totals beside them.
 * Never message content: a moderator who may read it opens the conversation, which is audited
 * (server/messages/conversation.ts).
 */
export const historyLimit = 200;

export interface PanelPerson {
  id: string;
  name: string | null;
  initials: string;
}

export interface PanelReport {
  id: string;
  subjectKind: ModerationSubjectKind;
  category: ReportCategory;
  source: ReportSource;
  status: ReportStatus;
  resolution: ReportResolution | null;
  reporterText: string | null;
  reporter: PanelPerson | null;
  createdAt: string;
  resolvedAt: string | null;
  resolvedByActionId: string | null;
  messageId: string | null;
  /** The match whose conversation holds the reported message (to open it in context). */
  matchId: string | null;
  photoIndex: number | null;
  dueAt: string;
  overdue: boolean;
}

export interface PanelAppeal {
  id: string;
  channel: AppealChannel;
  status: AppealStatus;
  appellantText: string | null;
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
  recordedByName: string | null;
  decidedByStaffId: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  reversalActionId: string | null;
}

export interface PanelDecision {
  id: string;
  kind: ModerationActionKind;
  subjectKind: ModerationSubjectKind;
  category: ReportCategory | null;
  ground: DecisionGround | null;
  legalProvision: string | null;
  termsClause: string | null;
  groundExplanation: string | null;
  facts: string | null;
  note: string | null;
  automatedDetection: boolean;
  automatedDecision: AutomatedDecision;
  territorialScope: string[] | null;
  startsAt: string;
  endsAt: string | null;
  createdAt: string;
  staff: { id: string; name: string } | null;
  reportCount: number;
  reversesActionId: string | null;
  reversedBy: { id: string; at: string; staffName: string | null } | null;
  appeal: PanelAppeal | null;
}

export interface PanelAccount {
  subscriptionTier: string;
  lastLoginAt: string | null;
  accountAgeDays: number;
  profile: {
    name: string;
    age: number;
    gender: string;
    bio: string | null;
    photos: string[];
    lookingForGender: string | null;
    completenessScore: number;
  } | null;
  subscription: { tier: string; status: string; currentPeriodEnd: string | null } | null;
  payments: { id: string; amount: string; type: string; status: string; createdAt: string }[];
  paymentCount: number;
  succeededTotal: string;
  refundedCount: number;
  matchCount: number;
  mutualMatchCount: number;
  messagesSent: number;
  messagesReceived: number;
  aiInteractionCount: number;
  aiInteractions: { id: string; aiType: string; disclosureShown: boolean; userConsented: boolean; createdAt: string }[];
}

export interface PanelData extends SubjectSummary {
  account: PanelAccount;
  reports: PanelReport[];
  reportTotal: number;
  openReportCount: number;
  decisions: PanelDecision[];
  decisionTotal: number;
  /** Sexual-content or violence reports: photos are blurred until the moderator chooses to see them. */
  blurPhotos: boolean;
  /** What the viewer's role may do here (the server refuses regardless). */
  may: {
    act: boolean;
    claim: boolean;
    fileReports: boolean;
    readMessages: boolean;
    recordAppeals: boolean;
    decideAppeals: boolean;
  };
  /** The database's clock when this was read. */
  now: string;
}

const num = (value: unknown) => Number(value ?? 0);

interface AccountRow extends Record<string, unknown> {
  subscription_tier: string;
  last_login_at: string | null;
  account_age_days: number;
  now: string;
  p_name: string | null;
  p_age: number | null;
  p_gender: string | null;
  p_bio: string | null;
  p_photos: string[] | string | null;
  p_looking_for_gender: string | null;
  p_completeness: number | null;
  s_tier: string | null;
  s_status: string | null;
  s_period_end: string | null;
  payment_count: number;
  succeeded_total: string | null;
  refunded_count: number;
  match_count: number;
  mutual_match_count: number;
  messages_sent: number;
  messages_received: number;
  ai_count: number;
  report_total: number;
  open_report_count: number;
  decision_total: number;
}

/** One row of counts and the account's own fields: every subquery is one per-user index lookup. */
function accountRow(database: Database, userId: string) {
  return database.rows<AccountRow>(sql`
    SELECT u.subscription_tier, ${isoText(sql`u.last_login_at`)} AS last_login_at,
      floor(extract(epoch FROM now() - u.created_at) / 86400)::int AS account_age_days,
      ${isoText(sql`now()`)} AS now,
      p.name AS p_name, p.age AS p_age, p.gender AS p_gender, p.bio AS p_bio, p.photos AS p_photos,
      p.looking_for_gender AS p_looking_for_gender, p.completeness_score AS p_completeness,
      s.tier AS s_tier, s.status AS s_status, ${isoText(sql`s.current_period_end`)} AS s_period_end,
      (SELECT count(*)::int FROM payments WHERE user_id = u.id) AS payment_count,
      (SELECT coalesce(sum(amount), 0)::text FROM payments WHERE user_id = u.id AND status = 'succeeded') AS succeeded_total,
      (SELECT count(*)::int FROM payments WHERE user_id = u.id AND status = 'refunded') AS refunded_count,
      (SELECT count(*)::int FROM matches WHERE user_a_id = u.id) + (SELECT count(*)::int FROM matches WHERE user_b_id = u.id) AS match_count,
      (SELECT count(*)::int FROM matches WHERE user_a_id = u.id AND status = 'matched')
        + (SELECT count(*)::int FROM matches WHERE user_b_id = u.id AND status = 'matched') AS mutual_match_count,
      (SELECT count(*)::int FROM messages WHERE from_user_id = u.id) AS messages_sent,
      (SELECT count(*)::int FROM messages WHERE to_user_id = u.id) AS messages_received,
      (SELECT count(*)::int FROM ai_interactions WHERE user_id = u.id) AS ai_count,
      (SELECT count(*)::int FROM reports WHERE subject_user_id = u.id) AS report_total,
      (SELECT count(*)::int FROM reports WHERE subject_user_id = u.id AND status IN ('open', 'escalated')) AS open_report_count,
      (SELECT count(*)::int FROM moderation_actions WHERE subject_user_id = u.id) AS decision_total
    FROM users u
    LEFT JOIN profiles p ON p.user_id = u.id
    LEFT JOIN subscriptions s ON s.user_id = u.id
    WHERE u.id = ${userId}`);
}

interface ReportRow extends Record<string, unknown> {
  id: string;
  subject_kind: ModerationSubjectKind;
  category: ReportCategory;
  source: ReportSource;
  status: ReportStatus;
  resolution: ReportResolution | null;
  reporter_text: string | null;
  reporter_user_id: string | null;
  reporter_name: string | null;
  reporter_email: string | null;
  created_at: string;
  due_at: string;
  overdue: boolean;
  resolved_at: string | null;
  resolved_by_action_id: string | null;
  subject_message_id: string | null;
  subject_photo_index: number | null;
  match_id: string | null;
}

const targetHours = sql.raw(
  `CASE r.category ${Object.entries(categoryRules)
    .map(([category, rule]) => `WHEN '${category}' THEN ${rule.targetHours}`)
    .join(" ")} ELSE 72 END`,
);

/** Every report about the user, unresolved first, then newest first. */
function reportRows(database: Database, userId: string) {
  return database.rows<ReportRow>(sql`
    SELECT r.id, r.subject_kind, r.category, r.source, r.status, r.resolution, r.reporter_text,
      r.reporter_user_id, rp.name AS reporter_name, ru.email AS reporter_email,
      ${isoText(sql`r.created_at`)} AS created_at,
      ${isoText(sql`r.created_at + make_interval(hours => ${targetHours})`)} AS due_at,
      r.status <> 'resolved' AND r.created_at + make_interval(hours => ${targetHours}) <= now() AS overdue,
      ${isoText(sql`r.resolved_at`)} AS resolved_at, r.resolved_by_action_id, r.subject_message_id,
      r.subject_photo_index, m.id AS match_id
    FROM (
      SELECT * FROM reports WHERE subject_user_id = ${userId} ORDER BY created_at DESC LIMIT ${historyLimit}
    ) r
    LEFT JOIN users ru ON ru.id = r.reporter_user_id
    LEFT JOIN profiles rp ON rp.user_id = r.reporter_user_id
    LEFT JOIN messages msg ON msg.id = r.subject_message_id
    LEFT JOIN matches m ON least(m.user_a_id, m.user_b_id) = least(msg.from_user_id, msg.to_user_id)
      AND greatest(m.user_a_id, m.user_b_id) = greatest(msg.from_user_id, msg.to_user_id)
    ORDER BY (r.status = 'resolved'), r.created_at DESC, r.id`);
}

interface DecisionRow extends Record<string, unknown> {
  id: string;
  kind: ModerationActionKind;
  subject_kind: ModerationSubjectKind;
  category: ReportCategory | null;
  ground: DecisionGround | null;
  legal_provision: string | null;
  terms_clause: string | null;
  ground_explanation: string | null;
  facts: string | null;
  note: string | null;
  automated_detection: boolean;
  automated_decision: AutomatedDecision;
  territorial_scope: string[] | null;
  starts_at: string;
  ends_at: string | null;
  created_at: string;
  staff_id: string | null;
  staff_name: string | null;
  report_count: number;
  reverses_action_id: string | null;
  reversal_id: string | null;
  reversal_at: string | null;
  reversal_staff_name: string | null;
  appeal_id: string | null;
  appeal_channel: AppealChannel | null;
  appeal_status: AppealStatus | null;
  appellant_text: string | null;
  appeal_received_at: string | null;
  appeal_due_at: string | null;
  appeal_overdue: boolean | null;
  appeal_recorded_by: string | null;
  appeal_decided_by_staff_id: string | null;
  appeal_decided_by: string | null;
  appeal_decided_at: string | null;
  appeal_decision_note: string | null;
  appeal_reversal_action_id: string | null;
}

/** Every decision on the user, newest first, with its reversal and appeal (unique-index lookups). */
function decisionRows(database: Database, userId: string) {
  return database.rows<DecisionRow>(sql`
    SELECT a.id, a.kind, a.subject_kind, a.category, a.ground, a.legal_provision, a.terms_clause,
      a.ground_explanation, a.facts, a.note, a.automated_detection, a.automated_decision,
      a.territorial_scope::text[] AS territorial_scope,
      ${isoText(sql`a.starts_at`)} AS starts_at, ${isoText(sql`a.ends_at`)} AS ends_at,
      ${isoText(sql`a.created_at`)} AS created_at, a.staff_id, st.name AS staff_name,
      cardinality(a.report_ids) AS report_count, a.reverses_action_id,
      rv.id AS reversal_id, ${isoText(sql`rv.starts_at`)} AS reversal_at, rvs.name AS reversal_staff_name,
      ap.id AS appeal_id, ap.channel AS appeal_channel, ap.status AS appeal_status, ap.appellant_text,
      ${isoText(sql`ap.received_at`)} AS appeal_received_at, ${isoText(sql`ap.due_at`)} AS appeal_due_at,
      ap.status = 'open' AND ap.due_at <= now() AS appeal_overdue, apr.name AS appeal_recorded_by,
      ap.decided_by_staff_id AS appeal_decided_by_staff_id, apd.name AS appeal_decided_by,
      ${isoText(sql`ap.decided_at`)} AS appeal_decided_at, ap.decision_note AS appeal_decision_note,
      ap.reversal_action_id AS appeal_reversal_action_id
    FROM (
      SELECT * FROM moderation_actions WHERE subject_user_id = ${userId} ORDER BY created_at DESC LIMIT ${historyLimit}
    ) a
    LEFT JOIN staff_accounts st ON st.id = a.staff_id
    LEFT JOIN moderation_actions rv ON rv.reverses_action_id = a.id
    LEFT JOIN staff_accounts rvs ON rvs.id = rv.staff_id
    LEFT JOIN appeals ap ON ap.action_id = a.id
    LEFT JOIN staff_accounts apr ON apr.id = ap.recorded_by_staff_id
    LEFT JOIN staff_accounts apd ON apd.id = ap.decided_by_staff_id
    ORDER BY a.created_at DESC, a.id DESC`);
}

function recentPayments(database: Database, userId: string) {
  return database.rows<{ id: string; amount: string; type: string; status: string; created_at: string }>(sql`
    SELECT id, amount::text AS amount, type, status, ${isoText(sql`created_at`)} AS created_at
    FROM payments WHERE user_id = ${userId} ORDER BY created_at DESC, id DESC LIMIT 20`);
}

function recentAiInteractions(database: Database, userId: string) {
  return database.rows<{
    id: string;
    ai_type: string;
    disclosure_shown: boolean;
    user_consented: boolean;
    created_at: string;
  }>(sql`
    SELECT id, ai_type, disclosure_shown, user_consented, ${isoText(sql`created_at`)} AS created_at
    FROM ai_interactions WHERE user_id = ${userId} ORDER BY created_at DESC, id DESC LIMIT 20`);
}

const photosOf = (value: string[] | string | null): string[] => {
  if (!value) return [];
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === "string") : [];
};

/** The panel for one subject as `role` sees it; null when no account has this id. */
export async function panelData(database: Database, role: StaffRole, userId: string): Promise<PanelData | null> {
  const [summaries, [account], reports, decisions, payments, aiInteractions] = await Promise.all([
    subjectSummaries(database, role, [userId]),
    accountRow(database, userId),
    reportRows(database, userId),
    decisionRows(database, userId),
    recentPayments(database, userId),
    recentAiInteractions(database, userId),
  ]);
  const summary = summaries.get(userId);
  if (!summary || !account) return null;

  const panelReports = reports.map((r): PanelReport => ({
    id: r.id,
    subjectKind: r.subject_kind,
    category: r.category,
    source: r.source,
    status: r.status,
    resolution: r.resolution,
    reporterText: r.reporter_text,
    reporter: r.reporter_user_id
      ? {
          id: r.reporter_user_id,
          name: personNameFor(role, r.reporter_name),
          initials: initialsOf(personNameFor(role, r.reporter_name), r.reporter_email ?? "?"),
        }
      : null,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    resolvedByActionId: r.resolved_by_action_id,
    messageId: r.subject_message_id,
    matchId: r.match_id,
    photoIndex: r.subject_photo_index === null ? null : Number(r.subject_photo_index),
    dueAt: r.due_at,
    overdue: Boolean(r.overdue),
  }));
  const panelDecisions = decisions.map((d): PanelDecision => ({
    id: d.id,
    kind: d.kind,
    subjectKind: d.subject_kind,
    category: d.category,
    ground: d.ground,
    legalProvision: d.legal_provision,
    termsClause: d.terms_clause,
    groundExplanation: d.ground_explanation,
    facts: d.facts,
    note: d.note,
    automatedDetection: Boolean(d.automated_detection),
    automatedDecision: d.automated_decision,
    territorialScope: d.territorial_scope,
    startsAt: d.starts_at,
    endsAt: d.ends_at,
    createdAt: d.created_at,
    staff: d.staff_id ? { id: d.staff_id, name: d.staff_name ?? "A staff member" } : null,
    reportCount: num(d.report_count),
    reversesActionId: d.reverses_action_id,
    reversedBy:
      d.reversal_id && d.reversal_at
        ? { id: d.reversal_id, at: d.reversal_at, staffName: d.reversal_staff_name }
        : null,
    appeal:
      d.appeal_id && d.appeal_channel && d.appeal_status && d.appeal_received_at && d.appeal_due_at
        ? {
            id: d.appeal_id,
            channel: d.appeal_channel,
            status: d.appeal_status,
            appellantText: d.appellant_text,
            receivedAt: d.appeal_received_at,
            dueAt: d.appeal_due_at,
            overdue: Boolean(d.appeal_overdue),
            recordedByName: d.appeal_recorded_by,
            decidedByStaffId: d.appeal_decided_by_staff_id,
            decidedByName: d.appeal_decided_by,
            decidedAt: d.appeal_decided_at,
            decisionNote: d.appeal_decision_note,
            reversalActionId: d.appeal_reversal_action_id,
          }
        : null,
  }));

  return {
    ...summary,
    account: {
      subscriptionTier: account.subscription_tier,
      lastLoginAt: account.last_login_at,
      accountAgeDays: num(account.account_age_days),
      profile:
        account.p_name !== null
          ? {
              name: personNameFor(role, account.p_name) ?? "",
              age: num(account.p_age),
              gender: account.p_gender ?? "",
              bio: account.p_bio,
              photos: photosOf(account.p_photos),
              lookingForGender: account.p_looking_for_gender,
              completenessScore: num(account.p_completeness),
            }
          : null,
      subscription:
        account.s_tier && account.s_status
          ? { tier: account.s_tier, status: account.s_status, currentPeriodEnd: account.s_period_end }
          : null,
      payments: payments.map((p) => ({
        id: p.id,
        amount: p.amount,
        type: p.type,
        status: p.status,
        createdAt: p.created_at,
      })),
      paymentCount: num(account.payment_count),
      succeededTotal: account.succeeded_total ?? "0",
      refundedCount: num(account.refunded_count),
      matchCount: num(account.match_count),
      mutualMatchCount: num(account.mutual_match_count),
      messagesSent: num(account.messages_sent),
      messagesReceived: num(account.messages_received),
      aiInteractionCount: num(account.ai_count),
      aiInteractions: aiInteractions.map((a) => ({
        id: a.id,
        aiType: a.ai_type,
        disclosureShown: Boolean(a.disclosure_shown),
        userConsented: Boolean(a.user_consented),
        createdAt: a.created_at,
      })),
    },
    reports: panelReports,
    reportTotal: num(account.report_total),
    openReportCount: num(account.open_report_count),
    decisions: panelDecisions,
    decisionTotal: num(account.decision_total),
    blurPhotos: panelReports.some((r) => blurredPhotoCategories.includes(r.category)),
    may: {
      act: can(role, "create", "moderation_actions"),
      claim: can(role, "edit", "reports"),
      fileReports: can(role, "create", "reports"),
      readMessages: mayReadMessageContent(role) && can(role, "show", "messages"),
      recordAppeals: can(role, "create", "appeals"),
      decideAppeals: can(role, "edit", "appeals"),
    },
    now: account.now,
  };
}
