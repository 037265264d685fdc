import type { StaffRole } from "@/db/schema/enums";
import type { ResourceMeta } from "@/lib/resources/types";
import { resourceMetadata } from "@/server/resources/metadata";

/** One resource's metadata for a role, as the browser gets it. */
export function fullMetaOf(role: StaffRole, name: string): ResourceMeta {
  const found = resourceMetadata(role).find((m) => m.name === name);
  if (!found) throw new Error(`${role} gets no metadata for ${name}`);
  return found;
}

/** The same without its record labels, which resourcesMutantsDefinitions.test.ts checks on their own. */
export function metaOf(role: StaffRole, name: string): Omit<ResourceMeta, "recordLabels"> {
  const { recordLabels: _labels, ...rest } = fullMetaOf(role, name);
  return rest;
}

/** Pieces the hand-written tables share: a record's user as its first column and filter, its creation time. */
export const userColumn = { field: "userId", label: "User", kind: "person", sortable: false } as const;
export const userFilter = { field: "userId", label: "User", kind: "person", ops: ["eq"] };
export const createdColumn = { field: "createdAt", label: "Created", kind: "date", sortable: true } as const;
export const createdFilter = { field: "createdAt", label: "Created", kind: "date", ops: ["gte", "lte"] };
export const newestFirst = { field: "createdAt", order: "desc" } as const;
/** Evidence about one user, read and exported, never written here (no form, no bulk action). */
export const readOnlyUserEvidence = {
  formFields: [],
  can: { list: true, show: true, create: false, edit: false, delete: false, export: true },
  bulkActions: [],
  relations: [{ field: "userId", resource: "users" }],
  people: ["userId"],
};
