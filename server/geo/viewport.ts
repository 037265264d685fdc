import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { rowsWithPlannerSettings, type PlannerSettings } from "@/db/plannerSettings";
import { ensureAggregate, type AggregateFreshness } from "./aggregate";
import { estimateInBox, exactCountLimit } from "./estimate";
import { cellCentre, cellIndex, gridFor, minClusterForAggregateRoles, pointsFromZoom } from "./grid";
import {
  cellColumns,
  cellsTable,
  filterCondition,
  hasFilters,
  joinsFor,
  placeable,
  pointOf,
  profileColumns,
} from "./filters";
import type { MapFilters } from "./schemas";

export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface Cluster {
  lng: number;
  lat: number;
  count: number;
}
export interface MapPoint {
  id: string;
  lng: number;
  lat: number;
  name: string;
  age: number;
  gender: string;
}

export type ViewportResult =
  | {
      mode: "clusters";
      zoom: number;
      clusters: Cluster[];
      /**
       * Sum of the clusters' counts: the profiles (matching the filters) in the cells the view
       * touches. For clusters-only roles, cells below minClusterForAggregateRoles are left out of both.
       */
      total: number;
      /** Analysts get cell centres, never centroids of real positions. */
      positions: "centroid" | "cell_centre";
      freshness: AggregateFreshness;
    }
  | {
      mode: "points";
      zoom: number;
      points: MapPoint[];
      /** Profiles (matching the filters) inside the view; more than points.length when capped. */
      total: number;
      /** Above exactCountLimit the total is estimated from map_cells rather than counted. */
      totalIsEstimate: boolean;
      capped: boolean;
      maxPoints: number;
    };

/** The most points one response carries (≈ 110 bytes each as JSON, so well under 100 KB). */
export const maxPoints = 500;

/**
 * What the map shows for a viewport: clusters from the precomputed map_cells at low zoom (or
 * always, for roles that may not see points), individual profiles read live through the GIST
 * index at high zoom, never more than maxPoints of them.
 */
export async function viewportData(
  database: Database,
  view: Bounds & { zoom: number },
  filters: MapFilters,
  /** `freshness`: the clusters' state when the caller has just read it (one read per request, not two). */
  options: { points: boolean; freshness?: AggregateFreshness },
): Promise<ViewportResult> {
  if (options.points && view.zoom >= pointsFromZoom) return pointsIn(database, view, filters);
  return clustersIn(database, view, filters, { exact: options.points, known: options.freshness });
}

async function clustersIn(
  database: Database,
  view: Bounds & { zoom: number },
  filters: MapFilters,
  { exact, known }: { exact: boolean; known?: AggregateFreshness },
): Promise<ViewportResult> {
  const freshness = known?.refreshedAt ? known : await ensureAggregate(database);
  const { level, displayZoom, shift } = gridFor(view.zoom);
  const rows = await database.rows<{ cx: number; cy: number; n: number; lng: number; lat: number }>(sql`
    SELECT cx >> ${shift}::int AS cx, cy >> ${shift}::int AS cy, sum(n)::int AS n,
      sum(sum_lng) / sum(n) AS lng, sum(sum_lat) / sum(n) AS lat
    FROM ${cellsTable(filters)}
    WHERE level = ${level}::smallint
      AND cx BETWEEN ${cellIndex(view.west + 180, level)}::int AND ${cellIndex(view.east + 180, level)}::int
      AND cy BETWEEN ${cellIndex(view.south + 90, level)}::int AND ${cellIndex(view.north + 90, level)}::int
      AND ${filterCondition(filters, cellColumns)}
    GROUP BY 1, 2
    HAVING sum(n) >= ${exact ? 1 : minClusterForAggregateRoles}::int`);
  const clusters = rows.map((r) => {
    const count = Number(r.n);
    if (exact) return { lng: round(Number(r.lng)), lat: round(Number(r.lat)), count };
    return { ...cellCentre(Number(r.cx), Number(r.cy), displayZoom), count };
  });
  return {
    mode: "clusters",
    zoom: view.zoom,
    clusters,
    total: clusters.reduce((sum, c) => sum + c.count, 0),
    positions: exact ? "centroid" : "cell_centre",
    freshness,
  };
}

async function pointsIn(
  database: Database,
  view: Bounds & { zoom: number },
  filters: MapFilters,
): Promise<ViewportResult> {
  const statements = pointsStatements(view, filters);
  const [points, inBox] = await Promise.all([
    rowsWithPlannerSettings<{ id: string; lng: number; lat: number; name: string; age: number; gender: string }>(
      database,
      pointsPagePlanner,
      statements.rows,
    ),
    estimateInBox(database, view, {}),
  ]);
  // Counting reads every profile in the box, filtered or not: only when there are few of them
  // (or when the page holds them all). Otherwise the total is estimated from map_cells.
  const exact =
    points.length < maxPoints
      ? points.length
      : inBox <= exactCountLimit
        ? Number((await database.rows<{ n: number }>(statements.count))[0].n)
        : null;
  const total =
    exact ?? Math.max(hasFilters(filters) ? await estimateInBox(database, view, filters) : inBox, points.length);
  return {
    mode: "points",
    zoom: view.zoom,
    points: points.map((p) => ({ ...p, lng: round(Number(p.lng)), lat: round(Number(p.lat)), age: Number(p.age) })),
    total,
    totalIsEstimate: exact === null,
    capped: total > points.length,
    maxPoints,
  };
}

/**
 * The points page walks ix_profiles_location and stops at maxPoints. PostGIS estimates a city's
 * box at a few dozen rows however many it holds, so the planner chose a bitmap scan, which reads
 * every entry in the box before the LIMIT (sb_bench, New York at city zoom: 48,917 entries,
 * 125 ms; walking the index, 3.8 ms). Without bitmap scans the plan is an index scan.
 */
export const pointsPagePlanner: PlannerSettings = { enable_bitmapscan: "off" };

/** The page and count statements of points mode (exported so tests can check their plans). */
export function pointsStatements(view: Bounds, filters: MapFilters): { rows: SQL; count: SQL } {
  // The index finds candidates (indexSearch); the exact lng/lat test keeps only those in the view.
  const where = sql`${indexSearch(view)}
    AND ST_X(p.location::geometry) BETWEEN ${view.west}::float8 AND ${view.east}::float8
    AND ST_Y(p.location::geometry) BETWEEN ${view.south}::float8 AND ${view.north}::float8
    AND ${placeable} AND ${filterCondition(filters, profileColumns)}`;
  return {
    rows: sql`
      SELECT p.user_id AS id, ST_X(p.location::geometry) AS lng, ST_Y(p.location::geometry) AS lat, p.name, p.age, p.gender
      FROM profiles p ${joinsFor(filters)} WHERE ${where} LIMIT ${maxPoints}`,
    count: sql`SELECT count(*)::int AS n FROM profiles p ${joinsFor(filters)} WHERE ${where}`,
  };
}

/**
 * A condition on p.location that ix_profiles_location can answer and that holds for every point of
 * the lat/lng rectangle (the exact test follows it). A geography envelope has great-circle edges,
 * which bow away from the parallels, so it is grown by more than that bow; a view wider than
 * 20° (where the bow grows, and edges of 180° are rejected outright) is searched with a circle
 * around its centre reaching past its farthest corner instead.
 */
function indexSearch(view: Bounds): SQL {
  const width = view.east - view.west;
  const height = view.north - view.south;
  if (width <= 20 && height <= 20) {
    const halfWidth = (width / 2) * (Math.PI / 180);
    const bow = ((halfWidth * halfWidth) / 4) * (180 / Math.PI);
    const margin = 2 * bow + 1e-5;
    return sql`p.location && ST_MakeEnvelope(${Math.max(view.west - margin, -180)}::float8, ${Math.max(view.south - margin, -90)}::float8,
      ${Math.min(view.east + margin, 180)}::float8, ${Math.min(view.north + margin, 90)}::float8, 4326)::geography`;
  }
  const centre = { lng: view.west + width / 2, lat: view.south + height / 2 };
  const corners = [
    [view.west, view.south],
    [view.west, view.north],
    [view.east, view.south],
    [view.east, view.north],
  ];
  // Sphere distances, 1% over (more than the spheroid differs); beyond a quarter turn, the whole Earth.
  const reach =
    width > 180
      ? earthHalfCircumference
      : Math.max(...corners.map(([lng, lat]) => sphereMetres(centre, { lng, lat }))) * 1.01 + 1000;
  return sql`ST_DWithin(p.location, ${pointOf(centre.lng, centre.lat)}, ${Math.min(reach, earthHalfCircumference)}::float8)`;
}

const earthHalfCircumference = 20_040_000;

function sphereMetres(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Six decimals (≈ 10 cm): all the precision a map needs, and a smaller response. */
const round = (value: number) => Math.round(value * 1e6) / 1e6;
