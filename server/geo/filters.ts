import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { MapFilters } from "./schemas";

/** Column expressions the filters apply to: map_cells' own columns, or profiles joined to users and assessments. */
interface FilterColumns {
  gender: SQL;
  age: SQL;
  tier: SQL;
  verified: SQL;
  style: SQL;
}

export const cellColumns: FilterColumns = {
  gender: sql.raw("gender"),
  age: sql.raw("age"),
  tier: sql.raw("tier"),
  verified: sql.raw("verified"),
  style: sql.raw("style"),
};

/** For queries over `profiles p`; tier and verified need `users u`, style needs `attachment_assessments a` (see joinsFor). */
export const profileColumns: FilterColumns = {
  gender: sql.raw("p.gender"),
  age: sql.raw("p.age"),
  tier: sql.raw("u.subscription_tier"),
  verified: sql.raw("u.verified"),
  style: sql.raw("coalesce(a.style, 'none')"),
};

/** Whether any filter is set (unfiltered cluster reads use the smaller map_cells_all). */
export const hasFilters = (filters: MapFilters) => Object.values(filters).some((v) => v !== undefined);

/** The precomputed cells to read: per filter combination, or summed over all of them when unfiltered. */
export const cellsTable = (filters: MapFilters) => sql.raw(hasFilters(filters) ? "map_cells" : "map_cells_all");

/** The filters as one SQL condition (TRUE when there are none). */
export function filterCondition(filters: MapFilters, columns: FilterColumns): SQL {
  const parts: SQL[] = [];
  if (filters.gender) parts.push(sql`${columns.gender} = ${filters.gender}`);
  if (filters.minAge !== undefined) parts.push(sql`${columns.age} >= ${filters.minAge}`);
  if (filters.maxAge !== undefined) parts.push(sql`${columns.age} <= ${filters.maxAge}`);
  if (filters.tier) parts.push(sql`${columns.tier} = ${filters.tier}`);
  if (filters.verified !== undefined) parts.push(sql`${columns.verified} = ${filters.verified}`);
  if (filters.style) parts.push(sql`${columns.style} = ${filters.style}`);
  return parts.length ? sql.join(parts, sql` AND `) : sql`TRUE`;
}

/** Only the joins the filters need, so an unfiltered query reads profiles alone. */
export function joinsFor(filters: MapFilters): SQL {
  const joins: SQL[] = [];
  if (filters.tier || filters.verified !== undefined) joins.push(sql`JOIN users u ON u.id = p.user_id`);
  if (filters.style) joins.push(sql`LEFT JOIN attachment_assessments a ON a.user_id = p.user_id`);
  return sql.join(joins, sql` `);
}

/**
 * A location the map can place: present, not the (0,0) "null island" default, and within the
 * valid ranges. Everything else is an anomaly (see anomalies.ts).
 */
export const placeable = sql.raw(`p.location IS NOT NULL
  AND NOT (ST_X(p.location::geometry) = 0 AND ST_Y(p.location::geometry) = 0)
  AND ST_Y(p.location::geometry) BETWEEN -90 AND 90 AND ST_X(p.location::geometry) BETWEEN -180 AND 180`);

/** A geography point from numbers (bound as parameters). */
export const pointOf = (lng: number, lat: number) =>
  sql`ST_SetSRID(ST_MakePoint(${lng}::float8, ${lat}::float8), 4326)::geography`;
