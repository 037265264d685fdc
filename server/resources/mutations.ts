import "server-only";
import { and, inArray, ne, or } from "drizzle-orm";
import type { StaffRole } from "@/db/schema/enums";
import type { FieldKind, ResourceRow } from "@/lib/resources/types";
import { BULK_SELECTION_LIMIT } from "@/lib/resources/types";
import { sortedJson } from "@/lib/sortedJson";
import type { AuditEntry } from "../audit/appendAudit";
import type { HandlerResult, Transaction } from "../actions/defineAction";
import { DomainError } from "../errors";
import { isUuid, parseListQuery } from "./listParams";
import { whereOf } from "./listQuery";
import { toClientRow } from "./masking";
import { recordNotFoundMessage } from "./recordNotFound";
import type { ResourceDefinition, RowValues } from "./types";

/** The one generic write path: create, update, delete and bulk for every resource in the registry. */

const comparable = (value: unknown): unknown => {
  if (value instanceof Date) return value.getTime();
  // Keys sorted: the database returns a point as {lng, lat}, forms send {lat, lng}.
  if (value !== null && typeof value === "object") return sortedJson(value);
  return value ?? null;
};
/**
 * Whether a submitted value equals the stored one. Numeric columns come back as text ("10.00")
 * while forms send numbers: those compare as numbers, and only those ("0" and "0.0" are two
 * different bios).
 */
const same = (a: unknown, b: unknown, kind: FieldKind | undefined) =>
  comparable(a) === comparable(b) ||
  ((kind === "number" || kind === "money") &&
    a !== null &&
    b !== null &&
    a !== "" &&
    b !== "" &&
    typeof a !== "boolean" &&
    !isNaN(Number(a)) &&
    Number(a) === Number(b));

function auditOf(def: ResourceDefinition, action: string, row: RowValues, changedFields: string[]): AuditEntry {
  return {
    resource: def.name,
    action,
    recordId: String(row[def.pk.field]),
    userId: def.userColumn ? (row[def.userColumn] as string | null) : null,
    changedFields,
  };
}

function runChecks(def: ResourceDefinition, row: RowValues): void {
  const fieldErrors = def.check?.(row);
  if (fieldErrors && Object.keys(fieldErrors).length) {
    throw new DomainError("invalid", Object.values(fieldErrors)[0], fieldErrors);
  }
}

async function lockRecord(def: ResourceDefinition, tx: Transaction, id: string): Promise<RowValues> {
  const notFound = new DomainError("not_found", recordNotFoundMessage(def, id));
  if (!isUuid(id)) throw notFound;
  const [row] = (await tx.select().from(def.table).where(def.byId(id)).for("update")) as RowValues[];
  if (!row) throw notFound;
  return row;
}

export async function createIn(
  def: ResourceDefinition,
  tx: Transaction,
  role: StaffRole,
  values: RowValues,
): Promise<HandlerResult<ResourceRow>> {
  runChecks(def, values);
  await def.beforeWrite?.(tx, values, undefined);
  const [row] = (await tx.insert(def.table).values(values).returning()) as RowValues[];
  const given = Object.keys(values).filter((k) => values[k] !== undefined);
  return { data: toClientRow(def, role, row), audit: auditOf(def, "create", row, given) };
}

export async function updateIn(
  def: ResourceDefinition,
  tx: Transaction,
  role: StaffRole,
  id: string,
  values: RowValues,
): Promise<HandlerResult<ResourceRow>> {
  const previous = await lockRecord(def, tx, id);
  const changed = Object.keys(values).filter(
    (k) => values[k] !== undefined && !same(values[k], previous[k], def.fieldsByName.get(k)?.kind),
  );
  const merged = { ...previous, ...values };
  runChecks(def, merged);
  // Nothing differs: no write, so nothing to audit.
  if (changed.length === 0) return { data: toClientRow(def, role, previous), audit: [] };
  await def.beforeWrite?.(tx, merged, previous);
  const set = Object.fromEntries(changed.map((k) => [k, values[k]]));
  const [row] = (await tx.update(def.table).set(set).where(def.byId(id)).returning()) as RowValues[];
  return { data: toClientRow(def, role, row), audit: auditOf(def, "update", row, changed) };
}

export async function deleteIn(
  def: ResourceDefinition,
  tx: Transaction,
  id: string,
): Promise<HandlerResult<{ id: string }>> {
  const previous = await lockRecord(def, tx, id);
  await tx.delete(def.table).where(def.byId(id));
  return { data: { id }, audit: auditOf(def, "delete", previous, []) };
}

export type BulkSelection = { ids: string[] } | { query: Record<string, string>; expectedCount: number };

/**
 * Applies a bulk action to a selection: explicit ids, or "all N matching" a list query (refused
 * when more than BULK_SELECTION_LIMIT match or when the number matching is no longer what the
 * person saw). Rows are locked first; one audit row per changed record.
 */
export async function bulkIn(
  def: ResourceDefinition,
  tx: Transaction,
  role: StaffRole,
  actionName: string,
  selection: BulkSelection,
): Promise<HandlerResult<{ matched: number; changed: number }>> {
  const spec = def.bulk?.[actionName];
  if (!spec) throw new DomainError("invalid", `${def.plural} have no bulk action ${actionName}`);
  const pk = def.pk.column;
  const where =
    "ids" in selection ? inArray(pk, selection.ids) : whereOf(def, role, parseListQuery(def, role, selection.query));
  const locked = (await tx
    .select({ id: pk })
    .from(def.table)
    .where(where)
    .limit(BULK_SELECTION_LIMIT + 1)
    .for("update")) as { id: string }[];
  if (locked.length > BULK_SELECTION_LIMIT) {
    const message = `More than ${BULK_SELECTION_LIMIT} records match; narrow the filters (bulk actions take at most ${BULK_SELECTION_LIMIT})`;
    throw new DomainError("invalid", message, { selection: message });
  }
  if ("expectedCount" in selection && locked.length !== selection.expectedCount) {
    const message = `The selection changed: ${locked.length} records match now, ${selection.expectedCount} were selected. Review the list and try again.`;
    throw new DomainError("conflict", message, { selection: message });
  }
  if (locked.length === 0) return { data: { matched: 0, changed: 0 }, audit: [] };
  const fields = Object.keys(spec.set);
  const differs = or(...fields.map((f) => ne(def.fieldsByName.get(f)!.column, spec.set[f])));
  const returning = { id: pk, ...(def.userColumn ? { userId: def.fieldsByName.get(def.userColumn)!.column } : {}) };
  const changed = (await tx
    .update(def.table)
    .set(spec.set)
    .where(
      and(
        inArray(
          pk,
          locked.map((r) => r.id),
        ),
        differs,
      ),
    )
    .returning(returning)) as { id: string; userId?: string }[];
  return {
    data: { matched: locked.length, changed: changed.length },
    audit: changed.map((row) => ({
      resource: def.name,
      action: `bulk_${actionName}`,
      recordId: row.id,
      userId: row.userId ?? null,
      changedFields: fields,
    })),
  };
}
