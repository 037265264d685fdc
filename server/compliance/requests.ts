import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { dsrRegimes, dsrTypes, type DsrStatus } from "@/db/schema/compliance";
import { deadlineRule } from "./deadlines";

/**
 * Data-subject requests: the deadline rules shown on the screen (computed in deadlines.ts, as the
 * law counts them) and the allowed status changes.
 */
export const deadlineRules: Record<string, { label: string }> = {
  gdpr: deadlineRule("gdpr", "access"),
  ccpa: deadlineRule("ccpa", "access"),
  ccpa_opt_out: deadlineRule("ccpa", "opt_out"),
};

/** Where each status may go next. completed and denied are final. */
export const nextStatuses: Record<DsrStatus, DsrStatus[]> = {
  received: ["verified", "extended", "denied"],
  verified: ["in_progress", "extended", "completed", "denied"],
  in_progress: ["extended", "completed", "denied"],
  extended: ["in_progress", "completed", "denied"],
  completed: [],
  denied: [],
};

export const dueSoonDays = 5;

export const fileRequestInput = z.object({
  userId: z.guid("Choose the user the request is about"),
  requestType: z.enum(dsrTypes, "Choose a request type"),
  regime: z.enum(dsrRegimes, "Choose GDPR or CCPA"),
  receivedAt: z.iso.datetime({ offset: true, message: "receivedAt must be a date and time" }).optional(),
  notes: z.string().trim().max(2000).optional(),
});

export const requestIdInput = z.object({ id: z.guid("Unknown request") });
export const reasonInput = requestIdInput.extend({
  reason: z.string().trim().min(5, "Give the reason (at least 5 characters)").max(2000),
});
export const advanceInput = requestIdInput.extend({ status: z.enum(["verified", "in_progress"]) });

export interface RequestRow {
  id: string;
  user_id: string;
  user_email: string;
  user_erased: boolean;
  request_type: string;
  regime: string;
  status: DsrStatus;
  received_at: string;
  due_at: string;
  extended_at: string | null;
  extension_reason: string | null;
  denial_reason: string | null;
  handler_email: string | null;
  completed_at: string | null;
  notes: string | null;
  outcome: Record<string, unknown> | null;
  overdue: boolean;
  due_soon: boolean;
}

const iso = (c: string) => `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const requestSelect = sql.raw(`SELECT r.id, r.user_id, u.email AS user_email, u.erased_at IS NOT NULL AS user_erased,
    r.request_type, r.regime, r.status, ${iso("r.received_at")} AS received_at, ${iso("r.due_at")} AS due_at,
    ${iso("r.extended_at")} AS extended_at, r.extension_reason, r.denial_reason, s.email AS handler_email,
    ${iso("r.completed_at")} AS completed_at, r.notes, r.outcome,
    (r.status NOT IN ('completed', 'denied') AND r.due_at < now()) AS overdue,
    (r.status NOT IN ('completed', 'denied') AND r.due_at >= now() AND r.due_at < now() + interval '${dueSoonDays} days') AS due_soon
  FROM data_subject_requests r JOIN users u ON u.id = r.user_id LEFT JOIN staff_accounts s ON s.id = r.handler_staff_id`);

/** Requests, open ones by deadline first, then the closed ones newest first. */
export function listRequests(database: Database, limit = 200) {
  return database.rows<RequestRow & Record<string, unknown>>(sql`${requestSelect}
    ORDER BY (r.status IN ('completed', 'denied')), CASE WHEN r.status IN ('completed', 'denied') THEN NULL ELSE r.due_at END,
      r.received_at DESC LIMIT ${Math.min(Math.max(1, limit), 1000)}`);
}

export async function getRequest(database: Database, id: string) {
  const [row] = await database.rows<RequestRow & Record<string, unknown>>(sql`${requestSelect} WHERE r.id = ${id}`);
  return row;
}

/** The deadline board: open requests past due, and those due within five days. */
export async function deadlineBoard(database: Database) {
  const open = await database.rows<RequestRow & Record<string, unknown>>(sql`${requestSelect}
    WHERE r.status NOT IN ('completed', 'denied') AND r.due_at < now() + interval '5 days' ORDER BY r.due_at`);
  return { overdue: open.filter((r) => r.overdue), dueSoon: open.filter((r) => r.due_soon) };
}
