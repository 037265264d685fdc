import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { consentLogConditions, whereClause, type ConsentLogFilters } from "./filters";

/** Consent evidence views. Rule: for each consent type, the latest event (time, then id) is the current state. */
export interface ConsentEvent {
  id: string;
  consent_type: string;
  granted: boolean;
  consent_text: string | null;
  notice_version: string | null;
  collection_method: string | null;
  jurisdiction: string | null;
  ip_address: string | null;
  timestamp: string;
}

const eventColumnList = `id, consent_type, granted, consent_text, notice_version, collection_method, jurisdiction,
  ip_address, to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "timestamp"`;
const eventColumns = sql.raw(eventColumnList);

/** Every consent event of a user, oldest first, with the exact text shown. */
export function consentTimeline(database: Database, userId: string) {
  return database.rows<ConsentEvent & Record<string, unknown>>(sql`
    SELECT ${eventColumns} FROM consent_logs WHERE user_id = ${userId} ORDER BY "timestamp", id`);
}

/** The current state per consent type: the latest event wins. */
export function currentConsent(database: Database, userId: string) {
  return database.rows<ConsentEvent & Record<string, unknown>>(sql`
    SELECT DISTINCT ON (consent_type) ${eventColumns} FROM consent_logs
    WHERE user_id = ${userId} ORDER BY consent_type, "timestamp" DESC, id DESC`);
}

export interface ConsentTrendPoint {
  period: string;
  consent_type: string;
  grants: number;
  withdrawals: number;
}

/** Grants and withdrawals per week (or month) and consent type, within the filters. */
export function consentTrend(database: Database, filters: ConsentLogFilters, bucket: "week" | "month" = "month") {
  const where = whereClause(consentLogConditions(filters));
  return database.rows<ConsentTrendPoint & Record<string, unknown>>(
    sql.raw(`SELECT to_char(date_trunc('${bucket === "week" ? "week" : "month"}', "timestamp" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS period,
      consent_type, (count(*) FILTER (WHERE granted))::int AS grants, (count(*) FILTER (WHERE NOT granted))::int AS withdrawals
    FROM consent_logs ${where} GROUP BY 1, 2 ORDER BY 1, 2`),
  );
}

export interface ProvabilityGap extends ConsentEvent {
  user_id: string;
  missing: string[];
}

/** Consent records that could not prove themselves to a regulator: no text, no IP, or no notice version. */
export async function provabilityGaps(database: Database, filters: ConsentLogFilters, limit = 100) {
  const conditions = [
    ...consentLogConditions(filters),
    "(consent_text IS NULL OR ip_address IS NULL OR notice_version IS NULL)",
  ];
  const where = whereClause(conditions);
  const rows = await database.rows<ProvabilityGap & Record<string, unknown>>(
    sql.raw(`SELECT user_id, ${eventColumnList},
      array_remove(ARRAY[CASE WHEN consent_text IS NULL THEN 'consent_text' END, CASE WHEN ip_address IS NULL THEN 'ip_address' END,
        CASE WHEN notice_version IS NULL THEN 'notice_version' END], NULL) AS missing
    FROM consent_logs ${where} ORDER BY "timestamp" DESC, id DESC LIMIT ${Math.min(Math.max(1, limit), 1000)}`),
  );
  const [counts] = await database.rows<{ total: number; no_text: number; no_ip: number; no_notice: number }>(
    sql.raw(`SELECT count(*)::int AS total, (count(*) FILTER (WHERE consent_text IS NULL))::int AS no_text,
      (count(*) FILTER (WHERE ip_address IS NULL))::int AS no_ip, (count(*) FILTER (WHERE notice_version IS NULL))::int AS no_notice
    FROM consent_logs ${where}`),
  );
  return { rows, counts };
}

export interface SpecialCategoryGap {
  user_id: string;
  email: string;
  assessed_at: string;
  latest_granted: boolean | null;
  latest_at: string | null;
}

/**
 * Users holding an attachment assessment (special-category-like psychological data, GDPR Art. 9)
 * without a current explicit consent: their latest special_category_data event is missing or a withdrawal.
 */
export async function specialCategoryGaps(database: Database, limit = 100) {
  const gap = sql`
    FROM attachment_assessments a
    JOIN users u ON u.id = a.user_id
    LEFT JOIN LATERAL (
      SELECT granted, "timestamp" FROM consent_logs c
      WHERE c.user_id = a.user_id AND c.consent_type = 'special_category_data'
      ORDER BY "timestamp" DESC, id DESC LIMIT 1
    ) latest ON true
    WHERE latest.granted IS DISTINCT FROM true`;
  const rows = await database.rows<SpecialCategoryGap & Record<string, unknown>>(sql`
    SELECT a.user_id, u.email, a.created_at::text AS assessed_at, latest.granted AS latest_granted,
      latest."timestamp"::text AS latest_at
    ${gap} ORDER BY a.created_at DESC, a.user_id LIMIT ${Math.min(Math.max(1, limit), 1000)}`);
  const [{ total }] = await database.rows<{ total: number }>(sql`SELECT count(*)::int AS total ${gap}`);
  return { rows, total };
}
