import { seekerOf } from "@/server/geo/candidates";
import { profileLocationQuery } from "@/server/geo/schemas";
import { defineRoute } from "@/server/http";
import { readDatabaseFor } from "@/server/readRouting";

export const dynamic = "force-dynamic";

/** One user's position and matching preferences (a radius search centred on them starts here). */
export const GET = defineRoute(
  { resource: "map_points", action: "show", query: profileLocationQuery },
  async (query, { request }) => seekerOf(await readDatabaseFor(request), query.userId),
);
