import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ensureAggregate } from "./aggregate";
import { cellDegrees, cellIndex, finestLevel, storedLevels } from "./grid";
import { cellColumns, cellsTable, filterCondition, pointOf } from "./filters";
import type { MapFilters } from "./schemas";

/**
 * Counts of profiles in a box or a circle, estimated from the precomputed map_cells instead of
 * counting rows: exact counts of tens of thousands of scattered rows cost hundreds of
 * milliseconds of heap reads. Callers count exactly when the estimate is small (exactCountLimit).
 */
export const exactCountLimit = 5_000;

/** Profiles in a lng/lat box: finest cells, each weighted by the share of its area inside the box. */
export async function estimateInBox(
  database: Database,
  box: { west: number; south: number; east: number; north: number },
  filters: MapFilters,
): Promise<number> {
  await ensureAggregate(database);
  const level = finestLevel;
  const size = cellDegrees(level);
  const rows = await database.rows<{ cx: number; cy: number; n: number }>(sql`
    SELECT cx, cy, sum(n)::int AS n FROM ${cellsTable(filters)}
    WHERE level = ${level}::smallint
      AND cx BETWEEN ${cellIndex(box.west + 180, level)}::int AND ${cellIndex(box.east + 180, level)}::int
      AND cy BETWEEN ${cellIndex(box.south + 90, level)}::int AND ${cellIndex(box.north + 90, level)}::int
      AND ${filterCondition(filters, cellColumns)}
    GROUP BY cx, cy`);
  let total = 0;
  for (const r of rows) {
    const west = Number(r.cx) * size - 180;
    const south = Number(r.cy) * size - 90;
    const width = Math.max(0, Math.min(west + size, box.east) - Math.max(west, box.west));
    const height = Math.max(0, Math.min(south + size, box.north) - Math.max(south, box.south));
    total += (Number(r.n) * width * height) / (size * size);
  }
  return Math.round(total);
}

/** Profiles within a radius: cells whose centroid lies inside it, at a level whose cells are small beside the radius. */
export async function estimateInRadius(
  database: Database,
  centre: { lng: number; lat: number },
  radiusKm: number,
  filters: MapFilters,
): Promise<number> {
  await ensureAggregate(database);
  const cellKm = radiusKm / 8;
  const level = storedLevels.find((l) => cellDegrees(l) * 111 <= cellKm) ?? finestLevel;
  // A degree of latitude is 110.574 km at the equator (WGS84) and longer elsewhere: never reach short.
  const latReach = radiusKm / 110.5;
  const lngReach =
    radiusKm / (111 * Math.max(Math.cos((Math.min(Math.abs(centre.lat) + latReach, 89.9) * Math.PI) / 180), 0.01));
  const wholeWidth = lngReach >= 180;
  const west = wholeWidth ? -180 : Math.max(centre.lng - lngReach, -180);
  const east = wholeWidth ? 180 : Math.min(centre.lng + lngReach, 180);
  const south = Math.max(centre.lat - latReach, -90);
  const north = Math.min(centre.lat + latReach, 90);
  // Near the antimeridian the box would need to wrap: read the whole width instead.
  const wraps = !wholeWidth && (centre.lng - lngReach < -180 || centre.lng + lngReach > 180);
  const [row] = await database.rows<{ n: number | null }>(sql`
    SELECT sum(n)::int AS n FROM (
      SELECT sum(n) AS n, sum(sum_lng) / sum(n) AS lng, sum(sum_lat) / sum(n) AS lat FROM ${cellsTable(filters)}
      WHERE level = ${level}::smallint
        AND cx BETWEEN ${cellIndex((wraps ? -180 : west) + 180, level)}::int AND ${cellIndex((wraps ? 180 : east) + 180, level)}::int
        AND cy BETWEEN ${cellIndex(south + 90, level)}::int AND ${cellIndex(north + 90, level)}::int
        AND ${filterCondition(filters, cellColumns)}
      GROUP BY cx, cy) AS cells
    WHERE ST_DWithin(ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography, ${pointOf(centre.lng, centre.lat)}, ${radiusKm * 1000}::float8)`);
  return Number(row?.n ?? 0);
}
