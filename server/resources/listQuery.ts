import "server-only";
import {
  and,
  asc,
  desc,
  eq,
  gt,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  ne,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import type { Database } from "@/db/client";
import type { StaffRole } from "@/db/schema/enums";
import { EXACT_COUNT_LIMIT, type ListResponse, type ResourceRow } from "@/lib/resources/types";
import { peopleById } from "../people/peopleById";
import { listedPersonFields, userIdsIn } from "../people/userReferences";
import { encodeCursor, type Cursor } from "./cursor";
import { searchFields, type Filter, type ListQuery } from "./listParams";
import { toClientRow } from "./masking";
import { relatedTitles } from "./relatedTitles";
import type { ResourceDefinition, RowValues } from "./types";

export { EXACT_COUNT_LIMIT };

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function filterSql(filter: Filter): SQL | undefined {
  const condition = conditionOf(filter);
  return filter.via && condition ? filter.via(condition) : condition;
}

function conditionOf({ field, op, value }: Filter): SQL | undefined {
  const column = field.column;
  switch (op) {
    case "eq":
      return eq(column, value);
    case "ne":
      return field.nullable ? or(ne(column, value), isNull(column)) : ne(column, value);
    case "contains":
      return ilike(column, `%${escapeLike(String(value))}%`);
    case "in":
      return inArray(column, value as unknown[]);
    case "gte":
      return gte(column, value);
    case "lte":
      return lte(column, value);
    case "isnull":
      return value ? isNull(column) : isNotNull(column);
  }
}

/** The WHERE of a list: its filters and its search, AND-ed. Shared by list, count, export and bulk selection. */
export function whereOf(
  def: ResourceDefinition,
  role: StaffRole,
  query: Pick<ListQuery, "filters" | "q" | "extraWhere">,
): SQL | undefined {
  const parts = [...query.filters.map(filterSql), query.extraWhere];
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    parts.push(or(...searchFields(def, role).map((f) => ilike(f.column, pattern))));
  }
  return and(...parts);
}

/** Rows strictly after the cursor in (sort, primary key) order: an index range scan however deep the page. */
function afterCursor(def: ResourceDefinition, query: ListQuery, cursor: Cursor): SQL {
  const pk = def.pk.column;
  const beyond = query.order === "asc" ? gt : lt;
  if (query.sort.field === def.pk.field) return beyond(pk, cursor.id);
  const sortType = sql.raw(query.sort.column.getSQLType());
  const pkType = sql.raw(pk.getSQLType());
  const op = sql.raw(query.order === "asc" ? ">" : "<");
  return sql`(${query.sort.sortKey}, ${pk}) ${op} (CAST(${cursor.key} AS ${sortType}), CAST(${cursor.id} AS ${pkType}))`;
}

type PageRow = RowValues & { __key: string };

/** The list's order: its sort, then the primary key (unique, so pages never overlap). */
function listOrder(def: ResourceDefinition, query: Pick<ListQuery, "sort" | "order">): SQL[] {
  const direction = query.order === "asc" ? asc : desc;
  return query.sort.field === def.pk.field
    ? [direction(def.pk.column)]
    : [direction(query.sort.sortKey), direction(def.pk.column)];
}

/**
 * Every matching row as one text column (`line`, e.g. csvLineSql) in list order, as ONE query with
 * no limit: what a CSV export streams through COPY on PostgreSQL (exportCsv.ts).
 */
export function linesInListOrder(
  database: Database,
  def: ResourceDefinition,
  role: StaffRole,
  query: ListQuery,
  line: SQL,
): SQL {
  return database.db
    .select({ line })
    .from(def.table)
    .where(whereOf(def, role, query))
    .orderBy(...listOrder(def, query))
    .getSQL();
}

/**
 * One page of raw rows (database values) and the cursor after it. `columns` replaces the visible
 * fields as the selection (a CSV export's one formatted line per row); the primary key is always
 * selected, for the cursor.
 */
export async function fetchPage(
  database: Database,
  def: ResourceDefinition,
  role: StaffRole,
  query: ListQuery,
  columns?: Record<string, SQL>,
): Promise<{ rows: PageRow[]; nextCursor: string | null }> {
  const selection = columns
    ? { ...columns, [def.pk.field]: def.pk.column }
    : Object.fromEntries(def.visibleFields.map((f) => [f.field, f.column]));
  const where = and(whereOf(def, role, query), query.cursor ? afterCursor(def, query, query.cursor) : undefined);
  let builder = database.db
    .select({ ...selection, __key: sql<string>`${query.sort.sortKey}::text` })
    .from(def.table)
    .where(where)
    .orderBy(...listOrder(def, query))
    .limit(query.pageSize + 1)
    .$dynamic();
  if (!query.cursor && query.page > 1) builder = builder.offset((query.page - 1) * query.pageSize);
  const rows = (await builder) as PageRow[];
  const hasMore = rows.length > query.pageSize;
  if (hasMore) rows.length = query.pageSize;
  const last = rows[rows.length - 1];
  const nextCursor =
    hasMore && last
      ? encodeCursor({ sort: query.sort.field, order: query.order, key: last.__key, id: String(last[def.pk.field]) })
      : null;
  return { rows, nextCursor };
}

/**
 * Planner cost (PostgreSQL's units: a random page read is 4) above which an exact count would read
 * too much of the table: the estimate is shown instead. An index-only count of 10,000 rows costs a
 * few hundred; 10,000 matches scattered over a million-row heap cost tens of thousands.
 */
export const EXACT_COUNT_COST_BUDGET = 5_000;

/**
 * How many rows match: exact up to EXACT_COUNT_LIMIT (a LIMITed count stays cheap), beyond that
 * the planner's row estimate for the same WHERE (EXPLAIN), marked as an estimate. When the planner
 * already expects ten times the limit, the exact count is skipped: it could only confirm "many".
 * So is a count the indexes do not answer cheaply (its share of the plan's cost over the budget):
 * its cost grows with the table, and the page beside it would wait for it.
 */
export async function countMatching(
  database: Database,
  def: ResourceDefinition,
  where: SQL | undefined,
  costBudget = EXACT_COUNT_COST_BUDGET,
): Promise<{ total: number; totalIsEstimate: boolean }> {
  const filter = where ? sql`WHERE ${where}` : sql``;
  const [plan] = await database.rows<{ "QUERY PLAN": unknown }>(
    sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${def.table} ${filter}`,
  );
  const raw = plan["QUERY PLAN"];
  type PlanTop = { "Plan Rows": number; "Startup Cost": number; "Total Cost": number };
  const parsed = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanTop }[];
  const top = parsed[0].Plan;
  const estimate = Math.round(top["Plan Rows"]);
  const asEstimate = { total: Math.max(estimate, EXACT_COUNT_LIMIT + 1), totalIsEstimate: true };
  if (estimate > 10 * EXACT_COUNT_LIMIT) return asEstimate;
  // The count stops after EXACT_COUNT_LIMIT + 1 rows: the startup and that share of the scan, as LIMIT is costed.
  const share = Math.min(1, (EXACT_COUNT_LIMIT + 1) / Math.max(estimate, 1));
  const countCost = top["Startup Cost"] + (top["Total Cost"] - top["Startup Cost"]) * share;
  if (countCost > costBudget) return { total: estimate, totalIsEstimate: true };
  const [{ n }] = await database.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${def.table} ${filter} LIMIT ${EXACT_COUNT_LIMIT + 1}) AS matching`,
  );
  return Number(n) <= EXACT_COUNT_LIMIT ? { total: Number(n), totalIsEstimate: false } : asEstimate;
}

/**
 * GET /api/resources/[resource]: one page, its total, the cursor to the next page, the people its
 * rows reference (one batched lookup for the whole page, never one per row) and the titles of the
 * records its relation columns name.
 */
export async function listRecords(
  database: Database,
  def: ResourceDefinition,
  role: StaffRole,
  query: ListQuery,
): Promise<ListResponse> {
  const personColumns = listedPersonFields(def);
  const [{ page, people, titles }, count] = await Promise.all([
    fetchPage(database, def, role, query).then(async (page) => {
      const [people, titles] = await Promise.all([
        peopleById(database, role, userIdsIn(page.rows, personColumns)),
        relatedTitles(database, def, role, page.rows),
      ]);
      return { page, people, titles };
    }),
    countMatching(database, def, whereOf(def, role, query)),
  ]);
  return {
    data: page.rows.map((row) => toClientRow(def, role, row)),
    ...count,
    nextCursor: page.nextCursor,
    people,
    ...(Object.keys(titles).length ? { titles } : {}),
  };
}

/** Every matching row, in list order, in keyset batches: constant memory however many rows (exports). */
export async function* keysetRows(
  database: Database,
  def: ResourceDefinition,
  role: StaffRole,
  query: ListQuery,
  batchSize = 1000,
): AsyncGenerator<ResourceRow[]> {
  for await (const page of keysetPages(database, def, role, query, batchSize))
    yield page.map((row) => toClientRow(def, role, row));
}

/** Every matching row as one text column (`line`, e.g. csvLineSql), in list order, in keyset batches. */
export async function* keysetLines(
  database: Database,
  def: ResourceDefinition,
  role: StaffRole,
  query: ListQuery,
  line: SQL,
  batchSize = 1000,
): AsyncGenerator<string[]> {
  for await (const page of keysetPages(database, def, role, query, batchSize, { __line: line }))
    yield page.map((row) => String(row.__line));
}

async function* keysetPages(
  database: Database,
  def: ResourceDefinition,
  role: StaffRole,
  query: ListQuery,
  batchSize: number,
  columns?: Record<string, SQL>,
): AsyncGenerator<PageRow[]> {
  let cursor: Cursor | undefined;
  for (;;) {
    const page = await fetchPage(database, def, role, { ...query, page: 1, pageSize: batchSize, cursor }, columns);
    if (page.rows.length) yield page.rows;
    if (!page.nextCursor) return;
    const last = page.rows[page.rows.length - 1];
    cursor = { sort: query.sort.field, order: query.order, key: last.__key, id: String(last[def.pk.field]) };
  }
}
