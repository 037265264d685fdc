import "server-only";
import { z } from "zod";
import { sql, type Database } from "@/db/client";
import type { StaffRole } from "@/db/schema/enums";
import type { PeopleById } from "@/lib/resources/people";
import { peopleById } from "../../people/peopleById";
import type { DsaStatement } from "./buildStatement";
import { periodBounds, statementPeriod } from "./exportStatements";
import { userNotice, type UserNotice } from "./userNotice";

/**
 * The statements of a period for the transparency screen, newest first, a page at a time (keyset on
 * created_at, id), each beside the notice its member received and the decision it explains. Only
 * for roles that read statements (compliance officers, trust & safety, admins): the person is shown
 * (server/people, masked per role) so a compliance officer can answer for a statement; the
 * statement itself names nobody.
 */
export const statementListQuery = statementPeriod.and(
  z.object({
    cursor: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[0-9a-f-]{36}$/, "Not a cursor from this list")
      .optional(),
    pageSize: z.coerce.number().int().min(1).max(50).default(20),
  }),
);
export type StatementListQuery = z.output<typeof statementListQuery>;

export interface StatementListRow {
  id: string;
  puid: string;
  createdAt: string;
  actionId: string;
  actionKind: string;
  subjectUserId: string;
  statement: DsaStatement;
  notice: UserNotice;
}

interface Row extends Record<string, unknown> {
  id: string;
  puid: string;
  created_at: string;
  action_id: string;
  action_kind: string;
  subject_user_id: string;
  body: DsaStatement;
}

export async function listStatements(
  database: Database,
  role: StaffRole,
  query: StatementListQuery,
): Promise<{ rows: StatementListRow[]; people: PeopleById; nextCursor: string | null }> {
  const { from, to } = periodBounds(query);
  const [afterAt, afterId] = query.cursor?.split("|") ?? [];
  const rows = await database.rows<Row>(sql`
    SELECT s.id::text AS id, s.puid, to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at,
      a.id::text AS action_id, a.kind AS action_kind, a.subject_user_id::text AS subject_user_id, s.body
    FROM statements_of_reasons s
    JOIN moderation_actions a ON a.id = s.action_id
    WHERE s.created_at >= ${from}::timestamptz
      ${to ? sql`AND s.created_at < ${to}::timestamptz` : sql``}
      ${afterAt ? sql`AND (s.created_at, s.id) < (${afterAt}::timestamptz, ${afterId}::uuid)` : sql``}
    ORDER BY s.created_at DESC, s.id DESC
    LIMIT ${query.pageSize + 1}`);
  const page = rows.slice(0, query.pageSize);
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => ({
      id: r.id,
      puid: r.puid,
      createdAt: r.created_at,
      actionId: r.action_id,
      actionKind: r.action_kind,
      subjectUserId: r.subject_user_id,
      statement: r.body,
      notice: userNotice(r.body),
    })),
    people: await peopleById(database, role, [...new Set(page.map((r) => r.subject_user_id))]),
    nextCursor: rows.length > query.pageSize && last ? `${last.created_at}|${last.id}` : null,
  };
}
