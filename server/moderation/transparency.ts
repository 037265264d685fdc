import "server-only";
import { z } from "zod";
import { sql, type Database } from "@/db/client";
import {
  decisionGrounds,
  reportCategories,
  reportSources,
  type DecisionGround,
  type ModerationActionKind,
  type ReportCategory,
  type ReportSource,
} from "@/db/schema/enums";
import { isDsaDate } from "./statements/validateStatement";

/**
 * The transparency report's figures (DSA Arts. 15 and 24(1)) for a period of whole UTC days, both
 * ends included: notices by category and source, decisions by type and ground, how much was
 * detected and decided by automated means, the median time from notice to decision, and appeals
 * (Art. 20 complaints) received, decided and reversed with their median handling time.
 * Aggregates only: no subject, no staff member, nothing an analyst may not see.
 *
 * What each figure counts:
 * - notices: reports received in the period;
 * - decisions: actions taken in the period that decide something — no action after review
 *   (acknowledge), warn, restrict visibility, suspend, terminate, and reversals; comments and
 *   escalations are steps, not decisions;
 * - automated shares: of those decisions except reversals (a reversal reviews a decision, it detects nothing);
 * - notice → decision: every notice answered by a decision taken in the period, from the notice's
 *   arrival to the decision (so a notice from before the period decided in it counts);
 * - appeals: received in the period; decided (upheld or reversed) in the period; the median time
 *   from receipt to decision of those decided in it.
 */

/** The decision types of the report, in the order it shows them. */
export const reportedDecisionKinds = [
  "acknowledge",
  "warn",
  "restrict_visibility",
  "suspend",
  "terminate",
  "reverse",
] as const satisfies readonly ModerationActionKind[];
export type ReportedDecisionKind = (typeof reportedDecisionKinds)[number];

const day = (name: string) =>
  z.string().refine(isDsaDate, { message: `${name} must be a date as YYYY-MM-DD (e.g. 2026-01-31)` });

const today = () => new Date().toISOString().slice(0, 10);
const daysBefore = (isoDay: string, days: number) =>
  new Date(Date.parse(`${isoDay}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** Without dates: the last 90 days up to and including today (UTC). */
export const defaultPeriodDays = 90;

export const transparencyQuery = z
  .object({
    since: day("since").optional(),
    until: day("until").optional(),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .transform((q) => {
    const until = q.until ?? today();
    return { since: q.since ?? daysBefore(until, defaultPeriodDays - 1), until, format: q.format };
  })
  .refine((q) => q.until >= q.since, { message: "until must not be before since", path: ["until"] });
export type TransparencyQuery = z.output<typeof transparencyQuery>;

export interface TransparencyReport {
  period: { since: string; until: string };
  notices: {
    total: number;
    /** Every category, each with its count per source (zeros included, so tables and charts line up). */
    byCategory: { category: ReportCategory; total: number; bySource: Record<ReportSource, number> }[];
    bySource: Record<ReportSource, number>;
  };
  decisions: {
    total: number;
    /** Every type, each with its count per ground; `none` is a decision without a ground (no action, warnings, reversals). */
    byKind: { kind: ReportedDecisionKind; total: number; byGround: Record<DecisionGround | "none", number> }[];
    /** Decisions other than reversals, the base of the shares below. */
    automationBase: number;
    automatedDetectionShare: number | null;
    fullyAutomatedShare: number | null;
    partiallyAutomatedShare: number | null;
  };
  noticeToDecision: { noticesDecided: number; medianHours: number | null };
  appeals: { received: number; decided: number; upheld: number; reversed: number; medianHours: number | null };
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const share = (part: number, base: number) => (base ? part / base : null);
const kindList = sql.raw(reportedDecisionKinds.map((k) => `'${k}'`).join(", "));

export async function transparencyReport(
  database: Database,
  period: { since: string; until: string },
): Promise<TransparencyReport> {
  const from = `${period.since}T00:00:00Z`;
  const to = new Date(Date.parse(`${period.until}T00:00:00Z`) + 86_400_000).toISOString();
  const inPeriod = (column: string) =>
    sql`${sql.raw(column)} >= ${from}::timestamptz AND ${sql.raw(column)} < ${to}::timestamptz`;

  const [notices, decisions, automation, timing, appeals] = await Promise.all([
    database.rows<{ category: ReportCategory; source: ReportSource; n: number }>(sql`
      SELECT category, source, count(*)::int AS n FROM reports WHERE ${inPeriod("created_at")} GROUP BY category, source`),
    database.rows<{ kind: ReportedDecisionKind; ground: DecisionGround | null; n: number }>(sql`
      SELECT kind, ground, count(*)::int AS n FROM moderation_actions
      WHERE ${inPeriod("created_at")} AND kind IN (${kindList}) GROUP BY kind, ground`),
    database.rows<{ base: number; detected: number; fully: number; partially: number }>(sql`
      SELECT count(*)::int AS base, count(*) FILTER (WHERE automated_detection)::int AS detected,
        count(*) FILTER (WHERE automated_decision = 'fully')::int AS fully,
        count(*) FILTER (WHERE automated_decision = 'partially')::int AS partially
      FROM moderation_actions WHERE ${inPeriod("created_at")} AND kind IN (${kindList}) AND kind <> 'reverse'`),
    database.rows<{ n: number; median: number | null }>(sql`
      SELECT count(*)::int AS n,
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.created_at - r.created_at)) / 3600)::float8 AS median
      FROM reports r JOIN moderation_actions a ON a.id = r.resolved_by_action_id
      WHERE ${inPeriod("a.created_at")} AND a.kind IN (${kindList})`),
    database.rows<{ received: number; decided: number; upheld: number; reversed: number; median: number | null }>(sql`
      SELECT count(*) FILTER (WHERE ${inPeriod("received_at")})::int AS received,
        count(*) FILTER (WHERE ${inPeriod("decided_at")})::int AS decided,
        count(*) FILTER (WHERE ${inPeriod("decided_at")} AND status = 'upheld')::int AS upheld,
        count(*) FILTER (WHERE ${inPeriod("decided_at")} AND status = 'reversed')::int AS reversed,
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - received_at))
          FILTER (WHERE ${inPeriod("decided_at")}) / 3600)::float8 AS median
      FROM appeals WHERE ${inPeriod("received_at")} OR ${inPeriod("decided_at")}`),
  ]);

  const byCategory = reportCategories.map((category) => {
    const bySource = zeros(reportSources);
    for (const row of notices) if (row.category === category) bySource[row.source] += row.n;
    return { category, total: Object.values(bySource).reduce((a, b) => a + b, 0), bySource };
  });
  const bySource = zeros(reportSources);
  for (const row of notices) bySource[row.source] += row.n;
  const byKind = reportedDecisionKinds.map((kind) => {
    const byGround = zeros([...decisionGrounds, "none"] as const);
    for (const row of decisions) if (row.kind === kind) byGround[row.ground ?? "none"] += row.n;
    return { kind, total: Object.values(byGround).reduce((a, b) => a + b, 0), byGround };
  });
  const [auto] = automation;
  const [times] = timing;
  const [appealRow] = appeals;
  const number = (value: number | string | null) => (value === null ? null : Number(value));
  return {
    period,
    notices: { total: notices.reduce((sum, r) => sum + r.n, 0), byCategory, bySource },
    decisions: {
      total: decisions.reduce((sum, r) => sum + r.n, 0),
      byKind,
      automationBase: auto.base,
      automatedDetectionShare: share(auto.detected, auto.base),
      fullyAutomatedShare: share(auto.fully, auto.base),
      partiallyAutomatedShare: share(auto.partially, auto.base),
    },
    noticeToDecision: { noticesDecided: times.n, medianHours: number(times.median) },
    appeals: {
      received: appealRow.received,
      decided: appealRow.decided,
      upheld: appealRow.upheld,
      reversed: appealRow.reversed,
      medianHours: number(appealRow.median),
    },
  };
}

const csvCell = (value: string | number | null) => (value === null ? "" : String(value));

/** The report as one CSV table: measure, group, subgroup, value (one figure a row; vocabulary values, no names). */
export function transparencyCsv(report: TransparencyReport): string {
  const rows: (string | number | null)[][] = [["measure", "group", "subgroup", "value"]];
  rows.push(["period", "since", "", report.period.since], ["period", "until", "", report.period.until]);
  rows.push(["notices", "total", "", report.notices.total]);
  for (const c of report.notices.byCategory)
    for (const source of reportSources) rows.push(["notices", c.category, source, c.bySource[source]]);
  rows.push(["decisions", "total", "", report.decisions.total]);
  for (const k of report.decisions.byKind)
    for (const [ground, n] of Object.entries(k.byGround)) rows.push(["decisions", k.kind, ground, n]);
  rows.push(
    ["automation", "decisions_other_than_reversals", "", report.decisions.automationBase],
    ["automation", "automated_detection_share", "", report.decisions.automatedDetectionShare],
    ["automation", "fully_automated_decision_share", "", report.decisions.fullyAutomatedShare],
    ["automation", "partially_automated_decision_share", "", report.decisions.partiallyAutomatedShare],
    ["notice_to_decision", "notices_decided", "", report.noticeToDecision.noticesDecided],
    ["notice_to_decision", "median_hours", "", report.noticeToDecision.medianHours],
    ["appeals", "received", "", report.appeals.received],
    ["appeals", "decided", "", report.appeals.decided],
    ["appeals", "upheld", "", report.appeals.upheld],
    ["appeals", "reversed", "", report.appeals.reversed],
    ["appeals", "median_hours", "", report.appeals.medianHours],
  );
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
