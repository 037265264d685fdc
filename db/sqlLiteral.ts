import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

/**
 * SQL text with values written in, for statements that take no bind parameters (COPY). Values are
 * validated before they get here; a string is an E'' literal (backslashes and quotes doubled), which
 * reads the same whatever standard_conforming_strings is set to.
 */
export function literal(value: string | number | boolean | null): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("not a finite number");
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  return `E'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/** Drizzle's PostgreSQL dialect, writing inlined strings with literal(). */
class LiteralDialect extends PgDialect {
  override escapeString(text: string): string {
    return literal(text);
  }
}
const dialect = new LiteralDialect();

/**
 * A Drizzle query as text with its parameters written in as literals. Only strings, finite numbers,
 * booleans and NULL (after the columns' own encoding, e.g. a Date to its ISO text) are written in;
 * anything else is refused rather than guessed at.
 */
export function inlinedSql(query: SQL): string {
  for (const param of dialect.sqlToQuery(query).params) {
    const primitive =
      param === null ||
      typeof param === "string" ||
      typeof param === "boolean" ||
      (typeof param === "number" && Number.isFinite(param));
    if (!primitive) throw new Error(`cannot write a ${typeof param} parameter into SQL text`);
  }
  return dialect.sqlToQuery(query.inlineParams()).sql;
}
