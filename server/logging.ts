import "server-only";

/**
 * Logs a server fault without the values it carried. Drizzle's query errors put every bound
 * parameter in their message and stack (search terms, emails: personal data), and PostgreSQL's
 * own messages quote the offending value; what is logged is the SQL text with its placeholders,
 * the SQLSTATE and the constraint or column concerned, and the stack frames.
 */
export function logServerError(label: string, error: unknown): void {
  console.error(label, describeError(error));
}

interface QueryErrorLike {
  query?: unknown;
  params?: unknown;
  cause?: unknown;
}
interface PgErrorLike {
  code?: unknown;
  constraint_name?: unknown;
  constraint?: unknown;
  column_name?: unknown;
  column?: unknown;
  table_name?: unknown;
  table?: unknown;
  message?: unknown;
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `non-error thrown (${typeof error})`;
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    const query = current as Error & QueryErrorLike;
    const pg = current as Error & PgErrorLike;
    if (typeof pg.code === "string" && /^[0-9A-Z]{5}$/.test(pg.code)) {
      const where = [
        pg.table_name ?? pg.table,
        pg.column_name ?? pg.column,
        pg.constraint_name ?? pg.constraint,
      ].filter((part) => typeof part === "string");
      lines.push(
        `PostgreSQL ${pg.code}: ${redactQuoted(current.message)}${where.length ? ` (${where.join(", ")})` : ""}`,
      );
    } else if (typeof query.query === "string" && "params" in query) {
      lines.push(`${current.name}: failed query: ${query.query} [parameters not logged]`);
    } else {
      lines.push(`${current.name}: ${redactQuoted(current.message)}`);
    }
    current = (current as QueryErrorLike).cause;
  }
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  return [...lines, ...frames.slice(0, 12)].join("\n");
}

/** PostgreSQL quotes the value it choked on (`invalid input syntax for type uuid: "…"`): keep the shape, not the value. */
const redactQuoted = (message: string) =>
  message.replace(/"[^"]*"/g, '"…"').replace(/\bparams: .*$/s, "params: [not logged]");
