import "server-only";
import type { SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { NearbyProfile } from "./radius";

type NearbyRow = Record<keyof NearbyProfile, string | number>;

const nearestFirstOrder = (a: NearbyProfile, b: NearbyProfile) => a.metres - b.metres || a.id.localeCompare(b.id);

const toProfiles = (rows: NearbyRow[]): NearbyProfile[] =>
  rows
    .map((r) => ({
      id: String(r.id),
      name: String(r.name),
      age: Number(r.age),
      gender: String(r.gender),
      lng: Number(r.lng),
      lat: Number(r.lat),
      metres: Number(r.metres),
    }))
    .sort(nearestFirstOrder);

/**
 * The `limit` nearest profiles by spheroid distance, equally far ones by id. `statement()` walks the
 * GIST index nearest first (<->), which orders by sphere distance: up to about 0.5% off the
 * spheroid's, so when it fills the page it may have passed over a profile that is nearer on the
 * spheroid than its last one. Then `statement(metres)` reads every matching profile within the
 * page's farthest spheroid distance (ST_DWithin, same index), which holds the true page.
 */
export async function nearestOnSpheroid(
  database: Database,
  statement: (withinMetres?: number) => SQL,
  limit: number,
): Promise<NearbyProfile[]> {
  const page = toProfiles(await database.rows<NearbyRow>(statement()));
  if (page.length < limit) return page;
  // A millimetre over: ST_DWithin and ST_Distance may round the boundary row differently.
  const within = page[page.length - 1].metres + 0.001;
  return toProfiles(await database.rows<NearbyRow>(statement(within))).slice(0, limit);
}
