/** A PostgreSQL error as both drivers report it (PGlite: `constraint`, postgres.js: `constraint_name`). */
export interface PgError {
  code: string;
  message: string;
  constraint?: string;
  table?: string;
  detail?: string;
}

interface RawPgError {
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
  constraint_name?: unknown;
  table?: unknown;
  table_name?: unknown;
  detail?: unknown;
  cause?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);

/** Finds the PostgreSQL error in a thrown value, looking through wrappers (DrizzleQueryError's `cause`). */
export function pgErrorOf(thrown: unknown): PgError | undefined {
  for (let current = thrown, depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const raw = current as RawPgError;
    const code = text(raw.code);
    if (code && /^[0-9A-Z]{5}$/.test(code)) {
      return {
        code,
        message: text(raw.message) ?? "",
        constraint: text(raw.constraint) ?? text(raw.constraint_name),
        table: text(raw.table) ?? text(raw.table_name),
        detail: text(raw.detail),
      };
    }
    current = raw.cause;
  }
  return undefined;
}

/** Awaits `work`, which must fail with a PostgreSQL error; returns that error. */
export async function pgErrorFrom(work: Promise<unknown>): Promise<PgError> {
  try {
    await work;
  } catch (thrown) {
    const error = pgErrorOf(thrown);
    if (!error) throw new Error(`Expected a PostgreSQL error, got: ${String(thrown)}`, { cause: thrown });
    return error;
  }
  throw new Error("Expected the statement to fail, but it succeeded");
}

/** The constraint an error is about: the driver's field, else the name quoted in the message. */
export function constraintOf(error: PgError): string | undefined {
  return error.constraint ?? /constraint "([^"]+)"/.exec(error.message)?.[1];
}

/**
 * The SQLSTATE of a delete refused by ON DELETE RESTRICT. PostgreSQL 18 (PGlite 0.5.8) reports
 * 23001 restrict_violation; PostgreSQL ≤ 17 reports 23503 foreign_key_violation.
 */
export function restrictViolationCode(serverVersionNum: number): "23001" | "23503" {
  return serverVersionNum >= 180000 ? "23001" : "23503";
}
