import { getDatabase } from "@/db/client";
import { can } from "@/server/auth/permissions";
import { viewportData } from "@/server/geo/viewport";
import { viewportQuery } from "@/server/geo/schemas";
import { defineRoute } from "@/server/http";

export const dynamic = "force-dynamic";

/** Clusters or points for the map's viewport; points only for roles with map_points. */
export const GET = defineRoute({ resource: "map", action: "list", query: viewportQuery }, async (query, { actor }) => {
  const { west, south, east, north, zoom, ...filters } = query;
  return viewportData(await getDatabase(), { west, south, east, north, zoom }, filters, {
    points: can(actor.role, "list", "map_points"),
  });
});
