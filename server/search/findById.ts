import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { StaffRole } from "@/db/schema/enums";
import { can, crudResources, type CrudResource } from "../auth/permissions";
import { isUuid } from "../resources/listParams";
import { registry } from "../resources/registry";

/** The resources `role` may both list and open: the only ones an id may be looked up in for it. */
export function searchableResources(role: StaffRole): CrudResource[] {
  return crudResources.filter((name) => can(role, "list", name) && can(role, "show", name));
}

/**
 * Which tables hold a record with this id (a UUID pasted from a ticket, a log line, an export):
 * one query of primary-key probes, one per resource the role may open. A user's id is also their
 * profile's (profiles are keyed by user_id), so both are found.
 */
export async function resourcesHoldingId(database: Database, role: StaffRole, id: string): Promise<CrudResource[]> {
  if (!isUuid(id)) return [];
  const resources = searchableResources(role);
  if (!resources.length) return [];
  const probes = resources.map((name) => {
    const def = registry[name];
    return sql`SELECT ${name}::text AS resource WHERE EXISTS (SELECT 1 FROM ${def.table} WHERE ${def.byId(id)})`;
  });
  const rows = await database.rows<{ resource: string }>(sql.join(probes, sql` UNION ALL `));
  const found = new Set(rows.map((row) => row.resource));
  return resources.filter((name) => found.has(name));
}
