/**
 * Everything the statements of a set of decisions need, in one query: each restrictive decision or
 * reversal of one, with the decision it restates, when the content went up, the sources of the
 * reports it answered, and the identifiers of everyone it touches (to keep them out of the text).
 * One query for one decision (recordDecision) or for a few thousand (the seed), so both build their
 * statements from the same facts. No server-only import: the seed runs it under tsx.
 */
import { sql, type SQL } from "drizzle-orm";
import { executedRows } from "@/db/executedRows";
import {
  restrictiveActionKinds,
  type AutomatedDecision,
  type DecisionGround,
  type ModerationSubjectKind,
  type ReportCategory,
  type ReportSource,
} from "@/db/schema/enums";
import { buildStatement, type DsaStatement, type RestrictiveDecision, type RestrictiveKind } from "./buildStatement";
import type { KnownPeople } from "./personalData";
import { validateStatement, type StatementErrors } from "./validateStatement";

/** Runs raw SQL and returns its rows (Database.rows, or a transaction wrapped by rowsOf). */
export type RowRunner = <T extends Record<string, unknown>>(query: SQL) => Promise<T[]>;

/** A Drizzle handle's or transaction's execute(), whichever driver: postgres.js answers rows, PGlite { rows }. */
export function rowsOf(executor: { execute: (query: SQL) => Promise<unknown> }): RowRunner {
  return <T extends Record<string, unknown>>(query: SQL) => executedRows<T>(executor, query);
}

interface SourceRow extends Record<string, unknown> {
  action_id: string;
  action_kind: string;
  action_facts: string | null;
  action_starts_at: string;
  action_automated_decision: AutomatedDecision;
  action_created_at: string;
  decision_id: string;
  decision_kind: RestrictiveKind;
  subject_kind: ModerationSubjectKind;
  category: ReportCategory;
  ground: DecisionGround;
  legal_provision: string | null;
  terms_clause: string | null;
  ground_explanation: string | null;
  facts: string;
  automated_detection: boolean;
  automated_decision: AutomatedDecision;
  territorial_scope: string[] | null;
  starts_at: string;
  ends_at: string | null;
  content_date: string;
  report_sources: ReportSource[] | null;
  on_appeal: boolean;
  people: { ids: (string | null)[]; emails: (string | null)[]; names: (string | null)[] };
}

/** One decision's statement, ready to store: the body, its puid, and when the action was taken. */
export interface PlannedStatement {
  actionId: string;
  statement: DsaStatement;
  /** The action's created_at: the statement is written with the decision. */
  createdAt: string;
  people: KnownPeople;
}

/** Timestamps as ISO text, the same on both drivers (milliseconds: what a JS Date holds). */
const iso = (column: SQL) => sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const restrictive = sql.raw(restrictiveActionKinds.map((k) => `'${k}'`).join(", "));

/**
 * The statement facts of the actions `a` matching `where` that need a statement: restrictive
 * decisions, and reversals of restrictive decisions (a reversed warning needs none). The text of
 * `where` refers to the action as `a`.
 */
function sourcesQuery(where: SQL): SQL {
  return sql`
    SELECT a.id AS action_id, a.kind AS action_kind, a.facts AS action_facts,
      ${iso(sql`a.starts_at`)} AS action_starts_at, a.automated_decision AS action_automated_decision,
      -- Exact (microseconds): the statement is stored with its decision's time.
      to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS action_created_at,
      d.id AS decision_id, d.kind AS decision_kind, d.subject_kind, d.category, d.ground, d.legal_provision,
      d.terms_clause, d.ground_explanation, d.facts, d.automated_detection, d.automated_decision,
      to_jsonb(d.territorial_scope) AS territorial_scope,
      ${iso(sql`d.starts_at`)} AS starts_at, ${iso(sql`d.ends_at`)} AS ends_at,
      ${iso(sql`CASE d.subject_kind WHEN 'message' THEN coalesce(m.sent_at, u.created_at)
        WHEN 'user' THEN u.created_at ELSE coalesce(p.created_at, u.created_at) END`)} AS content_date,
      (SELECT to_jsonb(array_agg(DISTINCT r.source)) FROM reports r WHERE r.id = ANY(d.report_ids)) AS report_sources,
      EXISTS (SELECT 1 FROM appeals ap WHERE ap.action_id = d.id) AS on_appeal,
      jsonb_build_object(
        'ids', to_jsonb(ARRAY[u.id::text, a.staff_id::text, d.staff_id::text]
          || coalesce((SELECT array_agg(r.reporter_user_id::text) FROM reports r
               WHERE r.id = ANY(d.report_ids) AND r.reporter_user_id IS NOT NULL), '{}')),
        'emails', to_jsonb(ARRAY[u.email::text, sa.email::text, sd.email::text]
          || coalesce((SELECT array_agg(ru.email::text) FROM reports r JOIN users ru ON ru.id = r.reporter_user_id
               WHERE r.id = ANY(d.report_ids)), '{}')),
        'names', to_jsonb(ARRAY[p.name::text, sa.name::text, sd.name::text]
          || coalesce((SELECT array_agg(rp.name::text) FROM reports r JOIN profiles rp ON rp.user_id = r.reporter_user_id
               WHERE r.id = ANY(d.report_ids)), '{}'))
      ) AS people
    FROM moderation_actions a
    JOIN moderation_actions d ON d.id = coalesce(a.reverses_action_id, a.id)
    JOIN users u ON u.id = a.subject_user_id
    LEFT JOIN profiles p ON p.user_id = a.subject_user_id
    LEFT JOIN messages m ON m.id = d.subject_message_id
    LEFT JOIN staff_accounts sa ON sa.id = a.staff_id
    LEFT JOIN staff_accounts sd ON sd.id = d.staff_id
    WHERE d.kind IN (${restrictive}) AND (a.kind = d.kind OR a.kind = 'reverse') AND (${where})
    ORDER BY a.id`;
}

function planOf(row: SourceRow): PlannedStatement {
  const decision: RestrictiveDecision = {
    id: row.decision_id,
    kind: row.decision_kind,
    subjectKind: row.subject_kind,
    category: row.category,
    ground: row.ground,
    legalProvision: row.legal_provision,
    termsClause: row.terms_clause,
    groundExplanation: row.ground_explanation,
    facts: row.facts,
    automatedDetection: row.automated_detection,
    automatedDecision: row.automated_decision,
    territorialScope: row.territorial_scope,
    startsAt: new Date(row.starts_at),
    endsAt: row.ends_at ? new Date(row.ends_at) : null,
    contentDate: new Date(row.content_date),
    reportSources: row.report_sources ?? [],
  };
  const people: KnownPeople = row.people;
  const statement =
    row.action_kind === "reverse"
      ? buildStatement(decision, people, {
          id: row.action_id,
          facts: row.action_facts ?? "",
          startsAt: new Date(row.action_starts_at),
          automatedDecision: row.action_automated_decision,
          onAppeal: row.on_appeal,
        })
      : buildStatement(decision, people);
  return { actionId: row.action_id, statement, createdAt: row.action_created_at, people };
}

/** The statements the actions matching `where` (SQL on `a`) need, built but not yet validated. */
export async function planStatements(rows: RowRunner, where: SQL): Promise<PlannedStatement[]> {
  return (await rows<SourceRow>(sourcesQuery(where))).map(planOf);
}

/** A statement that fails the database's rules: which action, and the problems by API field. */
export class InvalidStatementError extends Error {
  constructor(
    readonly actionId: string,
    readonly errors: StatementErrors,
  ) {
    super(
      `statement of reasons for action ${actionId} fails the DSA database's rules: ` +
        Object.entries(errors)
          .map(([field, problems]) => `${field}: ${problems.join(" ")}`)
          .join("; "),
    );
  }
}

/**
 * Validates the planned statements and stores them, all in one INSERT; nothing is stored if one
 * fails (InvalidStatementError). Returns how many were stored.
 */
export async function storeStatements(rows: RowRunner, planned: PlannedStatement[]): Promise<number> {
  if (planned.length === 0) return 0;
  for (const plan of planned) {
    const result = validateStatement(plan.statement);
    if (!result.ok) throw new InvalidStatementError(plan.actionId, result.errors);
  }
  const records = planned.map((p) => ({
    action_id: p.actionId,
    puid: p.statement.puid,
    body: p.statement,
    created_at: p.createdAt,
  }));
  const [row] = await rows<{ n: number }>(sql`
    WITH inserted AS (
      INSERT INTO statements_of_reasons (action_id, puid, body, created_at)
      SELECT action_id, puid, body, created_at
      FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
        AS r(action_id uuid, puid varchar, body jsonb, created_at timestamptz)
      RETURNING 1)
    SELECT count(*)::int AS n FROM inserted`);
  return row.n;
}
