import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { literal, whereClause } from "./filters";

/**
 * EU AI Act Art. 50: people must be told they are interacting with an AI system. Metrics per AI
 * type per day (UTC) and the violations behind them, each down to the user and session.
 */
const empty = (v: unknown) => (v === "" ? undefined : v);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date (YYYY-MM-DD)")
  .optional();
export const aiFilters = z.object({
  aiType: z.preprocess(empty, z.string().trim().min(1).max(50).optional()),
  userId: z.preprocess(empty, z.guid("userId must be a UUID").optional()),
  from: z.preprocess(empty, day),
  to: z.preprocess(empty, day),
});
export type AiFilters = z.output<typeof aiFilters>;

export const violationKinds = ["no_disclosure", "session_start_without_disclosure", "no_consent"] as const;
export type ViolationKind = (typeof violationKinds)[number];

function conditions(f: AiFilters, alias = ""): string[] {
  const c: string[] = [];
  if (f.aiType) c.push(`${alias}ai_type = ${literal(f.aiType)}`);
  if (f.userId) c.push(`${alias}user_id = ${literal(f.userId)}`);
  if (f.from) c.push(`${alias}created_at >= ${literal(f.from)}::date`);
  if (f.to) c.push(`${alias}created_at < ${literal(f.to)}::date + 1`);
  return c;
}

export interface AiDailyMetric {
  day: string;
  ai_type: string;
  interactions: number;
  disclosed: number;
  consented: number;
  disclosure_share: number;
  consent_share: number;
}

export function aiDailyMetrics(database: Database, filters: AiFilters) {
  return database.rows<AiDailyMetric & Record<string, unknown>>(
    sql.raw(`SELECT to_char((created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, ai_type,
      count(*)::int AS interactions, (count(*) FILTER (WHERE disclosure_shown))::int AS disclosed,
      (count(*) FILTER (WHERE user_consented))::int AS consented,
      round((count(*) FILTER (WHERE disclosure_shown))::numeric / count(*), 4)::float8 AS disclosure_share,
      round((count(*) FILTER (WHERE user_consented))::numeric / count(*), 4)::float8 AS consent_share
    FROM ai_interactions ${whereClause(conditions(filters))} GROUP BY 1, 2 ORDER BY 1, 2`),
  );
}

export interface AiViolation {
  id: string;
  user_id: string;
  session_id: string | null;
  ai_type: string;
  disclosure_shown: boolean;
  user_consented: boolean;
  created_at: string;
}

/** The FROM … WHERE of each kind of violation. */
function violationSource(kind: ViolationKind, filters: AiFilters): string {
  const base = conditions(filters);
  if (kind === "no_disclosure") return `FROM ai_interactions ${whereClause([...base, "NOT disclosure_shown"])}`;
  if (kind === "no_consent") return `FROM ai_interactions ${whereClause([...base, "NOT user_consented"])}`;
  // A session's first interaction (time, then id) is where disclosure matters most.
  return `FROM (SELECT DISTINCT ON (session_id) * FROM ai_interactions
      ${whereClause([...base, "session_id IS NOT NULL"])} ORDER BY session_id, created_at, id) first
    WHERE NOT disclosure_shown`;
}

const violationColumns = `id, user_id, session_id, ai_type, disclosure_shown, user_consented,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at`;

export async function aiViolations(database: Database, kind: ViolationKind, filters: AiFilters, limit = 100) {
  const source = violationSource(kind, filters);
  const rows = await database.rows<AiViolation & Record<string, unknown>>(
    sql.raw(
      `SELECT ${violationColumns} ${source} ORDER BY created_at DESC, id LIMIT ${Math.min(Math.max(1, limit), 1000)}`,
    ),
  );
  const [{ total }] = await database.rows<{ total: number }>(sql.raw(`SELECT count(*)::int AS total ${source}`));
  return { rows, total };
}

/** Every interaction of one session, in order: the drill-down of a violation. */
export function aiSession(database: Database, sessionId: string) {
  return database.rows<AiViolation & Record<string, unknown>>(sql`
    SELECT ${sql.raw(violationColumns)} FROM ai_interactions WHERE session_id = ${sessionId} ORDER BY created_at, id`);
}
