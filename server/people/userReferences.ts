import "server-only";
import { isUuid } from "../resources/listParams";
import { registry } from "../resources/registry";
import type { ResourceDefinition, RowValues } from "../resources/types";

/**
 * The fields of a resource that hold a platform user's id, as its definition declares them
 * (`people`). Checked once at load, like defineResource's own checks: a typo or a field that is
 * not a user id fails at start-up, not as a screen that quietly shows ids.
 */
export function personFields(def: ResourceDefinition): string[] {
  return def.people ?? [];
}

for (const def of Object.values(registry)) {
  for (const name of personFields(def)) {
    const field = def.fieldsByName.get(name);
    if (!field || field.spec.hidden) throw new Error(`resource ${def.name}: people names unknown field ${name}`);
    if (field.kind !== "uuid") throw new Error(`resource ${def.name}: people field ${name} is not a uuid column`);
  }
}

/** Whether `field` of `def` holds a platform user's id. */
export const isPersonField = (def: ResourceDefinition, field: string) => personFields(def).includes(field);

/**
 * Every distinct user id the rows hold in `fields` (raw database rows or client rows: both keep
 * the field names), skipping nulls and anything that is not an id.
 */
export function userIdsIn(rows: readonly RowValues[], fields: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const row of rows) {
    for (const field of fields) {
      const value = row[field];
      if (typeof value === "string" && isUuid(value)) ids.add(value.toLowerCase());
    }
  }
  return [...ids];
}

/** The person fields a list page shows (its columns): the only ones its rows need looked up. */
export function listedPersonFields(def: ResourceDefinition): string[] {
  return personFields(def).filter((field) => def.list.includes(field));
}
