import "server-only";
import { inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { staffAccounts } from "@/db/schema";
import type { StaffRole } from "@/db/schema/enums";
import { roleLabel } from "@/components/shell/roleLabels";
import type { RelatedTitles } from "@/lib/resources/types";
import { can } from "../auth/permissions";
import { userIdsIn } from "../people/userReferences";
import { seesVerbatim } from "./masking";
import { registry } from "./registry";
import type { ResourceDefinition, RowValues } from "./types";

/** Any uuid column's values (the helper is the people lookup's; an id is an id). */
const idsIn = (rows: readonly RowValues[], field: string) => userIdsIn(rows, [field]);

/**
 * A staff member as a record names them: by name and role for whoever may see who did what (the
 * audit views), by role alone otherwise (an analyst reading the audit trail learns what kind of
 * staff acted, not who).
 */
async function staffTitles(database: Database, role: StaffRole, ids: string[]): Promise<Record<string, string>> {
  const named = can(role, "list", "compliance_views");
  const found = await database.db
    .select({ id: staffAccounts.id, name: staffAccounts.name, role: staffAccounts.role })
    .from(staffAccounts)
    .where(inArray(staffAccounts.id, ids));
  return Object.fromEntries(
    found.map((staff) => {
      const label = roleLabel[staff.role as StaffRole] ?? staff.role;
      return [staff.id, named ? `${staff.name} (${label.toLowerCase()})` : label];
    }),
  );
}

/**
 * What a page's reference fields name, by field and id: a registration's event by its title, an
 * audit row's staff member, instead of an id. A relation is named when its resource has a
 * `titleField` the role may list unmasked; one query per field for the page's ids. People have
 * their own lookup (server/people).
 */
export async function relatedTitles(
  database: Database,
  def: ResourceDefinition,
  role: StaffRole,
  rows: readonly RowValues[],
  /** The fields shown: a list page's columns, or (a record's page) every field. */
  shown: (field: string) => boolean = (field) => def.list.includes(field),
): Promise<RelatedTitles> {
  const titles: RelatedTitles = {};
  const lookups: Promise<void>[] = [];
  for (const { field, resource } of def.relations ?? []) {
    const target = registry[resource];
    const title = target.titleField ? target.fieldsByName.get(target.titleField) : undefined;
    const ids = idsIn(rows, field);
    if (!shown(field) || !ids.length || !title || !can(role, "list", target.name) || !seesVerbatim(title, role))
      continue;
    lookups.push(
      database.db
        .select({ id: target.pk.column, title: title.column })
        .from(target.table)
        .where(inArray(target.pk.column, ids))
        .then((found) => {
          titles[field] = Object.fromEntries(found.map((row) => [String(row.id), String(row.title)]));
        }),
    );
  }
  for (const field of def.staff ?? []) {
    const ids = idsIn(rows, field);
    if (!shown(field) || !ids.length) continue;
    lookups.push(staffTitles(database, role, ids).then((found) => void (titles[field] = found)));
  }
  await Promise.all(lookups);
  return titles;
}
