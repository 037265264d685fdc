import { beforeAll, describe, expect, it } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { seedDatabase } from "@/db/seeding";
import { candidatesStatement, seekerOf } from "@/server/geo/candidates";
import { radiusStatements } from "@/server/geo/radius";
import { rowsWithPlannerSettings } from "@/db/plannerSettings";
import { pointsPagePlanner, pointsStatements } from "@/server/geo/viewport";
import { useFreshDatabase } from "../support/database";

/**
 * The map's live spatial queries can be answered through the GIST index ix_profiles_location.
 * Sequential scans are disabled while planning so a small test table cannot hide a query the
 * index cannot serve (a geometry cast or a function around the column would force one).
 */
const database = useFreshDatabase();

beforeAll(async () => {
  await seedDatabase(database(), { users: 400, seed: 3 });
}, 240_000);

async function plan(statement: SQL): Promise<string> {
  await database().rows(sql`SET enable_seqscan = off`);
  try {
    const rows = await database().rows<Record<string, unknown>>(sql`EXPLAIN ${statement}`);
    return rows.map((r) => String(Object.values(r)[0])).join("\n");
  } finally {
    await database().rows(sql`RESET enable_seqscan`);
  }
}

const nyc = { lng: -74.006, lat: 40.7128 };

describe("query plans use ix_profiles_location", () => {
  it.each([
    ["points in a city view", pointsStatements({ west: -74.3, south: 40.5, east: -73.7, north: 40.9 }, {}).rows],
    [
      "points in a filtered city view",
      pointsStatements({ west: -74.3, south: 40.5, east: -73.7, north: 40.9 }, { gender: "woman", tier: "free" }).count,
    ],
    ["points in a continent-wide view", pointsStatements({ west: -130, south: 20, east: -60, north: 55 }, {}).count],
    ["a 50 km radius page", radiusStatements({ ...nyc, radiusKm: 50 }).rows],
    ["a 50 km radius count", radiusStatements({ ...nyc, radiusKm: 50 }, { style: "secure" }).count],
  ])("%s", async (_label, statement) => {
    expect(await plan(statement)).toContain("ix_profiles_location");
  });

  it("points in a crowded city view walk the index and stop at the page (no bitmap scan of the whole box)", async () => {
    // A crowded city (4,000 more profiles within a few km of Manhattan), which PostGIS still
    // estimates at a handful of rows: the plan that misestimate picks reads every entry first.
    await database().rows(sql`
      WITH u AS (
        INSERT INTO users (email, password_hash)
        SELECT 'crowd' || g || '@example.test', 'x' FROM generate_series(1, 4000) g RETURNING id)
      INSERT INTO profiles (user_id, name, age, gender, location)
      SELECT id, 'Crowd', 30, 'woman',
        ST_SetSRID(ST_MakePoint(-74.0 + random() * 0.05, 40.7 + random() * 0.05), 4326)::geography
      FROM u`);
    await database().rows(sql`ANALYZE profiles`);
    const statement = pointsStatements({ west: -74.3, south: 40.5, east: -73.7, north: 40.9 }, {}).rows;
    const rows = await rowsWithPlannerSettings(database(), pointsPagePlanner, sql`EXPLAIN ${statement}`);
    const plan = rows.map((r) => String(Object.values(r)[0])).join("\n");
    expect(plan).toMatch(/Index Scan using ix_profiles_location/);
    expect(plan).not.toMatch(/Bitmap/);
  });

  it("match candidates", async () => {
    const [someone] = await database().rows<{ id: string }>(sql`
      SELECT user_id AS id FROM profiles WHERE location IS NOT NULL AND ST_X(location::geometry) <> 0 LIMIT 1`);
    const statement = candidatesStatement(await seekerOf(database(), someone.id), 100);
    expect(await plan(statement)).toContain("ix_profiles_location");
  });
});
