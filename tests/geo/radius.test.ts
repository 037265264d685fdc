import fs from "node:fs";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { profiles, users } from "@/db/schema";
import { useFreshDatabase } from "../support/database";

/**
 * Distances and radius searches on profiles.location (geography) against GeographicLib's WGS84
 * geodesics, to the fixture's decimetre. The fixture is a copy of /work/shared/fixtures/city-distances.json
 * kept with the tests.
 */
interface City {
  name: string;
  lat: number;
  lon: number;
}
interface Fixture {
  ellipsoid: string;
  cities: City[];
  pairs: { from: string; to: string; metres: number }[];
}
const fixture = JSON.parse(
  fs.readFileSync(new URL("../fixtures/city-distances.json", import.meta.url), "utf8"),
) as Fixture;

const database = useFreshDatabase();
const sanFrancisco = fixture.cities.find((c) => c.name === "San Francisco");
if (!sanFrancisco) throw new Error("fixture has no San Francisco");
const radius = 50_000;
const aroundSf = sql`ST_DWithin(location, ST_SetSRID(ST_MakePoint(${sanFrancisco.lon}, ${sanFrancisco.lat}), 4326)::geography, ${radius})`;

beforeAll(async () => {
  // Through Drizzle, so the geography custom type's writer and reader are exercised too.
  const { db } = database();
  for (const city of fixture.cities) {
    const [user] = await db
      .insert(users)
      .values({ email: `${city.name.replace(/\W+/g, "-").toLowerCase()}@cities.test`, passwordHash: "x" })
      .returning({ id: users.id });
    await db.insert(profiles).values({
      userId: user.id,
      name: city.name,
      age: 30,
      gender: "woman",
      location: { lng: city.lon, lat: city.lat },
    });
  }
});

describe("city profiles", () => {
  it("read back the coordinates they were written with", async () => {
    const rows = await database()
      .db.select({ name: profiles.name, location: profiles.location })
      .from(profiles)
      .innerJoin(users, eq(users.id, profiles.userId))
      .orderBy(asc(profiles.name));
    const byName = new Map(rows.map((r) => [r.name, r.location]));
    for (const city of fixture.cities) {
      const location = byName.get(city.name);
      expect(location?.lng, city.name).toBeCloseTo(city.lon, 9);
      expect(location?.lat, city.name).toBeCloseTo(city.lat, 9);
    }
  });

  it.each(fixture.pairs.map((p) => [p.from, p.to, p.metres] as const))(
    "ST_Distance %s → %s is GeographicLib's %d m, to a decimetre",
    async (from, to, metres) => {
      const [row] = await database().rows<{ metres: number }>(sql`
        SELECT ST_Distance(a.location, b.location) AS metres
        FROM profiles a, profiles b WHERE a.name = ${from} AND b.name = ${to}`);
      // The fixture is rounded to 0.1 m; PostGIS's spheroid distance agrees within 5 cm. A sphere
      // is off by 12 m (San Francisco–San Jose) to 34 km (Tokyo–Sydney): under half a percent every
      // time, so a relative tolerance would let it through.
      expect(Math.abs(Number(row.metres) - metres)).toBeLessThan(0.1);
    },
  );

  it(`a ${radius / 1000} km radius around San Francisco finds exactly the cities the fixture puts inside it`, async () => {
    const fromSf = fixture.pairs.flatMap((p) =>
      p.from === sanFrancisco.name
        ? [[p.to, p.metres] as const]
        : p.to === sanFrancisco.name
          ? [[p.from, p.metres] as const]
          : [],
    );
    const known = new Map<string, number>([[sanFrancisco.name, 0], ...fromSf]);
    // Cities without a fixture distance from San Francisco must be unambiguously far (spherical estimate).
    for (const city of fixture.cities.filter((c) => !known.has(c.name))) {
      const estimate = haversine(sanFrancisco, city);
      if (Math.abs(estimate - radius) < 0.05 * radius) throw new Error(`${city.name} is too close to the edge to tell`);
      known.set(city.name, estimate);
    }
    const expected = [...known].filter(([, metres]) => metres <= radius).map(([name]) => name);
    expect(expected).toContain("Oakland");
    expect(expected).not.toContain("San Jose"); // 67.6 km by the fixture

    const found = await database().rows<{ name: string }>(
      sql`SELECT name FROM profiles WHERE ${aroundSf} ORDER BY name`,
    );
    expect(found.map((r) => r.name)).toEqual(expected.sort());
  });
});

describe("with 12,000 profiles", () => {
  const world = 10_000;
  const nearSf = 2_000;

  beforeAll(async () => {
    const total = world + nearSf;
    await database().rows(sql`INSERT INTO users (email, password_hash)
      SELECT 'bulk-' || g || '@example.test', 'x' FROM generate_series(1, ${total}::int) AS g`);
    // Points 1..10000 on a Fibonacci sphere (evenly spread over the world), 10001.. in a 2°×2.5° box
    // around San Francisco, so the radius query has a few hundred rows to find. Deterministic.
    await database().rows(sql`
      INSERT INTO profiles (user_id, name, age, gender, location)
      SELECT id, 'bulk ' || g, 18 + g % 60, 'nonbinary',
             ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography
      FROM (SELECT id, split_part(split_part(email, '@', 1), '-', 2)::int AS g FROM users WHERE email LIKE 'bulk-%') u
      CROSS JOIN LATERAL (SELECT
        CASE WHEN g <= ${world}::int
          THEN (g * 137.50776405) - 360 * floor((g * 137.50776405 + 180) / 360)
          ELSE ${sanFrancisco.lon}::float8 + ((g * 0.7548776662) - floor(g * 0.7548776662)) * 2.5 - 1.25 END AS lon,
        CASE WHEN g <= ${world}::int
          THEN degrees(asin(2 * (g - 0.5) / ${world}::float8 - 1))
          ELSE ${sanFrancisco.lat}::float8 + ((g * 0.5698402910) - floor(g * 0.5698402910)) * 2 - 1 END AS lat) p`);
    await database().exec("ANALYZE users; ANALYZE profiles;");
  });

  it("has them all, spread over the world", async () => {
    const [stats] = await database().rows<{ n: number; south: number; north: number; west: number; east: number }>(sql`
      SELECT count(*)::int AS n, min(ST_Y(location::geometry)) AS south, max(ST_Y(location::geometry)) AS north,
             min(ST_X(location::geometry)) AS west, max(ST_X(location::geometry)) AS east
      FROM profiles WHERE name LIKE 'bulk %'`);
    expect(stats.n).toBe(world + nearSf);
    expect([stats.south < -85, stats.north > 85, stats.west < -175, stats.east > 175]).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it("plans the 50 km radius query on ix_profiles_location", async () => {
    const plan = await database().rows<{ "QUERY PLAN": string }>(
      sql`EXPLAIN SELECT user_id FROM profiles WHERE ${aroundSf}`,
    );
    const text = plan.map((line) => line["QUERY PLAN"]).join("\n");
    expect(text).toContain("ix_profiles_location");
  });

  it("finds through the index exactly the rows a full scan finds", async () => {
    const viaIndex = await database().rows<{ id: string }>(
      sql`SELECT user_id::text AS id FROM profiles WHERE ${aroundSf} ORDER BY 1`,
    );
    // ST_Distance cannot use the index: a sequential scan over every row.
    const viaScan = await database().rows<{ id: string }>(sql`
      SELECT user_id::text AS id FROM profiles
      WHERE ST_Distance(location, ST_SetSRID(ST_MakePoint(${sanFrancisco.lon}, ${sanFrancisco.lat}), 4326)::geography) <= ${radius}
      ORDER BY 1`);
    expect(viaIndex.length).toBeGreaterThan(100);
    expect(viaIndex).toEqual(viaScan);
  });
});

/** Great-circle distance on the mean-radius sphere: only to tell near from far. */
function haversine(a: City, b: City): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}
