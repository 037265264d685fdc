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
