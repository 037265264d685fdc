import "server-only";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { currentActor } from "../auth/actor";
import { can, type CrudResource } from "../auth/permissions";
import { isUuid } from "./listParams";
import { recordExists } from "./recordNotFound";
import { registry } from "./registry";

/**
 * For the show and edit pages: renders the not-found page (HTTP 404) at once when the id names no
 * record, instead of an empty form or a spinner retrying. Existence is looked up only for a role
 * that may open the record; any other role gets its "cannot open" screen and learns nothing.
 */
export async function requireRecord(resource: CrudResource, id: string): Promise<void> {
  if (!isUuid(id)) notFound();
  const actor = await currentActor();
  if (!actor || !can(actor.role, "show", resource)) return;
  if (!(await recordExists(await getDatabase(), registry[resource], id))) notFound();
}
