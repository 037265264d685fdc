import "server-only";
import type { SQL } from "drizzle-orm";
import type { StaffRole } from "@/db/schema/enums";
import {
  BULK_SELECTION_LIMIT,
  MAX_OFFSET_ROWS,
  MAX_PAGE_SIZE,
  type FilterOp,
  type SortOrder,
} from "@/lib/resources/types";
import { DomainError } from "../errors";
import { decodeCursor, type Cursor } from "./cursor";
import { seesVerbatim } from "./masking";
import type { ResolvedField, ResourceDefinition } from "./types";

export interface Filter {
  field: ResolvedField;
  op: FilterOp;
  /** Parsed to the field's kind; an array for `in`; a boolean for `isnull`. */
  value: unknown;
  /** A joined filter's EXISTS around the condition (the field is another table's). */
  via?: (condition: SQL) => SQL;
}

export interface ListQuery {
  page: number;
  pageSize: number;
  sort: ResolvedField;
  order: SortOrder;
  q?: string;
  cursor?: Cursor;
  filters: Filter[];
  /** Server-side conditions added by the engine itself (related lists), never from the URL. */
  extraWhere?: SQL;
}

const bad = (param: string, problem: string): never => {
  throw new DomainError("invalid", `${param}: ${problem}`, { [param]: problem });
};

/**
 * An ISO 8601 date, or date and time (seconds, fractions and the zone optional): what the filter
 * controls send. Anything else ("yesterday", "01/02/2026", "March 3") is refused, never guessed at.
 */
const isoDatePattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** The instant an ISO date names, or undefined when it is not one or names no real day (2026-02-30). */
export function parseIsoDate(text: string): Date | undefined {
  const match = isoDatePattern.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour = "0", minute = "0", second = "0"] = match;
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const realDay =
    calendar.getUTCFullYear() === Number(year) &&
    calendar.getUTCMonth() === Number(month) - 1 &&
    calendar.getUTCDate() === Number(day);
  if (!realDay || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (text: string) => uuidPattern.test(text);

/** One filter value, parsed to the field's kind or refused naming the parameter. */
function parseValue(param: string, field: ResolvedField, text: string): unknown {
  switch (field.kind) {
    case "uuid":
      return isUuid(text) ? text.toLowerCase() : bad(param, "must be a UUID");
    case "number":
    case "money": {
      const n = Number(text);
      return text.trim() !== "" && Number.isFinite(n) ? n : bad(param, "must be a number");
    }
    case "date":
      return parseIsoDate(text) ?? bad(param, "must be a date as YYYY-MM-DD or an ISO 8601 date and time");
    case "boolean":
      return text === "true" ? true : text === "false" ? false : bad(param, "must be true or false");
    case "enum": {
      const allowed = field.spec.enumValues ?? [];
      return allowed.includes(text) ? text : bad(param, `must be one of ${allowed.join(", ")}`);
    }
    default:
      return text.length <= 200 ? text : bad(param, "is too long (200 characters at most)");
  }
}

function parseInteger(param: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined || text === "") return fallback;
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : bad(param, `must be a whole number from ${min} to ${max}`);
}

/**
 * The list URL is input like any form: page, pageSize, sort, order, q, cursor and f.<field>.<op>
 * filters are checked against the resource definition and the role (a masked field cannot be
 * filtered or sorted by a role that sees it masked). Anything unknown is a 400 naming the parameter.
 */
export function parseListQuery(def: ResourceDefinition, role: StaffRole, params: Record<string, string>): ListQuery {
  const filters: Filter[] = [];
  const known = new Set(["page", "pageSize", "sort", "order", "q", "cursor", "include"]);
  for (const [param, text] of Object.entries(params)) {
    if (known.has(param)) continue;
    const match = /^f\.([A-Za-z0-9]+)\.([a-z]+)$/.exec(param);
    if (!match) bad(param, "unknown parameter");
    const [, name, op] = match as RegExpExecArray;
    const joined = def.joinedFilterFields.get(name);
    const ops = joined ? joined.ops : def.filters[name];
    const field = joined ? joined.field : def.fieldsByName.get(name);
    if (!ops || !field) bad(param, `${name} cannot be filtered`);
    const resolved = field as ResolvedField;
    if (!(ops as FilterOp[]).includes(op as FilterOp)) bad(param, `operator ${op} is not allowed on ${name}`);
    if (!seesVerbatim(resolved, role)) bad(param, `your role cannot filter by ${name}`);
    let value: unknown;
    if (op === "isnull")
      value = text === "true" ? true : text === "false" ? false : bad(param, "must be true or false");
    else if (op === "in") {
      const parts = text.split(",").filter((p) => p !== "");
      if (parts.length === 0 || parts.length > 100) bad(param, "must list 1 to 100 values, comma-separated");
      value = parts.map((p) => parseValue(param, resolved, p));
    } else value = parseValue(param, resolved, text);
    filters.push({ field: resolved, op: op as FilterOp, value, ...(joined ? { via: joined.exists } : {}) });
  }

  const sortName = params.sort || def.defaultSort.field;
  if (!def.sortable.includes(sortName) && sortName !== def.defaultSort.field)
    bad("sort", `${sortName} is not sortable`);
  const sort = def.fieldsByName.get(sortName) as ResolvedField;
  if (!seesVerbatim(sort, role)) bad("sort", `your role cannot sort by ${sortName}`);
  const orderText = params.order || (params.sort ? "asc" : def.defaultSort.order);
  if (orderText !== "asc" && orderText !== "desc") bad("order", "must be asc or desc");
  const order = orderText as SortOrder;

  const pageSize = parseInteger("pageSize", params.pageSize, 20, 1, MAX_PAGE_SIZE);
  const page = parseInteger("page", params.page, 1, 1, Number.MAX_SAFE_INTEGER);
  const cursor = params.cursor ? decodeCursor(params.cursor) : undefined;
  if (cursor && (cursor.sort !== sort.field || cursor.order !== order))
    bad("cursor", "was issued for another sort order");
  if (!cursor && (page - 1) * pageSize > MAX_OFFSET_ROWS) {
    bad("page", `pages deeper than ${MAX_OFFSET_ROWS} rows are reached with the cursor of the previous page`);
  }

  const q = params.q?.trim() || undefined;
  if (q !== undefined) {
    if (!def.search) bad("q", `${def.name} has no search`);
    if (q.length > 200) bad("q", "is too long (200 characters at most)");
    if (!searchFields(def, role).length) bad("q", "your role cannot search this list");
  }
  return { page, pageSize, sort, order, q, cursor, filters };
}

/** The search columns a role may search (masked ones excluded). */
export function searchFields(def: ResourceDefinition, role: StaffRole): ResolvedField[] {
  return (def.search?.fields ?? [])
    .map((name) => def.fieldsByName.get(name) as ResolvedField)
    .filter((field) => seesVerbatim(field, role));
}

export { BULK_SELECTION_LIMIT };
