import "server-only";
import { readDatabaseFor } from "../readRouting";
import { parseListState, toQueryString } from "@/components/refine/listParams";
import type { ListResponse } from "@/lib/resources/types";
import { currentActor } from "../auth/actor";
import { can } from "../auth/permissions";
import { parseListQuery } from "./listParams";
import { listRecords } from "./listQuery";
import { isResourceName, registry } from "./registry";

/** What a list page's server render hands the screen: the page for exactly this query string. */
export interface FirstListPage {
  resource: string;
  query: string;
  page: ListResponse;
}

export type PageSearchParams = Record<string, string | string[] | undefined>;

/**
 * The list's first page, read while the server renders the page, so the table arrives with the
 * HTML instead of after hydration and a second round trip. The same checks and query as
 * GET /api/resources/<resource>; anything it refuses (no session, no access, a bad filter) yields
 * null and the screen asks the route itself, which reports the error as usual.
 */
export async function firstListPage(resource: string, searchParams: PageSearchParams): Promise<FirstListPage | null> {
  if (!isResourceName(resource)) return null;
  const actor = await currentActor();
  if (!actor || !can(actor.role, "list", resource)) return null;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams))
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) search.append(key, one);
  // The screen's own canonical form of the URL: what it will compare to decide the page is its own.
  const query = toQueryString(parseListState(search));
  const def = registry[resource];
  try {
    const raw = Object.fromEntries(new URLSearchParams(query));
    const page = await listRecords(await readDatabaseFor(), def, actor.role, parseListQuery(def, actor.role, raw));
    // As the route would send it (dates as ISO text): the screen renders the same either way.
    return { resource, query, page: JSON.parse(JSON.stringify(page)) as ListResponse };
  } catch {
    return null;
  }
}
