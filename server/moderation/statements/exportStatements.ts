/**
 * The statements of reasons of a period as JSON Lines: each line one request body for the DSA
 * Transparency Database's multiple-statements endpoint, `{"statements":[…]}` with at most 100
 * (StatementMultipleAPIController: `statements` between 1 and 100), ready to POST as it is.
 * Read in keyset batches on (created_at, id) — the index ix_statements_of_reasons_created_at_id —
 * so memory stays constant whatever the period; the stored bodies are copied as the database
 * returns them, never parsed. Used by `npm run dsa:statements` and the transparency screen's
 * download; no server-only import (the CLI runs it under tsx).
 */
import { z } from "zod";
import { sql, streamKeyset, type Database } from "@/db/client";
import { isDsaDate } from "./validateStatement";

/** The endpoint's limit per request. */
export const statementsPerLine = 100;

const day = (name: string) =>
  z
    .string({ error: `${name} is required (YYYY-MM-DD)` })
    .refine(isDsaDate, { message: `${name} must be a date as YYYY-MM-DD (e.g. 2026-01-31)` });

/** A period of whole UTC days, both ends included: statements stored from `since` 00:00 to `until` 24:00. */
export const statementPeriod = z
  .object({ since: day("since"), until: day("until").optional() })
  .refine((p) => !p.until || p.until >= p.since, { message: "until must not be before since", path: ["until"] });
export type StatementPeriod = z.output<typeof statementPeriod>;

/** The half-open range of timestamps a period covers. */
export function periodBounds(period: StatementPeriod): { from: string; to: string | null } {
  const to = period.until ? new Date(Date.parse(`${period.until}T00:00:00Z`) + 86_400_000).toISOString() : null;
  return { from: `${period.since}T00:00:00Z`, to };
}

interface StoredRow extends Record<string, unknown> {
  id: string;
  created_at: string;
  body: string;
}

/** The stored bodies of the period in (created_at, id) order, a batch at a time. */
export function statementBatches(
  database: Database,
  period: StatementPeriod,
  batchSize = 2000,
): AsyncGenerator<StoredRow[]> {
  const { from, to } = periodBounds(period);
  return streamKeyset<StoredRow>(
    database,
    (after, limit) => sql`
      SELECT id::text AS id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at,
        body::text AS body
      FROM statements_of_reasons
      WHERE created_at >= ${from}::timestamptz
        ${to ? sql`AND created_at < ${to}::timestamptz` : sql``}
        ${after ? sql`AND (created_at, id) > (${after.created_at}::timestamptz, ${after.id}::uuid)` : sql``}
      -- The table's columns, not the text aliases above: the index ix_statements_of_reasons_created_at_id serves this order.
      ORDER BY statements_of_reasons.created_at, statements_of_reasons.id
      LIMIT ${limit}`,
    batchSize,
  );
}

export interface ExportCounts {
  statements: number;
  lines: number;
}

/**
 * The period's JSON Lines, one request body per line (newline-terminated). `counts` fills in as
 * the lines go out, so a caller can report or audit them at the end.
 */
export async function* statementLines(
  database: Database,
  period: StatementPeriod,
  counts: ExportCounts = { statements: 0, lines: 0 },
  batchSize = 2000,
): AsyncGenerator<string> {
  let pending: string[] = [];
  const line = (bodies: string[]) => {
    counts.statements += bodies.length;
    counts.lines++;
    return `{"statements":[${bodies.join(",")}]}\n`;
  };
  for await (const batch of statementBatches(database, period, batchSize)) {
    const out: string[] = [];
    for (const row of batch) {
      pending.push(row.body);
      if (pending.length === statementsPerLine) {
        out.push(line(pending));
        pending = [];
      }
    }
    if (out.length) yield out.join("");
  }
  if (pending.length) yield line(pending);
}

/** A file name for the period's download. */
export const exportFileName = (period: StatementPeriod) =>
  `dsa-statements-${period.since}${period.until ? `-to-${period.until}` : ""}.jsonl`;
