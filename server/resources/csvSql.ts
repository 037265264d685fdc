import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { StaffRole } from "@/db/schema/enums";
import { seesMaskedData } from "../auth/permissions";
import type { ResolvedField, ResourceDefinition } from "./types";

/**
 * A CSV export's lines formatted by the database: the same bytes as csvLine(def, toClientRow(…))
 * in exportCsv.ts, so each row reaches the app as one text value instead of typed values it parses
 * (dates into Date objects) and formats again. Used where every field the role sees has an exact
 * SQL rendering; otherwise (floating point numbers, whose shortest text PostgreSQL and JavaScript
 * write differently for very small or large values; JSON; geography) the export formats in
 * JavaScript. tests/backoffice/exportCsvSql.test.ts holds the two to the same bytes.
 */

const TAB = sql.raw("chr(9)");
const CR = sql.raw("chr(13)");
const LF = sql.raw("chr(10)");

/** The value as JavaScript's String() writes what present() returns, or null where SQL cannot be exact. */
function valueText(field: ResolvedField): SQL | null {
  const column = field.column;
  switch (column.columnType) {
    case "PgUUID":
    case "PgVarchar":
    case "PgText":
    case "PgInteger":
    case "PgBigInt53":
    case "PgNumeric":
      return sql`${column}::text`;
    case "PgBoolean":
      return sql`CASE WHEN ${column} THEN 'true' WHEN NOT ${column} THEN 'false' END`;
    case "PgTimestamp":
      // Date.prototype.toISOString(): UTC, milliseconds (the microseconds cut, as new Date() cuts them).
      return sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    default:
      return null;
  }
}

/** maskEmail (masking.ts): the first character, ***, and everything from the last @; *** without a name before an @; NULL stays empty. */
const maskedEmail = (text: SQL) =>
  sql`CASE WHEN ${text} IS NULL THEN NULL WHEN ${text} ~ '.@' THEN left(${text}, 1) || '***' || substring(${text} from '@[^@]*$') ELSE '***' END`;

/** The field as `role` sees it (present() in masking.ts), as text, or null where SQL cannot be exact. */
function shownText(field: ResolvedField, role: StaffRole): SQL | null {
  if (field.spec.visibleTo && !field.spec.visibleTo.includes(role)) return sql`NULL::text`;
  const text = valueText(field);
  if (!(field.spec.mask && seesMaskedData(role))) return text;
  switch (field.spec.mask) {
    case "omit":
      return sql`NULL::text`;
    case "email":
      return text && maskedEmail(text);
    default:
      return null;
  }
}

/**
 * csvCell (exportCsv.ts): empty for null; for text, a leading = + - @ tab or CR gets a ' (so a
 * spreadsheet does not run it) and a value with a quote, comma, CR or LF is quoted, quotes doubled.
 * The other kinds (ids, numbers, booleans, times) never hold those characters. The value is written
 * out a few times rather than through a subquery or function: a column costs nothing to repeat,
 * a subquery per cell would cost more than the whole row.
 */
function cell(value: SQL, text: boolean): SQL {
  if (!text) return sql`coalesce(${value}, '')`;
  const guarded = sql`regexp_replace(${value}, '^([=+@' || ${TAB} || ${CR} || '-])', '''\\1')`;
  return sql`CASE WHEN ${value} ~ ('[",' || ${CR} || ${LF} || ']') THEN '"' || replace(${guarded}, '"', '""') || '"'
    ELSE coalesce(${guarded}, '') END`;
}

/** One CSV line (CRLF-terminated) per row, for `role`; null when a field needs JavaScript's formatting. */
export function csvLineSql(def: ResourceDefinition, role: StaffRole): SQL | null {
  const cells: SQL[] = [];
  for (const field of def.visibleFields) {
    const text = shownText(field, role);
    if (!text) return null;
    cells.push(cell(text, field.kind === "text" || field.kind === "enum"));
  }
  return sql`${sql.join(cells, sql` || ',' || `)} || ${CR} || ${LF}`;
}
