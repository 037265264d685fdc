import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { inSentence } from "@/lib/resources/labels";
import { isUuid } from "./listParams";
import type { ResourceDefinition } from "./types";

/**
 * What a person is told when an address names no record. A malformed id and a well-formed one that
 * matches nothing are both "not found" (404): either way there is no such record, and neither is a
 * fault of the server. The id is echoed (shortened, JSON-quoted) so a mistyped link is recognisable.
 */
export function recordNotFoundMessage(def: ResourceDefinition, id: string): string {
  const shown = JSON.stringify(id.length > 64 ? `${id.slice(0, 64)}…` : id);
  return isUuid(id)
    ? `${def.singular} not found: no ${inSentence(def.singular)} has the id ${shown}.`
    : `${def.singular} not found: ${shown} is not a record id.`;
}

/** One primary-key lookup; nothing is selected but the fact. */
export async function recordExists(database: Database, def: ResourceDefinition, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const found = await database.db
    .select({ one: sql`1` })
    .from(def.table)
    .where(def.byId(id))
    .limit(1);
  return found.length > 0;
}
