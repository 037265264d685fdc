import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { sequenceAuditChain } from "../audit/sequencer";
import { auditLogConditions, literal, whereClause, type AuditLogFilters } from "./filters";

/**
 * The compliance log explorer: newest first, keyset-paged on seq (indexed, stable under appends).
 * Chained rows only: the first page first has the sequencer chain what has committed.
 */
export interface AuditLogRow {
  seq: number;
  id: string;
  timestamp: string;
  user_id: string | null;
  staff_id: string | null;
  staff_email: string | null;
  action_type: string;
  regulatory_framework: string;
  metadata: Record<string, unknown>;
  hash: string;
}

export async function listAuditLog(database: Database, filters: AuditLogFilters, before?: number, limit = 50) {
  const size = Math.min(Math.max(1, limit), 500);
  if (!before) await sequenceAuditChain(database);
  const conditions = [...auditLogConditions(filters).map((c) => `l.${c}`), "l.seq > 0"];
  if (before) conditions.push(`l.seq < ${literal(before)}`);
  const rows = await database.rows<AuditLogRow & Record<string, unknown>>(
    sql.raw(`SELECT l.seq::float8 AS seq, l.id, to_char(l."timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "timestamp",
      l.user_id, l.staff_id, s.email AS staff_email, l.action_type, l.regulatory_framework, l.metadata, l.hash
    FROM compliance_logs l LEFT JOIN staff_accounts s ON s.id = l.staff_id
    ${whereClause(conditions)} ORDER BY l.seq DESC LIMIT ${size + 1}`),
  );
  const hasMore = rows.length > size;
  const page = rows.slice(0, size).map((r) => ({ ...r, seq: Number(r.seq) }));
  return { rows: page, nextBefore: hasMore ? page[page.length - 1].seq : null };
}

export async function countAuditLog(database: Database, filters: AuditLogFilters) {
  const [{ total }] = await database.rows<{ total: number }>(
    sql.raw(`SELECT count(*)::int AS total FROM compliance_logs ${whereClause(auditLogConditions(filters))}`),
  );
  return total;
}

/** The distinct action types and staff, for the filter pickers. */
export async function auditLogFacets(database: Database) {
  const actionTypes = await database.rows<{ action_type: string }>(
    sql`SELECT DISTINCT action_type FROM compliance_logs ORDER BY 1 LIMIT 500`,
  );
  const staff = await database.rows<{ id: string; email: string; role: string }>(
    sql`SELECT id, email, role FROM staff_accounts ORDER BY email`,
  );
  return { actionTypes: actionTypes.map((a) => a.action_type), staff };
}
