import { z } from "zod";
import { regulatoryFrameworks } from "@/db/schema/enums";
import { literal } from "@/db/sqlLiteral";

export { literal };

/**
 * Filters shared by the views, their exports and the export manifest. Values are validated here;
 * SQL built from them uses `literal()` (COPY cannot take bind parameters).
 */
const day = /^\d{4}-\d{2}-\d{2}$/;
const dateParam = (label: string) =>
  z
    .string()
    .trim()
    .refine((v) => day.test(v) || !Number.isNaN(Date.parse(v)), `${label} must be a date (YYYY-MM-DD)`)
    .optional();
const optionalText = (max: number) => z.string().trim().min(1).max(max).optional();
const empty = (v: unknown) => (v === "" ? undefined : v);

export const auditLogFilters = z.object({
  framework: z.preprocess(empty, z.enum(regulatoryFrameworks).optional()),
  actionType: z.preprocess(empty, optionalText(100)),
  userId: z.preprocess(empty, z.guid("userId must be a UUID").optional()),
  staffId: z.preprocess(empty, z.guid("staffId must be a UUID").optional()),
  from: z.preprocess(empty, dateParam("from")),
  to: z.preprocess(empty, dateParam("to")),
});
export type AuditLogFilters = z.output<typeof auditLogFilters>;

export const consentLogFilters = z.object({
  userId: z.preprocess(empty, z.guid("userId must be a UUID").optional()),
  consentType: z.preprocess(empty, optionalText(50)),
  granted: z.preprocess(empty, z.enum(["true", "false"]).optional()),
  jurisdiction: z.preprocess(empty, optionalText(10)),
  from: z.preprocess(empty, dateParam("from")),
  to: z.preprocess(empty, dateParam("to")),
});
export type ConsentLogFilters = z.output<typeof consentLogFilters>;

/** `to` given as a day includes that whole day. */
const upperBound = (to: string) => (day.test(to) ? `${literal(to)}::date + 1` : `${literal(to)}::timestamptz`);
const lowerBound = (from: string) => (day.test(from) ? `${literal(from)}::date` : `${literal(from)}::timestamptz`);

function timeRange(column: string, from?: string, to?: string): string[] {
  const out: string[] = [];
  if (from) out.push(`${column} >= ${lowerBound(from)}`);
  if (to) out.push(`${column} < ${upperBound(to)}`);
  return out;
}

/** WHERE conditions (ANDed) for compliance_logs. */
export function auditLogConditions(f: AuditLogFilters): string[] {
  const out: string[] = [];
  if (f.framework) out.push(`regulatory_framework = ${literal(f.framework)}`);
  if (f.actionType) out.push(`action_type = ${literal(f.actionType)}`);
  if (f.userId) out.push(`user_id = ${literal(f.userId)}`);
  if (f.staffId) out.push(`staff_id = ${literal(f.staffId)}`);
  return [...out, ...timeRange(`"timestamp"`, f.from, f.to)];
}

/** WHERE conditions (ANDed) for consent_logs. */
export function consentLogConditions(f: ConsentLogFilters): string[] {
  const out: string[] = [];
  if (f.userId) out.push(`user_id = ${literal(f.userId)}`);
  if (f.consentType) out.push(`consent_type = ${literal(f.consentType)}`);
  if (f.granted) out.push(`granted = ${literal(f.granted === "true")}`);
  if (f.jurisdiction) out.push(`jurisdiction = ${literal(f.jurisdiction)}`);
  return [...out, ...timeRange(`"timestamp"`, f.from, f.to)];
}

export const whereClause = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(" AND ")}` : "");

/** Filters with their empty values dropped, for the manifest and the audit record. */
export const activeFilters = (filters: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ""));
