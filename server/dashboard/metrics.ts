import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";

/** Above this many rows (by the planner's statistics) a table's total is the estimate, not count(*). */
const EXACT_COUNT_LIMIT = 200_000;

/** A period of whole UTC days, both ends included (the dashboard's date range). */
export interface DashboardPeriod {
  from: string;
  to: string;
}

export interface DashboardMetrics {
  generatedAt: string;
  period: DashboardPeriod & { days: number };
  users: {
    total: number;
    totalIsEstimate: boolean;
    new7: number;
    new30: number;
    /** Sign-ups within the chosen period. */
    newInPeriod: number;
    byTier: { tier: string; count: number }[];
    verified: number;
    verificationRate: number;
  };
  matches: { total: number; matched: number; matchRate: number; totalIsEstimate: boolean; createdInPeriod: number };
  revenue: { day: string; gross: number; refunds: number; net: number }[];
  upcomingEvents: {
    id: string;
    title: string;
    startTime: string;
    capacity: number;
    registered: number;
    fillRate: number;
  }[];
}

const num = (value: unknown) => Number(value ?? 0);

/** pg_class.reltuples: free, refreshed by ANALYZE/autovacuum; -1 (never analyzed) reads as unknown. */
async function estimatedRows(database: Database, table: string): Promise<number> {
  const [row] = await database.rows<{ estimate: number }>(
    sql`SELECT reltuples::bigint AS estimate FROM pg_class WHERE oid = to_regclass(${table})`,
  );
  return num(row?.estimate);
}

/** count(*) where the table is small enough, else the planner's estimate (flagged). */
async function countOrEstimate(
  database: Database,
  table: string,
  exact: SQL,
): Promise<{ n: number; estimate: boolean }> {
  const estimate = await estimatedRows(database, table);
  if (estimate > EXACT_COUNT_LIMIT) return { n: estimate, estimate: true };
  const [row] = await database.rows<{ n: number }>(exact);
  return { n: num(row?.n), estimate: false };
}

/** The period's bounds as SQL: [from 00:00 UTC, the day after `to` 00:00 UTC). */
const periodBounds = (period: DashboardPeriod) => ({
  start: sql`(${period.from}::date)::timestamp AT TIME ZONE 'UTC'`,
  end: sql`((${period.to}::date) + 1)::timestamp AT TIME ZONE 'UTC'`,
});

async function userMetrics(database: Database, period: DashboardPeriod): Promise<DashboardMetrics["users"]> {
  const { start, end } = periodBounds(period);
  const [total, recent, tiers, inPeriod] = await Promise.all([
    countOrEstimate(database, "users", sql`SELECT count(*)::bigint AS n FROM users`),
    // created_at is indexed: two range counts.
    database.rows<{ new7: number; new30: number }>(
      sql`SELECT count(*) FILTER (WHERE created_at >= now() - interval '7 days')::int AS new7,
                 count(*)::int AS new30
          FROM users WHERE created_at >= now() - interval '30 days'`,
    ),
    // One pass for the tier split and the verification rate; on a huge table, a sample scaled up.
    database.rows<{ tier: string; n: number; verified: number }>(
      sql`SELECT subscription_tier AS tier, count(*)::bigint AS n, count(*) FILTER (WHERE verified)::bigint AS verified
          FROM users GROUP BY subscription_tier ORDER BY subscription_tier`,
    ),
    database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM users WHERE created_at >= ${start} AND created_at < ${end}`,
    ),
  ]);
  const counted = tiers.reduce((sum, t) => sum + num(t.n), 0);
  const verified = tiers.reduce((sum, t) => sum + num(t.verified), 0);
  return {
    total: total.estimate ? total.n : counted,
    totalIsEstimate: total.estimate,
    new7: num(recent[0]?.new7),
    new30: num(recent[0]?.new30),
    newInPeriod: num(inPeriod[0]?.n),
    byTier: tiers.map((t) => ({ tier: t.tier, count: num(t.n) })),
    verified,
    verificationRate: counted ? verified / counted : 0,
  };
}

async function matchMetrics(database: Database, period: DashboardPeriod): Promise<DashboardMetrics["matches"]> {
  const { start, end } = periodBounds(period);
  const estimate = await estimatedRows(database, "matches");
  // created_at is indexed: a range count.
  const [created] = await database.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM matches WHERE created_at >= ${start} AND created_at < ${end}`,
  );
  // On a huge matches table, a 1% block sample gives the rate without reading every row.
  const sample = estimate > EXACT_COUNT_LIMIT ? sql`TABLESAMPLE SYSTEM (1)` : sql``;
  const [row] = await database.rows<{ total: number; matched: number }>(
    sql`SELECT count(*)::bigint AS total, count(*) FILTER (WHERE status = 'matched')::bigint AS matched FROM matches ${sample}`,
  );
  const sampled = num(row?.total);
  const rate = sampled ? num(row?.matched) / sampled : 0;
  const total = estimate > EXACT_COUNT_LIMIT ? estimate : sampled;
  return {
    total,
    matched: Math.round(total * rate),
    matchRate: rate,
    totalIsEstimate: estimate > EXACT_COUNT_LIMIT,
    createdInPeriod: num(created?.n),
  };
}

async function revenueByDay(database: Database, period: DashboardPeriod): Promise<DashboardMetrics["revenue"]> {
  // A refunded payment was once succeeded: gross counts both, refunds the refunded ones, net the difference.
  const rows = await database.rows<{ day: string; gross: string; refunds: string }>(
    sql`SELECT to_char(d.day AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
               coalesce(sum(p.amount) FILTER (WHERE p.status IN ('succeeded', 'refunded')), 0) AS gross,
               coalesce(sum(p.amount) FILTER (WHERE p.status = 'refunded'), 0) AS refunds
        FROM generate_series((${period.from}::date)::timestamp AT TIME ZONE 'UTC', (${period.to}::date)::timestamp AT TIME ZONE 'UTC', interval '1 day') AS d(day)
        LEFT JOIN payments p ON p.created_at >= d.day AND p.created_at < d.day + interval '1 day'
        GROUP BY d.day ORDER BY d.day`,
  );
  return rows.map((r) => ({
    day: r.day,
    gross: num(r.gross),
    refunds: num(r.refunds),
    net: num(r.gross) - num(r.refunds),
  }));
}

async function upcomingEvents(database: Database): Promise<DashboardMetrics["upcomingEvents"]> {
  const rows = await database.rows<{
    id: string;
    title: string;
    startTime: string;
    capacity: number;
    registered: number;
  }>(
    sql`SELECT e.id, e.title, e.start_time AS "startTime", e.capacity,
               (SELECT count(*)::int FROM event_registrations r WHERE r.event_id = e.id AND r.status <> 'canceled') AS registered
        FROM events e WHERE e.start_time >= now() ORDER BY e.start_time LIMIT 10`,
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    startTime: new Date(r.startTime).toISOString(),
    capacity: num(r.capacity),
    registered: num(r.registered),
    fillRate: num(r.capacity) ? num(r.registered) / num(r.capacity) : 0,
  }));
}

/** The last 30 days up to today (UTC), the dashboard's default period. */
export function defaultDashboardPeriod(now = new Date()): DashboardPeriod {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { from: day(new Date(now.getTime() - 29 * 86_400_000)), to: day(now) };
}

export const periodDays = (period: DashboardPeriod) =>
  Math.round((Date.parse(period.to) - Date.parse(period.from)) / 86_400_000) + 1;

/** The home screen's KPIs for a period: small aggregate queries, run in parallel. */
export async function dashboardMetrics(
  database: Database,
  period: DashboardPeriod = defaultDashboardPeriod(),
): Promise<DashboardMetrics> {
  const [users, matches, revenue, events] = await Promise.all([
    userMetrics(database, period),
    matchMetrics(database, period),
    revenueByDay(database, period),
    upcomingEvents(database),
  ]);
  return {
    generatedAt: new Date().toISOString(),
    period: { ...period, days: periodDays(period) },
    users,
    matches,
    revenue,
    upcomingEvents: events,
  };
}
