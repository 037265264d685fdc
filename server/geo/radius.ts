import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { filterCondition, hasFilters, joinsFor, placeable, pointOf, profileColumns } from "./filters";
import { estimateInRadius, exactCountLimit } from "./estimate";
import { nearestOnSpheroid } from "./nearest";
import type { MapFilters } from "./schemas";

export interface NearbyProfile {
  id: string;
  name: string;
  age: number;
  gender: string;
  lng: number;
  lat: number;
  /** Geodesic distance on the WGS84 spheroid, metres. */
  metres: number;
}

export interface RadiusResult {
  centre: { lng: number; lat: number };
  radiusKm: number;
  profiles: NearbyProfile[];
  /** Profiles inside the radius (matching the filters); more than profiles.length when the list is capped. */
  total: number;
  /** Above exactCountLimit the total is estimated from map_cells rather than counted. */
  totalIsEstimate: boolean;
  capped: boolean;
}

/**
 * Profiles within `radiusKm` of a centre, nearest first. ST_DWithin on the geography column uses
 * ix_profiles_location; the KNN operator (<->) walks the same index in distance order, so only the
 * first `limit` rows are read. <-> orders by sphere distance, so the page is made exact on the
 * spheroid by nearestOnSpheroid.
 */
export async function profilesWithin(
  database: Database,
  query: RadiusSearch,
  filters: MapFilters = {},
): Promise<RadiusResult> {
  const statements = radiusStatements(query, filters);
  const limit = query.limit ?? 100;
  const [profiles, inCircle] = await Promise.all([
    nearestOnSpheroid(database, (within) => radiusStatements(query, filters, within).rows, limit),
    estimateInRadius(database, query, query.radiusKm, {}),
  ]);
  // Counting reads every profile in the circle, filtered or not: only when there are few of them
  // (or when the page holds them all). Otherwise the total is estimated from map_cells.
  const exact =
    profiles.length < limit
      ? profiles.length
      : inCircle <= exactCountLimit
        ? Number((await database.rows<{ n: number }>(statements.count))[0].n)
        : null;
  const total =
    exact ??
    Math.max(
      hasFilters(filters) ? await estimateInRadius(database, query, query.radiusKm, filters) : inCircle,
      profiles.length,
    );
  return {
    centre: { lng: query.lng, lat: query.lat },
    radiusKm: query.radiusKm,
    profiles,
    total,
    totalIsEstimate: exact === null,
    capped: total > profiles.length,
  };
}

export interface RadiusSearch {
  lng: number;
  lat: number;
  radiusKm: number;
  limit?: number;
}

/**
 * The page and count statements of a radius search (exported so tests can check their plans). With
 * `withinMetres`, the page statement reads every match that near instead (nearestOnSpheroid).
 */
export function radiusStatements(
  query: RadiusSearch,
  filters: MapFilters = {},
  withinMetres?: number,
): { rows: SQL; count: SQL } {
  const centre = pointOf(query.lng, query.lat);
  const where = sql`ST_DWithin(p.location, ${centre}, ${query.radiusKm * 1000}::float8)
    AND ${placeable} AND ${filterCondition(filters, profileColumns)}`;
  const select = sql`SELECT p.user_id AS id, p.name, p.age, p.gender, ST_X(p.location::geometry) AS lng, ST_Y(p.location::geometry) AS lat,
        ST_Distance(p.location, ${centre}) AS metres
      FROM profiles p ${joinsFor(filters)}`;
  const count = sql`SELECT count(*)::int AS n FROM profiles p ${joinsFor(filters)} WHERE ${where}`;
  if (withinMetres !== undefined) {
    return {
      rows: sql`${select} WHERE ST_DWithin(p.location, ${centre}, ${withinMetres}::float8) AND ${where}`,
      count,
    };
  }
  return {
    // The explicit && with the expanded box (what ST_DWithin adds itself) tips PostgreSQL's planner
    // into one GIST scan that both filters and walks in distance order, stopping after `limit`
    // rows; without it, on clustered data, it bitmap-scans the whole circle and sorts.
    rows: sql`
      ${select}
      WHERE p.location && _ST_Expand(${centre}, ${query.radiusKm * 1000}::float8) AND ${where}
      ORDER BY p.location <-> ${centre}
      LIMIT ${query.limit ?? 100}`,
    count,
  };
}
