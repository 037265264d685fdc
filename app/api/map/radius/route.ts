import { profilesWithin } from "@/server/geo/radius";
import { radiusQuery } from "@/server/geo/schemas";
import { defineRoute } from "@/server/http";
import { readDatabaseFor } from "@/server/readRouting";

export const dynamic = "force-dynamic";

/** Profiles within a radius, nearest first: individual people, so map_points only. */
export const GET = defineRoute(
  { resource: "map_points", action: "list", query: radiusQuery },
  async (query, { request }) => {
    const { lat, lng, radiusKm, limit, ...filters } = query;
    return profilesWithin(await readDatabaseFor(request), { lat, lng, radiusKm, limit }, filters);
  },
);
