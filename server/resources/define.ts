import "server-only";
import { eq, getTableColumns, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { createSchemaFactory } from "drizzle-zod";
import { z } from "zod";
import type { FieldKind } from "@/lib/resources/types";
import type {
  FieldSpec,
  JoinedFilter,
  JoinedFilterSpec,
  ResolvedField,
  ResourceDefinition,
  ResourceSpec,
  RowValues,
} from "./types";
import { writableOnly } from "./writableOnly";

const zodFactory = createSchemaFactory({ coerce: { date: true, number: true } });

const humanize = (field: string) =>
  field
    .replace(/([A-Z])/g, " $1")
    .replace(/^./, (c) => c.toUpperCase())
    .replace(/\bId\b/, "ID")
    .replace(/\bAt$/, "")
    .trim();

function kindOf(column: PgColumn, spec: FieldSpec): FieldKind {
  if (spec.kind) return spec.kind;
  if (spec.enumValues) return "enum";
  switch (column.columnType) {
    case "PgUUID":
      return "uuid";
    case "PgTimestamp":
    case "PgTimestampString":
    case "PgDate":
      return "date";
    case "PgBoolean":
      return "boolean";
    case "PgInteger":
    case "PgDoublePrecision":
    case "PgReal":
    case "PgBigInt53":
      return "number";
    case "PgNumeric":
      return "money";
    case "PgJsonb":
    case "PgJson":
    case "PgCustomColumn":
      return "json";
    default:
      return "text";
  }
}

/** Plain decimal text: what a money field accepts (no exponents, no thousands separators). */
const decimalText = /^-?\d+(\.\d+)?$/;

/**
 * Money typed in a form may arrive as a number or as text; it is kept as exact decimal text with
 * two places. A third decimal place is refused, never rounded: 10.999 saved as 11.00 would be a
 * price nobody typed.
 */
const moneySchema = (label: string, max: number) =>
  z
    .union([z.number(), z.string().trim().min(1, "Required")])
    .transform(String)
    .pipe(
      z
        .string()
        .regex(decimalText, `${label} must be a number`)
        .refine((text) => !/\.\d{2}\d*[1-9]/.test(text), `${label}: at most 2 decimal places`)
        .transform(Number)
        .pipe(z.number().min(0, `${label} cannot be negative`).max(max, `${label} must be at most ${max}`)),
    )
    .transform((n) => n.toFixed(2));

/** drizzle-zod schemas refined with the field specs (enums, ranges, custom types). */
function refinements(fields: ResolvedField[]) {
  const result: Record<string, (schema: z.ZodType) => z.ZodType> = {};
  for (const f of fields) {
    const { spec } = f;
    if (spec.schema) {
      const replacement = spec.schema;
      result[f.field] = () => (f.nullable ? replacement.nullable() : replacement);
    } else if (f.kind === "uuid") {
      // Any 8-4-4-4-12 hex id (z.uuid() insists on an RFC 4122 variant; seeded ids need not have one).
      const id = z.guid(`${f.label} must be a record id`);
      result[f.field] = () => (f.nullable ? id.nullable() : id);
    } else if (f.kind === "money") {
      result[f.field] = () => moneySchema(f.label, spec.max ?? 99_999_999);
    } else if (spec.enumValues) {
      const values = spec.enumValues;
      result[f.field] = (schema) =>
        schema.refine((v) => v === null || values.includes(String(v)), `Must be one of: ${values.join(", ")}`);
    } else if (f.kind === "text" && !f.nullable) {
      result[f.field] = (schema) => schema.refine((v) => typeof v !== "string" || v.trim() !== "", "Required");
    } else if (spec.min !== undefined || spec.max !== undefined) {
      const min = spec.min ?? -Infinity;
      const max = spec.max ?? Infinity;
      const message = spec.rangeMessage ?? `Must be between ${min} and ${max}`;
      result[f.field] = (schema) => schema.refine((v) => v === null || (Number(v) >= min && Number(v) <= max), message);
    }
  }
  return result;
}

function resolveField(field: string, column: PgColumn, fieldSpec: FieldSpec): ResolvedField {
  const kind = kindOf(column, fieldSpec);
  return {
    field,
    column,
    label: fieldSpec.label ?? humanize(field),
    kind,
    nullable: !column.notNull,
    spec: fieldSpec,
    sortKey: fieldSpec.sortNullsAsEarliest ? sql`coalesce(${column}, '-infinity'::timestamptz)` : sql`${column}`,
  };
}

function resolveJoinedFilter(resource: string, name: string, spec: JoinedFilterSpec, pk: PgColumn): JoinedFilter {
  const columns = getTableColumns(spec.table) as Record<string, PgColumn>;
  const key = columns[spec.key];
  const column = columns[spec.field];
  if (!key || !column) throw new Error(`resource ${resource}: joined filter ${name} names an unknown field`);
  return {
    field: resolveField(name, column, spec.spec ?? {}),
    ops: spec.ops,
    exists: (condition) => sql`EXISTS (SELECT 1 FROM ${spec.table} WHERE ${key} = ${pk} AND ${condition})`,
  };
}

const pick = (names: string[]) => Object.fromEntries(names.map((n) => [n, true as const]));

/** Resolves a declarative spec against its Drizzle table; throws at load time on a typo. */
export function defineResource(spec: ResourceSpec): ResourceDefinition {
  const columns = getTableColumns(spec.table as PgTable) as Record<string, PgColumn>;
  const fieldsByName = new Map<string, ResolvedField>();
  for (const [field, column] of Object.entries(columns)) {
    fieldsByName.set(field, resolveField(field, column, spec.fields?.[field] ?? {}));
  }
  const need = (field: string, where: string) => {
    const found = fieldsByName.get(field);
    if (!found) throw new Error(`resource ${spec.name}: ${where} names unknown field ${field}`);
    if (found.spec.hidden) throw new Error(`resource ${spec.name}: ${where} names hidden field ${field}`);
    return found;
  };
  for (const f of Object.keys(spec.fields ?? {}))
    if (!fieldsByName.has(f)) throw new Error(`${spec.name}: unknown field ${f}`);
  spec.list.forEach((f) => need(f, "list"));
  for (const f of spec.sortable) {
    const sortable = need(f, "sortable");
    if (sortable.spec.sortNullsAsEarliest && sortable.kind !== "date")
      throw new Error(`resource ${spec.name}: sortNullsAsEarliest on ${f} is for dates only`);
    if (sortable.nullable && !sortable.spec.sortNullsAsEarliest)
      throw new Error(
        `resource ${spec.name}: sortable ${f} is nullable (keyset needs NOT NULL or sortNullsAsEarliest)`,
      );
  }
  need(spec.defaultSort.field, "defaultSort");
  Object.keys(spec.filters).forEach((f) => need(f, "filters"));
  spec.search?.fields.forEach((f) => need(f, "search"));
  [...(spec.create ?? []), ...(spec.update ?? [])].forEach((f) => need(f, "create/update"));
  const pk = need(spec.primaryKey, "primaryKey");
  if (spec.userColumn) need(spec.userColumn, "userColumn");
  spec.staff?.forEach((f) => need(f, "staff"));
  const joinedFilterFields = new Map<string, JoinedFilter>();
  for (const [name, joined] of Object.entries(spec.joinedFilters ?? {})) {
    if (fieldsByName.has(name) || spec.filters[name])
      throw new Error(`resource ${spec.name}: joined filter ${name} clashes with a field`);
    joinedFilterFields.set(name, resolveJoinedFilter(spec.name, name, joined, pk.column));
  }

  const resolved = [...fieldsByName.values()];
  // The table is only known as PgTable here, so drizzle-zod's per-table typing is bypassed once, in this spot.
  const refine = refinements(resolved) as never;
  const table = spec.table as PgTable;
  type Pickable = { pick(mask: Record<string, true>): z.ZodType<RowValues> };
  const columnNames = new Set(fieldsByName.keys());
  const createSchema = spec.create
    ? writableOnly(
        (zodFactory.createInsertSchema(table, refine) as unknown as Pickable).pick(pick(spec.create)),
        spec.create,
        columnNames,
        "cannot be set",
        spec.plural,
      )
    : undefined;
  const updateSchema = spec.update
    ? writableOnly(
        (zodFactory.createUpdateSchema(table, refine) as unknown as Pickable).pick(pick(spec.update)),
        spec.update,
        columnNames,
        "cannot be changed",
        spec.plural,
      )
    : undefined;

  return {
    ...spec,
    fieldsByName,
    visibleFields: resolved.filter((f) => !f.spec.hidden),
    pk,
    joinedFilterFields,
    createSchema,
    updateSchema,
    byId: (id) => eq(pk.column, id),
  };
}
