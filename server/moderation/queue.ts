import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { SqlRows } from "./sqlRows";
import {
  reportCategories,
  reportSources,
  type ModerationActionKind,
  type ReportCategory,
  type ReportSource,
  type StaffRole,
} from "@/db/schema/enums";
import { resolvingKinds } from "./takeActionInput";
import { categoryRules, claimLapseMinutes, queueAges, queueTabs, type QueueTab } from "./queueRules";
import { isoText, momentOf, subjectSummaries, type SubjectSummary } from "./subjects";

/**
 * The moderation queue: one item per subject user (ten reports on one scammer are one item).
 *
 * Query plans (EXPLAIN ANALYZE on PostgreSQL 15, 1,000,000 users, 200,000 reports of which 12,000
 * open or escalated, 100,000 decisions; see the notes by each statement). All buffer hits; the
 * machine was shared (load 14 on 2 cores, where a bare GROUP BY of the 12,000 rows took 26 ms), so
 * absolute times there are ~10× an idle server's and `npm run bench` is the judge of the 50 ms target.
 * No statement reads the resolved history:
 * - Unreviewed / Escalated read moderation_queue_subjects, the unresolved reports already grouped
 *   per subject by triggers on reports (migration 0014), so the cost follows the number of open
 *   items, not of reports (grouping ~80,000 open reports per request took ~100 ms on its own). The
 *   priority depends on the clock, so it cannot be indexed: the page is a top-N sort of the tab's
 *   items (bounded OFFSET, at most maxPage pages) rather than a keyset.
 * - Appeals walks ix_appeals_open_due_at (status = 'open') in due order.
 * - Resolved walks ix_moderation_actions_created_at backwards (newest decisions first) and stops at
 *   the page; its count is capped at 1,000.
 * People, restrictions and claims are then looked up for the page's subjects only (subjects.ts).
 */

export const maxPage = 100;
export const assignees = ["me", "unclaimed", "available"] as const;

export const queueQuery = z.strictObject({
  tab: z.enum(queueTabs, "must be unreviewed, escalated, appeals or resolved").default("unreviewed"),
  category: z.enum(reportCategories, "is not a report category").optional(),
  source: z.enum(reportSources, "is not a report source").optional(),
  age: z.enum(queueAges, "must be overdue, day or week").optional(),
  /** me, unclaimed, available (unclaimed or mine), or a staff member's id. */
  assignee: z.union([z.enum(assignees), z.guid()], "must be me, unclaimed, available or a staff id").optional(),
  page: z.coerce.number("must be a number").int("must be a whole number").min(1).max(maxPage).default(1),
  pageSize: z.coerce.number("must be a number").int("must be a whole number").min(1).max(100).default(25),
});
export type QueueQuery = z.output<typeof queueQuery>;

export interface QueueItem extends SubjectSummary {
  /** Unique per row: the subject user (unreviewed, escalated), the appeal, or the decision (resolved). */
  key: string;
  subjectUserId: string;
  reportCount: number;
  categories: ReportCategory[];
  sources: ReportSource[];
  oldestReportAt: string | null;
  /** The most pressing report's target: its time plus its category's target hours. */
  dueAt: string | null;
  overdue: boolean;
  /** How far the most pressing report is through its target time (1 = at the target). */
  targetRatio: number;
  /** Underage or threats: before every other item. */
  urgent: boolean;
  /** severity × reports × (1 + targetRatio); see queueRules.ts. */
  priority: number;
  /** Appeals tab: the open appeal and the decision it is against. */
  appeal?: {
    id: string;
    channel: string;
    receivedAt: string;
    dueAt: string;
    overdue: boolean;
    decisionId: string;
    decisionKind: ModerationActionKind;
    decidedByStaffId: string | null;
    decidedByName: string | null;
  };
  /** Resolved tab: the decision that resolved the reports. */
  decision?: { id: string; kind: ModerationActionKind; at: string; staffId: string | null; staffName: string | null };
}

export interface QueuePage {
  tab: QueueTab;
  items: QueueItem[];
  total: number;
  /** The Resolved tab counts at most 1,000 decisions (a capped count; beyond it the screen says "1,000+"). */
  totalIsCapped: boolean;
  page: number;
  pageSize: number;
  /** The moment the page was computed for (ages on screen are measured from it). */
  now: string;
}

/** Who asks (for "me" and masking) and when (tests pass explicit instants). */
export interface QueueViewer {
  staffId: string;
  role: StaffRole;
  at?: Date;
  /** Leave these subjects out ("Submit & next" skips the item just decided). */
  excludeSubjects?: string[];
}

const lapse = sql`make_interval(mins => ${claimLapseMinutes}::int)`;

/** The claim condition on a subject column for an assignee filter (live claims only). */
function assigneeCondition(subject: SQL, viewer: QueueViewer, assignee: QueueQuery["assignee"], now: SQL): SQL {
  const liveClaim = (staff: SQL) => sql`EXISTS (SELECT 1 FROM moderation_claims c
    WHERE c.subject_user_id = ${subject} AND c.last_active_at > ${now} - ${lapse} AND ${staff})`;
  switch (assignee) {
    case undefined:
      return sql`true`;
    case "me":
      return liveClaim(sql`c.staff_id = ${viewer.staffId}::uuid`);
    case "unclaimed":
      return sql`NOT ${liveClaim(sql`true`)}`;
    case "available":
      return sql`NOT ${liveClaim(sql`c.staff_id <> ${viewer.staffId}::uuid`)}`;
    default:
      return liveClaim(sql`c.staff_id = ${assignee}::uuid`);
  }
}

const excluded = (subject: SQL, viewer: QueueViewer) =>
  viewer.excludeSubjects?.length
    ? sql`${subject} NOT IN (${sql.join(
        viewer.excludeSubjects.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql`true`;

interface UnresolvedRow extends Record<string, unknown> {
  subject_user_id: string;
  report_count: number;
  category_bits: number;
  source_bits: number;
  oldest_at: string;
  due_at: string;
  target_ratio: number | string;
  urgent: boolean;
  score: number | string;
}

/** Each category and source as one bit, so a group's set of them is one bit_or (no DISTINCT sort per group). */
const categoryBit = (category: ReportCategory) => 1 << reportCategories.indexOf(category);
const sourceBit = (source: ReportSource) => 1 << reportSources.indexOf(source);
const fromBits = <T extends string>(bits: number, values: readonly T[]) =>
  values.filter((_, i) => (bits & (1 << i)) !== 0);
const urgentBits = reportCategories
  .filter((c) => categoryRules[c].urgent)
  .reduce((bits, c) => bits | categoryBit(c), 0);

/** Each category's bit test, its oldest open report (element i + 1 of q.oldest_by_category) and target hours. */
const perCategory = reportCategories.map((category, i) => ({
  present: (q: string) => sql.raw(`${q}.category_bits & ${categoryBit(category)} <> 0`),
  oldest: (q: string) => sql.raw(`${q}.oldest_by_category[${i + 1}]`),
  hours: categoryRules[category].targetHours,
}));

/**
 * The due time of a row of moderation_queue_subjects (alias `q`): the earliest of its categories'
 * oldest report + target hours. A category's term is computed only when its bit is set (its oldest
 * is NULL otherwise, so the result is the same).
 */
const dueAt = (q: string) =>
  sql`least(${sql.join(
    perCategory.map(
      ({ present, oldest, hours }) =>
        sql`CASE WHEN ${present(q)} THEN ${oldest(q)} + interval '${sql.raw(String(hours))} hours' END`,
    ),
    sql`, `,
  )})`;

/**
 * The queue's items with their clock-dependent figures, from moderation_queue_subjects (one row
 * per subject with unresolved reports, kept by triggers on reports): the target ratio (the largest
 * age / target hours: for one category the oldest report is the furthest through) and the severity
 * (the most severe category present). Only the tab's rows are computed, and only what the order
 * needs: the due time and the texts are computed for the page's rows alone (unresolvedPage).
 */
function groupedUnresolved(now: SQL, escalated: boolean): SQL {
  // Skipping the terms of absent categories took a fifth off the query (16,000 items, EXPLAIN ANALYZE).
  const ratios = sql.join(
    perCategory.map(
      ({ present, oldest, hours }) =>
        sql`CASE WHEN ${present("q")} THEN date_part('epoch', ${now} - ${oldest("q")}) / ${sql.raw(String(hours * 3600))}.0 END`,
    ),
    sql`, `,
  );
  const bySeverity = [...reportCategories].sort((a, b) => categoryRules[b].severity - categoryRules[a].severity);
  const severity = sql.raw(
    `CASE ${bySeverity.map((c) => `WHEN q.category_bits & ${categoryBit(c)} <> 0 THEN ${categoryRules[c].severity}`).join(" ")} ELSE 0 END`,
  );
  return sql`
    SELECT q.subject_user_id, q.report_count, q.category_bits, q.source_bits, q.oldest_at, q.oldest_by_category,
      ${severity} AS severity, greatest(${ratios}, 0) AS target_ratio
    FROM moderation_queue_subjects q
    WHERE q.escalated = ${escalated}`;
}

/** The queue items of a page of rows: each row joined to its account's summary (one batched lookup); rows whose account is gone are left out. */
async function itemsOf<Row extends { subject_user_id: string }>(
  database: SqlRows,
  viewer: QueueViewer,
  rows: Row[],
  toItem: (row: Row, summary: SubjectSummary) => QueueItem,
): Promise<QueueItem[]> {
  const summaries = await subjectSummaries(
    database,
    viewer.role,
    rows.map((r) => r.subject_user_id),
    viewer.at,
  );
  return rows.flatMap((row) => {
    const summary = summaries.get(row.subject_user_id);
    return summary ? [toItem(row, summary)] : [];
  });
}

/**
 * Unreviewed (no escalated report) and Escalated (at least one): the tab's items filtered and
 * prioritised. Plan: Seq Scan of moderation_queue_subjects (one narrow row per item), top-N
 * heapsort of the page (the total is counted beside it); no other table is read before the page is cut, except the
 * claims for an assignee filter (one primary-key probe per item).
 */
async function unresolvedPage(database: SqlRows, viewer: QueueViewer, query: QueueQuery) {
  const now = momentOf(viewer.at);
  const conditions: SQL[] = [
    query.category ? sql`g.category_bits & ${categoryBit(query.category)}::int <> 0` : sql`true`,
    query.source ? sql`g.source_bits & ${sourceBit(query.source)}::int <> 0` : sql`true`,
    query.age === "overdue"
      ? sql`g.target_ratio >= 1`
      : query.age === "day"
        ? sql`g.oldest_at <= ${now} - interval '1 day'`
        : query.age === "week"
          ? sql`g.oldest_at <= ${now} - interval '7 days'`
          : sql`true`,
    assigneeCondition(sql`g.subject_user_id`, viewer, query.assignee, now),
    excluded(sql`g.subject_user_id`, viewer),
  ];
  const where = sql.join(conditions, sql` AND `);
  const urgent = sql`(g.category_bits & ${urgentBits}::int <> 0)`;
  // The page is cut first, then its rows are formatted: to_char and the due time for every item
  // before the sort cost more than the sort itself.
  // The total is a query of its own, run beside the page: a window count over the page query kept
  // every item's row (with its per-category times) in a tuplestore, half of that query's time; the
  // count computes only what its filters need.
  const [rows, [count]] = await Promise.all([
    database.rows<UnresolvedRow>(sql`
    WITH g AS (${groupedUnresolved(now, query.tab === "escalated")}),
    page AS (
      SELECT g.*, ${urgent} AS urgent, g.severity * g.report_count * (1 + g.target_ratio) AS score
      FROM g
      WHERE ${where}
      ORDER BY urgent DESC, score DESC, g.oldest_at, g.subject_user_id
      LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize})
    SELECT p.subject_user_id, p.report_count, p.category_bits, p.source_bits,
      ${isoText(sql`p.oldest_at`)} AS oldest_at, ${isoText(dueAt("p"))} AS due_at,
      p.target_ratio, p.urgent, p.score
    FROM page p
    ORDER BY p.urgent DESC, p.score DESC, p.oldest_at, p.subject_user_id`),
    database.rows<{ n: number }>(sql`
      WITH g AS (${groupedUnresolved(now, query.tab === "escalated")}) SELECT count(*)::int AS n FROM g WHERE ${where}`),
  ]);
  const items = await itemsOf(database, viewer, rows, (row, summary) => {
    const ratio = Number(row.target_ratio);
    return {
      ...summary,
      key: row.subject_user_id,
      subjectUserId: row.subject_user_id,
      reportCount: Number(row.report_count),
      categories: sortBySeverity(fromBits(Number(row.category_bits), reportCategories)),
      sources: fromBits(Number(row.source_bits), reportSources).sort(),
      oldestReportAt: row.oldest_at,
      dueAt: row.due_at,
      overdue: ratio >= 1,
      targetRatio: ratio,
      urgent: Boolean(row.urgent),
      priority: Number(row.score),
    };
  });
  return { items, total: Number(count?.n ?? 0), capped: false };
}

const sortBySeverity = (categories: ReportCategory[]) =>
  [...categories].sort((a, b) => categoryRules[b].severity - categoryRules[a].severity || a.localeCompare(b));

interface AppealRow extends Record<string, unknown> {
  appeal_id: string;
  channel: string;
  received_at: string;
  due_at: string;
  overdue: boolean;
  action_id: string;
  kind: ModerationActionKind;
  category: ReportCategory | null;
  staff_id: string | null;
  staff_name: string | null;
  subject_user_id: string;
  total: number | string;
}

/** Open appeals by deadline: Index Scan on ix_appeals_open_due_at, nested loop to the decision by key. */
async function appealsPage(database: SqlRows, viewer: QueueViewer, query: QueueQuery) {
  const now = momentOf(viewer.at);
  const conditions: SQL[] = [
    sql`ap.status = 'open'`,
    query.category ? sql`a.category = ${query.category}` : sql`true`,
    query.source
      ? sql`EXISTS (SELECT 1 FROM reports r WHERE r.resolved_by_action_id = a.id AND r.source = ${query.source})`
      : sql`true`,
    query.age === "overdue"
      ? sql`ap.due_at <= ${now}`
      : query.age === "day"
        ? sql`ap.received_at <= ${now} - interval '1 day'`
        : query.age === "week"
          ? sql`ap.received_at <= ${now} - interval '7 days'`
          : sql`true`,
    assigneeCondition(sql`a.subject_user_id`, viewer, query.assignee, now),
    excluded(sql`a.subject_user_id`, viewer),
  ];
  const rows = await database.rows<AppealRow>(sql`
    SELECT ap.id AS appeal_id, ap.channel, ${isoText(sql`ap.received_at`)} AS received_at,
      ${isoText(sql`ap.due_at`)} AS due_at, ap.due_at <= ${now} AS overdue,
      a.id AS action_id, a.kind, a.category, a.staff_id, s.name AS staff_name, a.subject_user_id,
      count(*) OVER () AS total
    FROM appeals ap
    JOIN moderation_actions a ON a.id = ap.action_id
    LEFT JOIN staff_accounts s ON s.id = a.staff_id
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY ap.due_at, ap.id
    LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`);
  const items = await itemsOf(database, viewer, rows, (row, summary) => {
    return {
      ...summary,
      key: row.appeal_id,
      subjectUserId: row.subject_user_id,
      reportCount: 0,
      categories: row.category ? [row.category] : [],
      sources: [],
      oldestReportAt: null,
      dueAt: row.due_at,
      overdue: Boolean(row.overdue),
      targetRatio: 0,
      urgent: false,
      priority: 0,
      appeal: {
        id: row.appeal_id,
        channel: row.channel,
        receivedAt: row.received_at,
        dueAt: row.due_at,
        overdue: Boolean(row.overdue),
        decisionId: row.action_id,
        decisionKind: row.kind,
        decidedByStaffId: row.staff_id,
        decidedByName: row.staff_name,
      },
    };
  });
  return { items, total: Number(rows[0]?.total ?? 0), capped: false };
}

interface ResolvedRow extends Record<string, unknown> {
  action_id: string;
  kind: ModerationActionKind;
  subject_user_id: string;
  at: string;
  staff_id: string | null;
  staff_name: string | null;
  report_count: number;
  categories: ReportCategory[] | null;
  sources: ReportSource[] | null;
  oldest_at: string | null;
}

/** The Resolved tab counts at most this many (a capped count walks at most this many decisions). */
const countCap = 1_000;

/**
 * Decisions that resolved reports, newest first: Index Scan Backward on ix_moderation_actions_created_at
 * with the kind filter, stopping at the page; the page's categories and sources come from
 * ix_reports_resolved_by_action_id. "Assignee" here is who decided. A source filter that few
 * decisions match walks back until it fills the page (a per-decision lookup each): rare sources are
 * slow here; an index on reports (source, resolved_at) would let it start from the reports instead.
 */
async function resolvedPage(database: SqlRows, viewer: QueueViewer, query: QueueQuery) {
  const now = momentOf(viewer.at);
  const kinds = sql.join(
    resolvingKinds.map((k) => sql`${k}`),
    sql`, `,
  );
  // OFFSET 0: a per-decision lookup on ix_reports_resolved_by_action_id while walking decisions newest
  // first; as a semi-join the planner scanned every report of the source instead.
  const byReports = (condition: SQL) =>
    sql`EXISTS (SELECT 1 FROM reports r WHERE r.resolved_by_action_id = a.id AND ${condition} OFFSET 0)`;
  const conditions: SQL[] = [
    sql`a.kind IN (${kinds})`,
    sql`cardinality(a.report_ids) > 0`,
    // The decision's own category (a restriction always has one; the form files every decision under one).
    query.category ? sql`a.category = ${query.category}` : sql`true`,
    query.source ? byReports(sql`r.source = ${query.source}`) : sql`true`,
    query.age === "day"
      ? sql`a.created_at <= ${now} - interval '1 day'`
      : query.age === "week"
        ? sql`a.created_at <= ${now} - interval '7 days'`
        : sql`true`,
    query.assignee === "me" || query.assignee === "available"
      ? sql`a.staff_id = ${viewer.staffId}::uuid`
      : query.assignee === "unclaimed"
        ? sql`a.staff_id IS NULL`
        : query.assignee
          ? sql`a.staff_id = ${query.assignee}::uuid`
          : sql`true`,
    excluded(sql`a.subject_user_id`, viewer),
  ];
  const where = sql.join(conditions, sql` AND `);
  const rows = await database.rows<ResolvedRow>(sql`
      SELECT a.id AS action_id, a.kind, a.subject_user_id, ${isoText(sql`a.created_at`)} AS at,
        a.staff_id, s.name AS staff_name, cardinality(a.report_ids) AS report_count,
        rs.categories, rs.sources, ${isoText(sql`rs.oldest_at`)} AS oldest_at
      FROM moderation_actions a
      LEFT JOIN staff_accounts s ON s.id = a.staff_id
      LEFT JOIN LATERAL (
        SELECT array_agg(DISTINCT r.category::text) AS categories, array_agg(DISTINCT r.source::text) AS sources,
          min(r.created_at) AS oldest_at
        FROM reports r WHERE r.resolved_by_action_id = a.id
      ) rs ON true
      WHERE ${where}
      ORDER BY a.created_at DESC, a.id DESC
      LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`);
  const [count] = await database.rows<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM moderation_actions a WHERE ${where} LIMIT ${countCap + 1}) capped`);
  const items = await itemsOf(database, viewer, rows, (row, summary) => {
    return {
      ...summary,
      key: row.action_id,
      subjectUserId: row.subject_user_id,
      reportCount: Number(row.report_count),
      categories: sortBySeverity(row.categories ?? []),
      sources: [...(row.sources ?? [])].sort(),
      oldestReportAt: row.oldest_at,
      dueAt: null,
      overdue: false,
      targetRatio: 0,
      urgent: false,
      priority: 0,
      decision: { id: row.action_id, kind: row.kind, at: row.at, staffId: row.staff_id, staffName: row.staff_name },
    };
  });
  const total = Number(count?.n ?? 0);
  return { items, total: Math.min(total, countCap), capped: total > countCap };
}

/** One page of a queue tab, for the screen, the route and "Submit & next". */
export async function queuePage(database: SqlRows, viewer: QueueViewer, query: QueueQuery): Promise<QueuePage> {
  const page =
    query.tab === "appeals"
      ? await appealsPage(database, viewer, query)
      : query.tab === "resolved"
        ? await resolvedPage(database, viewer, query)
        : await unresolvedPage(database, viewer, query);
  return {
    tab: query.tab,
    items: page.items,
    total: page.total,
    totalIsCapped: page.capped,
    page: query.page,
    pageSize: query.pageSize,
    now: (viewer.at ?? new Date()).toISOString(),
  };
}
