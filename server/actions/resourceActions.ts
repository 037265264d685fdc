"use server";

import { z } from "zod";
import { BULK_SELECTION_LIMIT, type ResourceRow } from "@/lib/resources/types";
import { DomainError, type ActionResult } from "../errors";
import { UNSTORABLE_TEXT, unstorablePath } from "../storableText";
import { currentActor } from "../auth/actor";
import { defineAction } from "./defineAction";
import { isResourceName, registry } from "../resources/registry";
import { bulkIn, createIn, deleteIn, updateIn, type BulkSelection } from "../resources/mutations";
import type { ResourceDefinition } from "../resources/types";

/**
 * The generic mutations of the registry, thin: each resolves the resource and hands over to a
 * defineAction-built function (session → can → zod → transaction → handler → audit).
 */
type Refusal = { ok: false; error: { code: "not_found" | "forbidden" | "unauthenticated"; message: string } };

/** Refusals that need no data still come after the session check: nothing is said to a caller without one. */
async function refuse(code: "not_found" | "forbidden", message: string): Promise<Refusal> {
  if (!(await currentActor()))
    return { ok: false, error: { code: "unauthenticated", message: "Please sign in again." } };
  return { ok: false, error: { code, message } };
}

function lookup(resource: string): ResourceDefinition | Promise<Refusal> {
  if (!isResourceName(resource)) return refuse("not_found", `Unknown resource: ${resource}`);
  return registry[resource];
}
/** The record id is a parameter like any field: text the database cannot store is an error naming it. */
function storableRecordId(id: unknown): string {
  const text = String(id);
  if (unstorablePath(text) !== null)
    throw new DomainError("invalid", "Please correct the highlighted fields.", { id: UNSTORABLE_TEXT });
  return text;
}

const refusal = (def: ResourceDefinition, what: string) =>
  refuse("forbidden", `${def.plural} cannot be ${what} in the back office.`);

export async function createRecord(resource: string, values: unknown): Promise<ActionResult<ResourceRow>> {
  const def = lookup(resource);
  if (def instanceof Promise) return def;
  if (!def.createSchema) return refusal(def, "created");
  return defineAction({ resource: def.name, action: "create", input: def.createSchema }, (input, { actor, tx }) =>
    createIn(def, tx, actor.role, input),
  )(values);
}

export async function updateRecord(resource: string, id: string, values: unknown): Promise<ActionResult<ResourceRow>> {
  const def = lookup(resource);
  if (def instanceof Promise) return def;
  if (!def.updateSchema) return refusal(def, "edited");
  return defineAction({ resource: def.name, action: "edit", input: def.updateSchema }, (input, { actor, tx }) =>
    updateIn(def, tx, actor.role, storableRecordId(id), input),
  )(values);
}

export async function deleteRecord(resource: string, id: string): Promise<ActionResult<{ id: string }>> {
  const def = lookup(resource);
  if (def instanceof Promise) return def;
  if (!def.delete) return refusal(def, "deleted");
  // The id travels as a named field so that the payload checks name it ("id") when it is unstorable.
  return defineAction({ resource: def.name, action: "delete", input: z.object({ id: z.string() }) }, (input, { tx }) =>
    deleteIn(def, tx, input.id),
  )({ id: String(id) });
}

const selectionSchema = z.union([
  z.object({ ids: z.array(z.guid("Not a record id")).min(1, "Select at least one record").max(BULK_SELECTION_LIMIT) }),
  z.object({
    query: z.record(z.string(), z.string()),
    expectedCount: z
      .number()
      .int()
      .min(1)
      .max(BULK_SELECTION_LIMIT, `Bulk actions take at most ${BULK_SELECTION_LIMIT} records`),
  }),
]);

export async function bulkAction(
  resource: string,
  action: "verify" | "cancel",
  selection: BulkSelection,
): Promise<ActionResult<{ matched: number; changed: number }>> {
  const def = lookup(resource);
  if (def instanceof Promise) return def;
  const spec = def.bulk?.[action];
  if (!spec) return refusal(def, `bulk-${action}ed`);
  return defineAction({ resource: def.name, action: spec.action, input: selectionSchema }, (input, { actor, tx }) =>
    bulkIn(def, tx, actor.role, action, input),
  )(selection);
}
