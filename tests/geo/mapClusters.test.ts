import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { seedDatabase } from "@/db/seeding";
import { cities } from "@/db/seeding/vocabulary";
import { refreshMapCells } from "@/server/geo/aggregate";
import { estimateInBox, estimateInRadius } from "@/server/geo/estimate";
import { maxPoints, viewportData, type Bounds } from "@/server/geo/viewport";
import type { MapFilters } from "@/server/geo/schemas";
import { useFreshDatabase } from "../support/database";
import { insertMapProfile } from "./mapSupport";

/**
 * Clusters (from the precomputed map_cells) and points (live) for a viewport, on the seeded demo
 * data. Expected counts come from plain SQL over profiles, written here independently of server/geo.
 */
const database = useFreshDatabase();
const world: Bounds = { west: -180, south: -90, east: 180, north: 90 };

beforeAll(async () => {
  await seedDatabase(database(), { users: 1500, seed: 7 });
  // Anomalies the map must leave out of its clusters.
  await insertMapProfile(database(), { name: "No Location", lng: null, lat: null });
  await insertMapProfile(database(), { name: "Null Island", lng: 0, lat: 0 });
  await refreshMapCells(database());
}, 240_000);

/** Profiles with a placeable location matching the filters, counted directly. */
async function expectedCount(filters: MapFilters, bounds: Bounds = world): Promise<number> {
  const conditions = [
    sql`p.location IS NOT NULL`,
    sql`NOT (ST_X(p.location::geometry) = 0 AND ST_Y(p.location::geometry) = 0)`,
    sql`ST_X(p.location::geometry) BETWEEN ${bounds.west}::float8 AND ${bounds.east}::float8`,
    sql`ST_Y(p.location::geometry) BETWEEN ${bounds.south}::float8 AND ${bounds.north}::float8`,
  ];
  if (filters.gender) conditions.push(sql`p.gender = ${filters.gender}`);
  if (filters.minAge !== undefined) conditions.push(sql`p.age >= ${filters.minAge}`);
  if (filters.maxAge !== undefined) conditions.push(sql`p.age <= ${filters.maxAge}`);
  if (filters.tier) conditions.push(sql`u.subscription_tier = ${filters.tier}`);
  if (filters.verified !== undefined) conditions.push(sql`u.verified = ${filters.verified}`);
  if (filters.style === "none") conditions.push(sql`a.style IS NULL`);
  else if (filters.style) conditions.push(sql`a.style = ${filters.style}`);
  const [row] = await database().rows<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM profiles p JOIN users u ON u.id = p.user_id
    LEFT JOIN attachment_assessments a ON a.user_id = p.user_id
    WHERE ${sql.join(conditions, sql` AND `)}`);
  return Number(row.n);
}

const filterCases: MapFilters[] = [
  {},
  { gender: "woman" },
  { minAge: 25, maxAge: 34 },
  { tier: "premium", verified: true },
  { style: "secure", gender: "man" },
  { style: "none" },
];

describe("clusters", () => {
  it.each(filterCases.map((f) => [JSON.stringify(f), f] as const))(
    "over the whole world add up to the filtered profile count at every zoom (%s)",
    async (_label, filters) => {
      const expected = await expectedCount(filters);
      expect(expected).toBeGreaterThan(0);
      for (let zoom = 0; zoom <= 10; zoom++) {
        const result = await viewportData(database(), { ...world, zoom }, filters, { points: true });
        if (result.mode !== "clusters") throw new Error(`zoom ${zoom}: expected clusters`);
        expect(
          result.clusters.reduce((sum, c) => sum + c.count, 0),
          `zoom ${zoom}`,
        ).toBe(expected);
        expect(result.total, `zoom ${zoom}`).toBe(expected);
      }
    },
  );

  it("split more finely as the zoom grows, with centroids among the profiles they count", async () => {
    const sizes: number[] = [];
    for (const zoom of [1, 4, 7, 10]) {
      const result = await viewportData(database(), { ...world, zoom }, {}, { points: true });
      if (result.mode !== "clusters") throw new Error("expected clusters");
      sizes.push(result.clusters.length);
    }
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(sizes[3]).toBeGreaterThan(sizes[0]);

    // At zoom 4 each seeded city is one cluster, or a few close to it; its centroid lies near the city.
    const result = await viewportData(database(), { ...world, zoom: 4 }, {}, { points: true });
    if (result.mode !== "clusters") throw new Error("expected clusters");
    const [, lat, lng] = cities.find(([name]) => name === "London") ?? [];
    const nearLondon = result.clusters.filter(
      (c) => Math.abs(c.lat - Number(lat)) < 3 && Math.abs(c.lng - Number(lng)) < 3,
    );
    expect(nearLondon.length).toBeGreaterThan(0);
  });

  it("in a part of the world count the profiles in the cells that view touches", async () => {
    const europe: Bounds = { west: -12, south: 35, east: 30, north: 62 };
    for (const zoom of [3, 5, 8]) {
      const result = await viewportData(database(), { ...europe, zoom }, {}, { points: true });
      if (result.mode !== "clusters") throw new Error("expected clusters");
      // Whole cells: at least everyone inside the view, at most everyone within one cell of it.
      const cell = 90 / 2 ** zoom;
      const grown = {
        west: europe.west - cell,
        south: europe.south - cell,
        east: europe.east + cell,
        north: europe.north + cell,
      };
      expect(result.total, `zoom ${zoom}`).toBeGreaterThanOrEqual(await expectedCount({}, europe));
      expect(result.total, `zoom ${zoom}`).toBeLessThanOrEqual(await expectedCount({}, grown));
    }
  });

  it("are precomputed: a new profile counts only after a refresh, which records its freshness", async () => {
    const before = await viewportData(database(), { ...world, zoom: 2 }, {}, { points: true });
    await insertMapProfile(database(), { name: "Late Arrival", lng: 2.35, lat: 48.85 });
    const stale = await viewportData(database(), { ...world, zoom: 2 }, {}, { points: true });
    expect(stale.total).toBe(before.total);

    const freshness = await refreshMapCells(database());
    const fresh = await viewportData(database(), { ...world, zoom: 2 }, {}, { points: true });
    expect(fresh.total).toBe(before.total + 1);
    expect(freshness.profilesPlaced).toBe(fresh.total);
    if (fresh.mode !== "clusters" || before.mode !== "clusters") throw new Error("expected clusters");
    expect(Date.parse(fresh.freshness.refreshedAt ?? "")).toBeGreaterThan(
      Date.parse(before.freshness.refreshedAt ?? ""),
    );
  });
});

describe("points", () => {
  const [, parisLat, parisLng] = cities.find(([name]) => name === "Paris") ?? [0, 0, 0];
  const paris: Bounds = {
    west: Number(parisLng) - 0.4,
    south: Number(parisLat) - 0.25,
    east: Number(parisLng) + 0.4,
    north: Number(parisLat) + 0.25,
  };

  it("at city zoom are the individual profiles inside the view, all of them counted", async () => {
    for (const filters of [{}, { gender: "man" }, { verified: false, minAge: 30 }] satisfies MapFilters[]) {
      const result = await viewportData(database(), { ...paris, zoom: 12 }, filters, { points: true });
      if (result.mode !== "points") throw new Error("expected points");
      expect(result.total).toBe(await expectedCount(filters, paris));
      expect(result.points.length).toBe(Math.min(result.total, maxPoints));
      expect(result.capped).toBe(result.total > maxPoints);
      for (const p of result.points) {
        expect(p.lng).toBeGreaterThanOrEqual(paris.west);
        expect(p.lng).toBeLessThanOrEqual(paris.east);
        expect(p.lat).toBeGreaterThanOrEqual(paris.south);
        expect(p.lat).toBeLessThanOrEqual(paris.north);
      }
    }
    const all = await viewportData(database(), { ...paris, zoom: 12 }, {}, { points: true });
    expect(all.total).toBeGreaterThan(0);
  });

  it("are capped at the stated maximum, with the full count", async () => {
    const result = await viewportData(database(), { ...world, zoom: 12 }, {}, { points: true });
    if (result.mode !== "points") throw new Error("expected points");
    expect(result.total).toBe(await expectedCount({}));
    expect(result.total).toBeGreaterThan(maxPoints);
    expect(result.points).toHaveLength(maxPoints);
    expect(result.capped).toBe(true);
  });

  it("are never sent to a role without map_points: clusters at cell centres instead", async () => {
    const result = await viewportData(database(), { ...paris, zoom: 15 }, {}, { points: false });
    if (result.mode !== "clusters") throw new Error("expected clusters");
    expect(result.positions).toBe("cell_centre");
    expect(result).not.toHaveProperty("points");
    const cell = 90 / 2 ** 10;
    for (const c of result.clusters) {
      // The centre of a 10th-level cell, not any profile's position.
      expect(Math.abs(((c.lng + 180) / cell) % 1)).toBeCloseTo(0.5, 6);
      expect(Math.abs(((c.lat + 90) / cell) % 1)).toBeCloseTo(0.5, 6);
    }
    // Cells of one person are left out (they would say where that person lives): the total is the
    // profiles of the 10th-level cells the view touches that hold two or more, counted directly.
    expect(Math.min(...result.clusters.map((c) => c.count))).toBeGreaterThanOrEqual(2);
    const index = (degrees: number) => Math.floor(degrees / cell);
    const [shared] = await database().rows<{ n: number }>(sql`
      SELECT coalesce(sum(n), 0)::int AS n FROM (
        SELECT count(*) AS n FROM (
          SELECT floor((ST_X(location::geometry) + 180) / ${cell}::float8) AS cx,
            floor((ST_Y(location::geometry) + 90) / ${cell}::float8) AS cy
          FROM profiles
          WHERE location IS NOT NULL AND NOT (ST_X(location::geometry) = 0 AND ST_Y(location::geometry) = 0)
        ) AS placed
        WHERE cx BETWEEN ${index(paris.west + 180)} AND ${index(paris.east + 180)}
          AND cy BETWEEN ${index(paris.south + 90)} AND ${index(paris.north + 90)}
        GROUP BY cx, cy HAVING count(*) >= 2
      ) AS cells`);
    expect(result.total).toBe(Number(shared.n));
    expect(result.total).toBeGreaterThan(0);
  });
});

describe("estimated counts (used above exactCountLimit instead of counting rows)", () => {
  const [, lat, lng] = cities.find(([name]) => name === "New York") ?? [0, 0, 0];
  const centre = { lng: Number(lng), lat: Number(lat) };

  it("in a box are close to the exact count", async () => {
    const box = { west: centre.lng - 0.3, south: centre.lat - 0.2, east: centre.lng + 0.3, north: centre.lat + 0.2 };
    for (const filters of [{}, { gender: "woman" }] satisfies MapFilters[]) {
      const exact = await expectedCount(filters, box);
      const estimate = await estimateInBox(database(), box, filters);
      expect(exact).toBeGreaterThan(20);
      expect(Math.abs(estimate - exact) / exact).toBeLessThan(0.25);
    }
  });

  it("in a radius are close to the exact count", async () => {
    for (const radiusKm of [30, 500]) {
      const [row] = await database().rows<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM profiles p WHERE NOT (ST_X(p.location::geometry) = 0 AND ST_Y(p.location::geometry) = 0)
          AND ST_DWithin(p.location, ST_SetSRID(ST_MakePoint(${centre.lng}::float8, ${centre.lat}::float8), 4326)::geography, ${radiusKm * 1000}::float8)`);
      const exact = Number(row.n);
      const estimate = await estimateInRadius(database(), centre, radiusKm, {});
      expect(exact).toBeGreaterThan(20);
      expect(Math.abs(estimate - exact) / exact, `${radiusKm} km`).toBeLessThan(0.25);
    }
  });
});
