import { sql, type Database } from "../../db/client";
import type { ReportCategory, ReportSource } from "../../db/schema/enums";

/** Raw-SQL builders for moderation rows, with the times the tests choose (relative to the database's now()). */

export async function insertReport(
  database: Database,
  subjectUserId: string,
  options: { category?: ReportCategory; source?: ReportSource; reporterUserId?: string } = {},
): Promise<string> {
  const source = options.source ?? (options.reporterUserId ? "user_notice" : "automated");
  const [row] = await database.rows<{ id: string }>(sql`
    INSERT INTO reports (subject_kind, subject_user_id, reporter_user_id, source, category, reporter_text)
    VALUES ('user', ${subjectUserId}, ${options.reporterUserId ?? null}, ${source}, ${options.category ?? "scam_fraud"},
      'Asked me for money on the second message')
    RETURNING id`);
  return row.id;
}

/**
 * A decision recorded directly (as the seed or the detection pipeline would), in force from
 * now() + `from` until now() + `until` (PostgreSQL interval text such as '-3 days'; null = open-ended).
 */
export async function insertDecision(
  database: Database,
  decision: {
    subjectUserId: string;
    staffId: string;
    kind: "warn" | "restrict_visibility" | "suspend" | "terminate";
    from: string;
    until?: string | null;
  },
): Promise<string> {
  const until = decision.until ? sql`now() + ${decision.until}::interval` : sql`NULL`;
  const [row] = await database.rows<{ id: string }>(sql`
    INSERT INTO moderation_actions (subject_user_id, kind, staff_id, category, ground, terms_clause,
      ground_explanation, facts, starts_at, ends_at, created_at)
    VALUES (${decision.subjectUserId}, ${decision.kind}, ${decision.staffId}, 'scam_fraud', 'incompatible_content',
      'Terms 4.2', 'Soliciting money from matches', 'Three users reported payment requests',
      now() + ${decision.from}::interval, ${until}, now() + ${decision.from}::interval)
    RETURNING id`);
  return row.id;
}

/** A reversal of `actionId`, taking effect at now() + `at`. */
export async function insertReversal(
  database: Database,
  reversal: { subjectUserId: string; staffId: string; actionId: string; at: string },
): Promise<string> {
  const [row] = await database.rows<{ id: string }>(sql`
    INSERT INTO moderation_actions (subject_user_id, kind, staff_id, reverses_action_id, facts, starts_at, created_at)
    VALUES (${reversal.subjectUserId}, 'reverse', ${reversal.staffId}, ${reversal.actionId}, 'Appeal upheld',
      now() + ${reversal.at}::interval, now() + ${reversal.at}::interval)
    RETURNING id`);
  return row.id;
}

/** A moment relative to the database's clock, e.g. at(database, '-5 days'). */
export async function at(database: Database, offset: string): Promise<Date> {
  const [row] = await database.rows<{ t: string }>(
    sql`SELECT to_char((now() + ${offset}::interval) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS t`,
  );
  return new Date(row.t);
}

/** The recorded end of a decision, to compare a derived "until" with the decision it should come from. */
export async function endOf(database: Database, actionId: string): Promise<Date> {
  const [row] = await database.rows<{ t: string }>(
    sql`SELECT to_char(ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS t FROM moderation_actions WHERE id = ${actionId}`,
  );
  return new Date(row.t);
}
