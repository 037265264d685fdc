import { can } from "@/server/auth/permissions";
import { anomalousProfiles, anomalyCounts } from "@/server/geo/anomalies";
import { anomaliesQuery } from "@/server/geo/schemas";
import { defineRoute } from "@/server/http";
import { readDatabaseFor } from "@/server/readRouting";

export const dynamic = "force-dynamic";

/** Counts of unplaceable locations for every map role; the profiles themselves only with map_points. */
export const GET = defineRoute(
  { resource: "map", action: "list", query: anomaliesQuery },
  async (query, { actor, request }) => {
    const database = await readDatabaseFor(request);
    const counts = await anomalyCounts(database);
    const profiles = can(actor.role, "list", "map_points")
      ? await anomalousProfiles(database, query.kind, query.limit)
      : null;
    return { counts, profiles };
  },
);
