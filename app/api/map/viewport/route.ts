import { getDatabase } from "@/db/client";
import { can } from "@/server/auth/permissions";
import { viewportData } from "@/server/geo/viewport";
import { viewportQuery } from "@/server/geo/schemas";
import { defineRoute } from "@/server/http";
import { readDatabaseFor } from "@/server/readRouting";
import { aggregateFreshness } from "@/server/geo/aggregate";

export const dynamic = "force-dynamic";

/** Clusters or points for the map's viewport; points only for roles with map_points. */
export const GET = defineRoute(
  { resource: "map", action: "list", query: viewportQuery },
  async (query, { actor, request }) => {
    const { west, south, east, north, zoom, ...filters } = query;
    const replica = await readDatabaseFor(request);
    // The clusters are built on a database's first map read, a write a replica cannot do: that one read
    // goes to the primary.
    const freshness = await aggregateFreshness(replica);
    const database = freshness.refreshedAt ? replica : await getDatabase();
    return viewportData(database, { west, south, east, north, zoom }, filters, {
      points: can(actor.role, "list", "map_points"),
      freshness,
    });
  },
);
