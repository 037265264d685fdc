import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { AnomalyKind } from "./schemas";

/**
 * Locations the map cannot place, a sign of broken clients or fake profiles: none at all, the
 * (0,0) "null island" default, or coordinates outside the valid ranges.
 */
const conditions: Record<AnomalyKind, SQL> = {
  missing: sql.raw("p.location IS NULL"),
  null_island: sql.raw("ST_X(p.location::geometry) = 0 AND ST_Y(p.location::geometry) = 0"),
  out_of_range: sql.raw(
    "(ST_Y(p.location::geometry) NOT BETWEEN -90 AND 90 OR ST_X(p.location::geometry) NOT BETWEEN -180 AND 180)",
  ),
};

export type AnomalyCounts = Record<AnomalyKind, number>;

export interface AnomalousProfile {
  id: string;
  name: string;
  kind: AnomalyKind;
  lng: number | null;
  lat: number | null;
  createdAt: string;
}

/** Counts per kind, in one pass over profiles. */
export async function anomalyCounts(database: Database): Promise<AnomalyCounts> {
  const [row] = await database.rows<Record<AnomalyKind, number>>(sql`
    SELECT count(*) FILTER (WHERE ${conditions.missing})::int AS missing,
      count(*) FILTER (WHERE ${conditions.null_island})::int AS null_island,
      count(*) FILTER (WHERE ${conditions.out_of_range})::int AS out_of_range
    FROM profiles p`);
  return { missing: Number(row.missing), null_island: Number(row.null_island), out_of_range: Number(row.out_of_range) };
}

/** Up to `limit` anomalous profiles, of one kind or of any, newest first. */
export async function anomalousProfiles(
  database: Database,
  kind: AnomalyKind | undefined,
  limit = 100,
): Promise<AnomalousProfile[]> {
  const kinds = kind ? [kind] : (Object.keys(conditions) as AnomalyKind[]);
  const kindOf = sql.join(
    kinds.map((k) => sql`WHEN ${conditions[k]} THEN ${k}`),
    sql` `,
  );
  const rows = await database.rows<{
    id: string;
    name: string;
    kind: AnomalyKind;
    lng: number | null;
    lat: number | null;
    created_at: string | Date;
  }>(sql`
    SELECT p.user_id AS id, p.name, CASE ${kindOf} END AS kind,
      ST_X(p.location::geometry) AS lng, ST_Y(p.location::geometry) AS lat, p.created_at
    FROM profiles p
    WHERE ${sql.join(
      kinds.map((k) => sql`(${conditions[k]})`),
      sql` OR `,
    )}
    ORDER BY p.created_at DESC, p.user_id
    LIMIT ${limit}`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    lng: r.lng === null ? null : Number(r.lng),
    lat: r.lat === null ? null : Number(r.lat),
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
