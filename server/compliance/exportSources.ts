import { sql } from "drizzle-orm";
import type { Row } from "@/db/client";
import { auditLogConditions, consentLogConditions, literal, whereClause } from "./filters";
import type { AuditLogFilters, ConsentLogFilters } from "./filters";

/**
 * What an export reads, as SQL text: the same select list feeds PostgreSQL's COPY and the PGlite
 * keyset path, so both render identical rows. CSV fields are all cast to text in SQL (COPY would
 * print booleans as t/f otherwise). A JSON line is the text json_build_object prints, written out
 * member by member (jsonLine): json_build_object looks up every argument's type on every row,
 * which made JSON Lines exports half as fast as CSV.
 */
export type ExportFormat = "csv" | "jsonl";
export type ExportSourceName = "compliance_logs" | "consent_logs";

const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * How a value is written in JSON, as json_build_object would: `number`, `boolean` and `json` are
 * their text (bigint, true/false, jsonb's own text); `string` is escaped by to_json; `quoted` is
 * put in quotes as it is, only for text that never needs escaping (uuids, the UTC time format).
 */
type JsonKind = "number" | "boolean" | "json" | "string" | "quoted";

/** A piece of a JSON line: fixed text, or SQL giving text. */
type Piece = { text: string } | { sql: string };

interface Column {
  name: string;
  csv: string;
  /** The member's value as JSON text (null for NULL). */
  json: Piece[];
}

function jsonValue(expression: string, kind: JsonKind, nullable: boolean): Piece[] {
  const text =
    kind === "string" ? `to_json(${expression})::text` : kind === "quoted" ? expression : `${expression}::text`;
  if (nullable) {
    return [{ sql: `coalesce(${kind === "quoted" ? `'"' || ${text} || '"'` : text}, 'null')` }];
  }
  return kind === "quoted" ? [{ text: '"' }, { sql: text }, { text: '"' }] : [{ sql: text }];
}

const sqlLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Most columns export as themselves: cast to text for CSV, their JSON text in JSON. NOT NULL
 * columns skip the coalesce: one function call fewer per value on millions of rows.
 */
const plain = (name: string, kind: JsonKind, nullable = false): Column => ({
  name,
  csv: `${name}::text`,
  json: jsonValue(name, kind, nullable),
});
const timestamp: Column = {
  name: "timestamp",
  csv: utc(`"timestamp"`),
  json: jsonValue(utc(`"timestamp"`), "quoted", false),
};

/**
 * json_build_object's text of the columns, `{"key" : value, …}`, as one chain of ||: the fixed
 * text between two values is one literal, so a row costs one concatenation per value.
 */
function jsonLine(columns: Column[]): string {
  const pieces: Piece[] = [{ text: "{" }];
  columns.forEach((c, i) => pieces.push({ text: `${i ? ", " : ""}"${c.name}" : ` }, ...c.json));
  pieces.push({ text: "}" });
  const merged: string[] = [];
  let text = "";
  for (const piece of pieces) {
    if ("text" in piece) text += piece.text;
    else {
      if (text) merged.push(sqlLiteral(text));
      merged.push(piece.sql);
      text = "";
    }
  }
  if (text) merged.push(sqlLiteral(text));
  return merged.join(" || ");
}

// regulatory_framework is one of a checked list of lowercase words, and an exported row's hashes
// are hex (the sequencer's trigger refuses any other): neither ever needs escaping.
const complianceColumns: Column[] = [
  plain("seq", "number"),
  plain("id", "quoted"),
  timestamp,
  plain("user_id", "quoted", true),
  plain("staff_id", "quoted", true),
  plain("action_type", "string"),
  plain("regulatory_framework", "quoted"),
  plain("metadata", "json"),
  plain("prev_hash", "quoted"),
  plain("hash", "quoted"),
];

const consentColumns: Column[] = [
  plain("id", "quoted"),
  timestamp,
  plain("user_id", "quoted"),
  plain("consent_type", "string"),
  plain("granted", "boolean"),
  ...["consent_text", "notice_version", "collection_method", "jurisdiction", "ip_address"].map((name) =>
    plain(name, "string", true),
  ),
];

/** PostgreSQL's CSV rules: quote when a value holds a delimiter, quote, CR or LF, or is empty (NULL is bare). */
export function csvField(value: string | null): string {
  if (value === null) return "";
  if (value === "" || value === "\\." || /[",\r\n]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

export interface ExportQuery {
  copy: string;
  page: (after: Row | undefined, limit: number) => ReturnType<typeof sql.raw>;
  format: (rows: Row[]) => string;
  header?: string;
  /** SQL counting the rows (and, for the chain, first/last seq) the export will contain. */
  count: string;
}

function build(
  table: string,
  columns: Column[],
  conditions: string[],
  format: ExportFormat,
  keys: { select: string[]; order: string; after: (row: Row) => string },
): ExportQuery {
  const select =
    format === "csv" ? columns.map((c) => `${c.csv} AS "${c.name}"`).join(", ") : `${jsonLine(columns)} AS line`;
  const where = whereClause(conditions);
  const copyOptions = format === "csv" ? "FORMAT csv, HEADER" : "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'";
  // JSON text never holds a raw control character (escape_json), so this CSV dialect prints lines verbatim.
  const copy = `COPY (SELECT ${select} FROM ${table} ${where} ORDER BY ${keys.order}) TO STDOUT WITH (${copyOptions})`;
  const page = (after: Row | undefined, limit: number) => {
    const all = after ? [...conditions, keys.after(after)] : conditions;
    return sql.raw(
      `SELECT ${select}, ${keys.select.join(", ")} FROM ${table} ${whereClause(all)} ORDER BY ${keys.order} LIMIT ${limit}`,
    );
  };
  const formatRows =
    format === "csv"
      ? (rows: Row[]) =>
          rows.map((row) => columns.map((c) => csvField(row[c.name] as string | null)).join(",") + "\n").join("")
      : (rows: Row[]) => rows.map((row) => `${row.line as string}\n`).join("");
  return {
    copy,
    page,
    format: formatRows,
    header: format === "csv" ? columns.map((c) => c.name).join(",") + "\n" : undefined,
    count: `SELECT count(*)::int AS rows${table === "compliance_logs" ? ", min(seq)::bigint AS first_seq, max(seq)::bigint AS last_seq" : ""} FROM ${table} ${where}`,
  };
}

/**
 * compliance_logs in chain order, bounded by the head seen at export start so the file, its count
 * and its manifest describe the same rows while writers keep appending. Sequenced rows only
 * (seq > 0): a row not yet chained has no place or hash to verify.
 */
export function complianceLogExport(filters: AuditLogFilters, format: ExportFormat, headSeq: number): ExportQuery {
  const conditions = [...auditLogConditions(filters), "seq > 0", `seq <= ${literal(headSeq)}`];
  return build("compliance_logs", complianceColumns, conditions, format, {
    select: ["seq AS _k"],
    // Qualified: the output column "seq" is text, and ORDER BY would otherwise sort by it.
    order: "compliance_logs.seq",
    after: (row) => `seq > ${literal(Number(row._k))}`,
  });
}

/** consent_logs in time order, bounded by the export's start time. */
export function consentLogExport(filters: ConsentLogFilters, format: ExportFormat, until: string): ExportQuery {
  const conditions = [...consentLogConditions(filters), `"timestamp" <= ${literal(until)}::timestamptz`];
  return build("consent_logs", consentColumns, conditions, format, {
    select: [`"timestamp"::text AS _t`, "id::text AS _k"],
    order: `consent_logs."timestamp", consent_logs.id`,
    after: (row) =>
      `("timestamp", id) > (${literal(row._t as string)}::timestamptz, ${literal(row._k as string)}::uuid)`,
  });
}

/** Counts records in a CSV stream (quoted newlines are not record ends), chunk by chunk. */
export class CsvRecordCounter {
  records = 0;
  private inQuotes = false;
  push(chunk: Buffer): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x22) this.inQuotes = !this.inQuotes;
      else if (byte === 0x0a && !this.inQuotes) this.records++;
    }
  }
}

/** Counts lines in a JSON Lines stream. */
export class LineCounter {
  records = 0;
  push(chunk: Buffer): void {
    let at = chunk.indexOf(0x0a);
    while (at !== -1) {
      this.records++;
      at = chunk.indexOf(0x0a, at + 1);
    }
  }
}
