import { matchCandidates } from "@/server/geo/candidates";
import { candidatesQuery } from "@/server/geo/schemas";
import { defineRoute } from "@/server/http";
import { readDatabaseFor } from "@/server/readRouting";

export const dynamic = "force-dynamic";

/** Location-based match candidates of one user. */
export const GET = defineRoute(
  { resource: "map_points", action: "list", query: candidatesQuery },
  async (query, { request }) => matchCandidates(await readDatabaseFor(request), query.userId, query.limit),
);
