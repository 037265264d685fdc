import "server-only";
import type { Database } from "@/db/client";
import type { ResourceRow } from "@/lib/resources/types";
import type { StaffRole } from "@/db/schema/enums";
import type { StaffActor } from "../auth/actor";
import { appendAudit } from "../audit/appendAudit";
import { filterDigest } from "../audit/filterDigest";
import type { ListQuery } from "./listParams";
import { CopyBinaryColumn } from "@/db/copyBinary";
import { inlinedSql } from "@/db/sqlLiteral";
import { csvLineSql } from "./csvSql";
import { keysetLines, keysetRows, linesInListOrder } from "./listQuery";
import type { ResourceDefinition } from "./types";

/**
 * Rows per keyset batch of an export: each batch is one round trip and one ordered index walk, so
 * 5,000 rows (a few MB at most) stream about 1.4× as fast as list pages of 1,000 (users on sb_bench:
 * 52k → 70k rows/s in-process) at constant memory.
 */
const EXPORT_BATCH_ROWS = 5000;

/** RFC 4180 quoting; text starting like a formula is prefixed with ' so spreadsheets do not run it. */
export function csvCell(value: unknown, text: boolean): string {
  if (value === null || value === undefined) return "";
  let cell = typeof value === "object" ? JSON.stringify(value) : String(value);
  if (text && /^[=+\-@\t\r]/.test(cell)) cell = `'${cell}`;
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export function csvLine(def: ResourceDefinition, row: ResourceRow): string {
  return def.visibleFields.map((f) => csvCell(row[f.field], f.kind === "text" || f.kind === "enum")).join(",") + "\r\n";
}

/** The export's audit row: resource, the filters' names and a keyed digest of their values, row count. */
export function auditExport(
  database: Database,
  def: ResourceDefinition,
  actor: StaffActor,
  filters: Record<string, string>,
  rowCount: number,
): Promise<void> {
  return appendAudit(database.db, actor, {
    resource: def.name,
    action: "export",
    details: { filters: filterDigest(filters), rowCount, format: "csv" },
  });
}

/**
 * The export's lines, batch by batch: formatted by the database where it can match csvLine exactly
 * (csvSql.ts; about twice the rows/s, nothing parsed into Dates), else by csvLine here.
 */
export async function* csvBatches(
  database: Database,
  def: ResourceDefinition,
  role: StaffRole,
  query: ListQuery,
  formatIn: "database" | "app" = "database",
): AsyncGenerator<string[]> {
  const line = formatIn === "database" ? csvLineSql(def, role) : null;
  if (line) {
    yield* keysetLines(database, def, role, query, line, EXPORT_BATCH_ROWS);
    return;
  }
  for await (const rows of keysetRows(database, def, role, query, EXPORT_BATCH_ROWS))
    yield rows.map((row) => csvLine(def, row));
}

/**
 * The export's bytes, chunk by chunk, with the rows each holds. On PostgreSQL, where the database
 * formats the lines, ONE binary COPY of them in list order: the lines pass through as bytes, never
 * as JavaScript strings (users on sb_bench: COPY alone ran ~3× the rows/s of the keyset batches
 * through the app). Elsewhere (PGlite, or fields only the app formats exactly) the keyset batches.
 */
async function* csvChunks(
  database: Database,
  def: ResourceDefinition,
  role: StaffRole,
  query: ListQuery,
): AsyncGenerator<{ bytes: Uint8Array; rows: number }> {
  const line = csvLineSql(def, role);
  if (line && database.copyOut) {
    const select = inlinedSql(linesInListOrder(database, def, role, query, line));
    const reader = new CopyBinaryColumn();
    for await (const chunk of database.copyOut(`COPY (${select}) TO STDOUT WITH (FORMAT binary)`)) {
      const before = reader.rows;
      const bytes = reader.push(chunk);
      if (reader.rows > before) yield { bytes, rows: reader.rows - before };
    }
    reader.finish();
    return;
  }
  const encoder = new TextEncoder();
  for await (const lines of csvBatches(database, def, role, query)) {
    yield { bytes: encoder.encode(lines.join("")), rows: lines.length };
  }
}

/**
 * The whole filtered, sorted list as CSV, streamed (constant memory, pulled only as fast as the
 * client reads). Masking is the list's own. The export is audited when the last row has been
 * produced (resource, the filters' names and a keyed digest of their values, row count); if that
 * audit cannot be written the stream fails, so an unaudited export never completes.
 */
export function csvStream(
  database: Database,
  def: ResourceDefinition,
  actor: StaffActor,
  query: ListQuery,
  filters: Record<string, string>,
  /**
   * Called with the row count once every row is out; by default the audit row, written to `database`
   * (benchmarks pass their own; the route, reading from a replica, writes it to the primary).
   */
  onComplete: (rowCount: number) => Promise<void> = (rowCount) => auditExport(database, def, actor, filters, rowCount),
): ReadableStream<Uint8Array> {
  const chunks = csvChunks(database, def, actor.role, query);
  let rowCount = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(def.visibleFields.map((f) => f.field).join(",") + "\r\n"));
    },
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) {
        await onComplete(rowCount);
        controller.close();
        return;
      }
      rowCount += next.value.rows;
      controller.enqueue(next.value.bytes);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
