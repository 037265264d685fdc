import "server-only";
import type { Metadata } from "next";
import { getDatabase } from "@/db/client";
import { displayName } from "@/lib/resources/people";
import { recordTitle } from "@/lib/resources/labels";
import { currentActor } from "../auth/actor";
import { can, type CrudResource } from "../auth/permissions";
import { DomainError } from "../errors";
import { peopleById } from "../people/peopleById";
import { personFields, userIdsIn } from "../people/userReferences";
import { getRecord } from "./getRecord";
import { isUuid } from "./listParams";
import { registry } from "./registry";

/**
 * The browser tab's title for a record's page, naming the record as the role may see it ("Leon I.
 * — user", "L. I. — user" for an analyst, "Speed dating Berlin — event", "Match of Leon I. and
 * Ana K."). Nothing (the app's own title) when the role may not open it or there is no such record:
 * a title must not tell what the page does not.
 */
export async function recordPageTitle(resource: CrudResource, id: string, mode: "show" | "edit"): Promise<Metadata> {
  const actor = await currentActor();
  if (!actor || !isUuid(id) || !can(actor.role, "show", resource)) return {};
  const def = registry[resource];
  const database = await getDatabase();
  try {
    const record = await getRecord(database, def, actor.role, id);
    const people = await peopleById(database, actor.role, userIdsIn([record], personFields(def)));
    const nameOf = (userId: string) => (people[userId] ? displayName(people[userId]) : undefined);
    const title = recordTitle(def, record, nameOf);
    return { title: mode === "edit" ? `Edit: ${title}` : title };
  } catch (error) {
    if (error instanceof DomainError) return {};
    throw error;
  }
}
