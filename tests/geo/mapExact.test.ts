import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { aggregateFreshness, type AggregateFreshness } from "@/server/geo/aggregate";
import { anomalousProfiles, anomalyCounts } from "@/server/geo/anomalies";
import { estimateInBox, estimateInRadius } from "@/server/geo/estimate";
import { profilesWithin } from "@/server/geo/radius";
import { viewportData, type ViewportResult } from "@/server/geo/viewport";
import { useFreshDatabase } from "../support/database";
import { insertMapProfile, type TestProfile } from "./mapSupport";

/**
 * The map's reads on a handful of hand-placed profiles, each expected value worked out by hand:
 * cells of zoom z are 90/2^z degrees from (-180, -90) (level 10: 0.087890625°, level 2: 22.5°),
 * distances between cities are GeographicLib's WGS84 geodesics (tests/fixtures/city-distances.json).
 * Every profile is inserted before the first read, so the clusters are built once, from all of them.
 */
const database = useFreshDatabase();

const city = {
  london: { lng: -0.1278, lat: 51.5074 },
  paris: { lng: 2.3522, lat: 48.8566 },
  reykjavik: { lng: -21.9426, lat: 64.1466 },
  fiji: { lng: 178.4419, lat: -18.1416 },
  auckland: { lng: 174.7633, lat: -36.8485 },
};
// Fixture distances, metres: London–Paris 343,923.1; Reykjavik–London 1,894,369.1; Fiji–Auckland 2,104,162.6.

const tieLow = "00000000-0000-0000-0000-000000000001";
const tieHigh = "ffffffff-0000-0000-0000-000000000001";

const placed: TestProfile[] = [
  // Clusters: both in the zoom-0 cell (2, 1), whose centre is (45°, 45°); their centroid is (15.06172839, 15).
  { name: "A1", lng: 10.12345678, lat: 10, gender: "man" },
  { name: "A2", lng: 20, lat: 20, gender: "woman" },
  // West of the clusters' view, at their latitudes: in the zoom-0 cell (1, 1), never in that view.
  { name: "West-of-A", lng: -20, lat: 15 },
  // Alone in the zoom-0 cell (0, 0).
  { name: "Lone", lng: -100, lat: -50 },
  // Points: the view 100–120°E, 50–60°N (20° wide, the widest searched with an envelope).
  { name: "P-south-mid", lng: 110, lat: 50.01, verified: true },
  { name: "P-corner", lng: 100.001, lat: 59.999, tier: "elite" },
  { name: "P-precise", lng: 105.123456789, lat: 55.5, age: 44, gender: "non-binary", style: "secure" },
  { name: "P-east-of-view", lng: 120.01, lat: 55 },
  { name: "P-north-of-view", lng: 110, lat: 60.02 },
  // The corners of the wider view 60–130°E, 20–70°N (searched with a circle).
  { name: "W-sw", lng: 60.01, lat: 20.01 },
  { name: "W-nw", lng: 60.01, lat: 69.99 },
  { name: "W-se", lng: 129.99, lat: 20.01 },
  { name: "W-ne", lng: 129.99, lat: 69.99 },
  // And exactly on them (BETWEEN is inclusive): the search circle must reach them on the spheroid.
  { name: "C-sw", lng: 60, lat: 20 },
  { name: "C-nw", lng: 60, lat: 70 },
  { name: "C-se", lng: 130, lat: 20 },
  { name: "C-ne", lng: 130, lat: 70 },
  // Four profiles in the level-10 cell (2100, 569): 4.5703125–4.658203125°E, 39.990234375–39.90234375°S.
  { name: "E1", lng: 4.58, lat: -39.98, gender: "man" },
  { name: "E2", lng: 4.6, lat: -39.96, gender: "woman" },
  { name: "E3", lng: 4.62, lat: -39.94, gender: "man" },
  { name: "E4", lng: 4.64, lat: -39.91, gender: "woman" },
  // Cities for the radius searches and estimates.
  { name: "London", ...city.london, gender: "woman" },
  { name: "Paris", ...city.paris, gender: "man" },
  { name: "Reykjavik", ...city.reykjavik },
  { name: "Fiji", ...city.fiji, gender: "woman" },
  // ≈ 376 km east of Suva, across the antimeridian (3.558° of longitude at 18.14°S).
  { name: "Fiji-east", lng: -178, lat: city.fiji.lat, gender: "man" },
  { name: "Auckland", ...city.auckland },
  // Two profiles at one spot: equally far from anywhere, listed by id.
  { id: tieHigh, name: "Tie-high", lng: -60, lat: -60 },
  { id: tieLow, name: "Tie-low", lng: -60, lat: -60 },
];
/** 501 profiles in a 1° box at 70°S, one more than a points page holds. */
const crowd = 501;
const placeableCount = placed.length + crowd;

let before: AggregateFreshness;
const ids = new Map<string, string>();

beforeAll(async () => {
  before = await aggregateFreshness(database());
  for (const p of placed) ids.set(p.name, await insertMapProfile(database(), p));
  ids.set("Missing", await insertMapProfile(database(), { name: "Missing", lng: null, lat: null }));
  ids.set("Zero", await insertMapProfile(database(), { name: "Zero", lng: 0, lat: 0 }));
  await database().rows(sql`
    WITH u AS (
      INSERT INTO users (email, password_hash)
      SELECT 'crowd-' || i || '@map.test', 'x' FROM generate_series(1, ${crowd}::int) AS i RETURNING id, email)
    INSERT INTO profiles (user_id, name, age, gender, location)
    SELECT u.id, 'Crowd', 30, 'woman',
      ST_SetSRID(ST_MakePoint(5 + random() * 0.9, -70.5 + random() * 0.9), 4326)::geography FROM u`);
}, 120_000);

const byName = <T extends { name: string }>(rows: T[]) => [...rows].sort((a, b) => a.name.localeCompare(b.name));
const sortedClusters = (result: ViewportResult) => {
  if (result.mode !== "clusters") throw new Error("expected clusters");
  return [...result.clusters].sort((a, b) => a.lng - b.lng || a.lat - b.lat);
};

describe("aggregate freshness", () => {
  it("is empty before the first read, then built once from every placeable profile", async () => {
    expect(before).toEqual({ refreshedAt: null, profilesPlaced: 0, refreshMs: null });
    await viewportData(database(), { west: 0, south: 0, east: 1, north: 1, zoom: 0 }, {}, { points: true });
    const after = await aggregateFreshness(database());
    expect(after.profilesPlaced).toBe(placeableCount);
    expect(after.refreshedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(typeof after.refreshMs).toBe("number");
    expect(after.refreshMs).toBeGreaterThanOrEqual(0);
  });
});

describe("clusters", () => {
  const view = { west: 0, south: 0, east: 30, north: 30, zoom: 0 };

  it("carry centroids rounded to six decimals for roles that may see points", async () => {
    const result = await viewportData(database(), view, {}, { points: true });
    expect(result).toMatchObject({ mode: "clusters", zoom: 0, total: 2, positions: "centroid" });
    expect(sortedClusters(result)).toEqual([{ lng: 15.061728, lat: 15, count: 2 }]);
    const men = await viewportData(database(), view, { gender: "man" }, { points: true });
    expect(sortedClusters(men)).toEqual([{ lng: 10.123457, lat: 10, count: 1 }]);
    expect(men.total).toBe(1);
  });

  it("are split per cell at a finer zoom", async () => {
    const result = await viewportData(database(), { ...view, zoom: 10 }, {}, { points: true });
    expect(sortedClusters(result)).toEqual([
      { lng: 10.123457, lat: 10, count: 1 },
      { lng: 20, lat: 20, count: 1 },
    ]);
    expect(result.total).toBe(2);
  });

  it("sit at cell centres and hold two or more for roles that may not see points", async () => {
    const result = await viewportData(database(), view, {}, { points: false });
    expect(result).toMatchObject({ mode: "clusters", total: 2, positions: "cell_centre" });
    expect(sortedClusters(result)).toEqual([{ lng: 45, lat: 45, count: 2 }]);
    const men = await viewportData(database(), view, { gender: "man" }, { points: false });
    expect(sortedClusters(men)).toEqual([]);
    expect(men.total).toBe(0);

    const lone = { west: -110, south: -60, east: -90, north: -40, zoom: 0 };
    expect(sortedClusters(await viewportData(database(), lone, {}, { points: true }))).toEqual([
      { lng: -100, lat: -50, count: 1 },
    ]);
    expect(sortedClusters(await viewportData(database(), lone, {}, { points: false }))).toEqual([]);
  });

  it("are what a role without points gets at any zoom, and reuse the freshness the caller read", async () => {
    const known: AggregateFreshness = { refreshedAt: "2020-01-02T03:04:05.000Z", profilesPlaced: 7, refreshMs: 12 };
    const result = await viewportData(database(), { ...view, zoom: 15 }, {}, { points: false, freshness: known });
    if (result.mode !== "clusters") throw new Error("expected clusters");
    expect(result.freshness).toEqual(known);
    expect(result.zoom).toBe(15);

    const unknown = { refreshedAt: null, profilesPlaced: 0, refreshMs: null };
    const read = await viewportData(database(), view, {}, { points: true, freshness: unknown });
    if (read.mode !== "clusters") throw new Error("expected clusters");
    expect(read.freshness.profilesPlaced).toBe(placeableCount);
    expect(read.freshness.refreshedAt).not.toBeNull();
  });
});

describe("points", () => {
  const view = { west: 100, south: 50, east: 120, north: 60 };
  const names = (result: ViewportResult) => {
    if (result.mode !== "points") throw new Error(`expected points, got ${result.mode}`);
    return result.points.map((p) => p.name).sort();
  };

  it("are the profiles inside the view from zoom 11, edges and the middle of the south edge included", async () => {
    expect((await viewportData(database(), { ...view, zoom: 10.99 }, {}, { points: true })).mode).toBe("clusters");
    const result = await viewportData(database(), { ...view, zoom: 11 }, {}, { points: true });
    if (result.mode !== "points") throw new Error("expected points");
    expect(byName(result.points)).toEqual([
      { id: ids.get("P-corner"), name: "P-corner", lng: 100.001, lat: 59.999, age: 30, gender: "woman" },
      { id: ids.get("P-precise"), name: "P-precise", lng: 105.123457, lat: 55.5, age: 44, gender: "non-binary" },
      { id: ids.get("P-south-mid"), name: "P-south-mid", lng: 110, lat: 50.01, age: 30, gender: "woman" },
    ]);
    expect(result).toMatchObject({ zoom: 11, total: 3, totalIsEstimate: false, capped: false, maxPoints: 500 });
  });

  it("match the filters, joining users and assessments only as needed", async () => {
    const at = async (filters: Parameters<typeof viewportData>[2]) =>
      names(await viewportData(database(), { ...view, zoom: 12 }, filters, { points: true }));
    expect(await at({ gender: "non-binary" })).toEqual(["P-precise"]);
    expect(await at({ minAge: 44 })).toEqual(["P-precise"]);
    expect(await at({ maxAge: 43 })).toEqual(["P-corner", "P-south-mid"]);
    expect(await at({ tier: "elite" })).toEqual(["P-corner"]);
    expect(await at({ verified: true })).toEqual(["P-south-mid"]);
    expect(await at({ verified: false })).toEqual(["P-corner", "P-precise"]);
    expect(await at({ style: "secure" })).toEqual(["P-precise"]);
    expect(await at({ style: "none" })).toEqual(["P-corner", "P-south-mid"]);
  });

  it("in a view wider than 20° reach its corners", async () => {
    const wide = { west: 60, south: 20, east: 130, north: 70, zoom: 11 };
    expect(names(await viewportData(database(), wide, {}, { points: true }))).toEqual([
      "C-ne",
      "C-nw",
      "C-se",
      "C-sw",
      "P-corner",
      "P-east-of-view",
      "P-north-of-view",
      "P-precise",
      "P-south-mid",
      "W-ne",
      "W-nw",
      "W-se",
      "W-sw",
    ]);
  });

  it("are counted exactly where the cells' estimate would say more", async () => {
    // 4.601–4.639°E is 0.038° of the 0.087890625° cell holding E1–E4: an estimate of 4 × 0.432 ≈ 2,
    // but only E3 (4.62°E) is inside.
    const result = await viewportData(
      database(),
      { west: 4.601, south: -40, east: 4.639, north: -39.8, zoom: 12 },
      {},
      { points: true },
    );
    expect(names(result)).toEqual(["E3"]);
    expect(result).toMatchObject({ total: 1, totalIsEstimate: false, capped: false });
  });

  it("over the whole world are capped at 500 with the exact total", async () => {
    const world = await viewportData(
      database(),
      { west: -180, south: -90, east: 180, north: 90, zoom: 11 },
      {},
      { points: true },
    );
    expect(world).toMatchObject({ mode: "points", total: placeableCount, capped: true, totalIsEstimate: false });
    if (world.mode !== "points") throw new Error("expected points");
    expect(world.points).toHaveLength(500);
  });

  it("in a crowded box are capped at 500, counted exactly, and filtered counts too", async () => {
    const box = { west: 4.9, south: -70.6, east: 6, north: -69.5, zoom: 13 };
    const all = await viewportData(database(), box, {}, { points: true });
    expect(all).toMatchObject({ mode: "points", total: 501, capped: true, totalIsEstimate: false });
    if (all.mode !== "points") throw new Error("expected points");
    expect(all.points).toHaveLength(500);
    const men = await viewportData(database(), box, { gender: "man" }, { points: true });
    expect(men).toMatchObject({ total: 0, capped: false, points: [] });
  });
});

describe("estimated counts", () => {
  // The level-10 cell (2100, 569) holds E1–E4 (two men, two women).
  const cell = { west: 4.5703125, south: -39.990234375, east: 4.658203125, north: -39.90234375 };

  it("in a box weigh each cell by the share of its area inside the box", async () => {
    expect(await estimateInBox(database(), { west: 4.5, south: -40.1, east: 4.7, north: -39.8 }, {})).toBe(4);
    expect(await estimateInBox(database(), cell, {})).toBe(4);
    expect(await estimateInBox(database(), { ...cell, east: 4.6142578125 }, {})).toBe(2);
    expect(await estimateInBox(database(), { ...cell, west: 4.6142578125 }, {})).toBe(2);
    expect(await estimateInBox(database(), { ...cell, north: -39.9462890625 }, {})).toBe(2);
    expect(await estimateInBox(database(), { ...cell, south: -39.9462890625 }, {})).toBe(2);
    // A quarter of the width and half the height: 4 × 1/8 = 0.5, rounded up.
    expect(await estimateInBox(database(), { ...cell, east: 4.59228515625, north: -39.9462890625 }, {})).toBe(1);
    expect(await estimateInBox(database(), { ...cell, east: 4.6142578125 }, { gender: "man" })).toBe(1);
    expect(await estimateInBox(database(), cell, { gender: "woman" })).toBe(2);
  });

  it("in a radius count the cells whose centroid is within it", async () => {
    expect(await estimateInRadius(database(), city.london, 344, {})).toBe(2);
    expect(await estimateInRadius(database(), city.london, 343.85, {})).toBe(1);
    expect(await estimateInRadius(database(), city.london, 344, { gender: "man" })).toBe(1);
    expect(await estimateInRadius(database(), city.london, 1894.45, {})).toBe(3);
    expect(await estimateInRadius(database(), city.london, 1894.3, {})).toBe(2);
  });

  it("in a radius reaching across the antimeridian read both sides", async () => {
    expect(await estimateInRadius(database(), city.fiji, 500, {})).toBe(2);
    expect(await estimateInRadius(database(), city.fiji, 2104.2, {})).toBe(3);
    expect(await estimateInRadius(database(), city.fiji, 2104.1, {})).toBe(2);
    expect(await estimateInRadius(database(), city.fiji, 500, { gender: "man" })).toBe(1);
  });
});

describe("radius search", () => {
  it("lists nearest first, counts exactly, and says whether the list is capped", async () => {
    const two = await profilesWithin(database(), { ...city.fiji, radiusKm: 500 });
    expect(two).toMatchObject({
      centre: city.fiji,
      radiusKm: 500,
      total: 2,
      totalIsEstimate: false,
      capped: false,
    });
    expect(two.profiles.map((p) => p.name)).toEqual(["Fiji", "Fiji-east"]);
    expect(two.profiles[0]).toMatchObject({ id: ids.get("Fiji"), age: 30, gender: "woman", ...city.fiji, metres: 0 });

    const one = await profilesWithin(database(), { ...city.fiji, radiusKm: 500, limit: 1 });
    expect(one.profiles.map((p) => p.name)).toEqual(["Fiji"]);
    expect(one).toMatchObject({ total: 2, capped: true, totalIsEstimate: false });

    const full = await profilesWithin(database(), { ...city.fiji, radiusKm: 500, limit: 2 });
    expect(full).toMatchObject({ total: 2, capped: false, totalIsEstimate: false });

    const men = await profilesWithin(database(), { ...city.fiji, radiusKm: 500, limit: 1 }, { gender: "man" });
    expect(men.profiles.map((p) => p.name)).toEqual(["Fiji-east"]);
    expect(men).toMatchObject({ total: 1, capped: false });
  });

  it("reports London–Paris at the geodesic distance", async () => {
    const found = await profilesWithin(database(), { ...city.london, radiusKm: 344 });
    expect(found.profiles.map((p) => p.name)).toEqual(["London", "Paris"]);
    expect(Math.abs(found.profiles[1].metres - 343_923.1)).toBeLessThan(0.1);
  });

  it("orders profiles equally far by id", async () => {
    const found = await profilesWithin(database(), { lng: -60, lat: -60, radiusKm: 1 });
    expect(found.profiles.map((p) => p.id)).toEqual([tieLow, tieHigh]);
  });
});

describe("anomalies", () => {
  it("are counted per kind", async () => {
    expect(await anomalyCounts(database())).toEqual({ missing: 1, null_island: 1, out_of_range: 0 });
  });

  it("are listed newest first, of one kind or of any", async () => {
    const all = await anomalousProfiles(database(), undefined);
    expect(all.map(({ id, name, kind, lng, lat }) => ({ id, name, kind, lng, lat }))).toEqual([
      { id: ids.get("Zero"), name: "Zero", kind: "null_island", lng: 0, lat: 0 },
      { id: ids.get("Missing"), name: "Missing", kind: "missing", lng: null, lat: null },
    ]);
    for (const row of all) expect(row.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await anomalousProfiles(database(), "missing")).map((r) => r.name)).toEqual(["Missing"]);
    expect((await anomalousProfiles(database(), "null_island")).map((r) => r.name)).toEqual(["Zero"]);
    expect(await anomalousProfiles(database(), "out_of_range")).toEqual([]);
    expect((await anomalousProfiles(database(), undefined, 1)).map((r) => r.name)).toEqual(["Zero"]);
  });
});
