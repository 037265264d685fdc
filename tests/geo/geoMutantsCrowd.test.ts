import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { refreshMapCells } from "@/server/geo/aggregate";
import { profilesWithin } from "@/server/geo/radius";
import { viewportData, type ViewportResult } from "@/server/geo/viewport";
import { useFreshDatabase } from "../support/database";
import { insertMapProfile } from "./mapSupport";

/**
 * Totals above exactCountLimit (5,000), where points mode (server/geo/viewport.ts) and the radius
 * search (server/geo/radius.ts) estimate from map_cells instead of counting rows. Three crowds laid
 * out on regular grids in level-10 cells (s = 0.087890625°, anchored at (-180, -90)):
 *
 * - A: 4,700 women, the cell 45–45.087890625°E × 22.5–22.587890625°N (column 2560, row 1280),
 *   100 × 47 evenly spread, so their centroid is the cell's centre X = (45.0439453125, 22.5439453125);
 * - B: 600 men in the next cell east (45.087890625–45.17578125°E), all between half and five
 *   eighths of its width from its west edge (45.1318–45.1428°E), evenly spread over its height;
 * - F: 300 women in the cell south of A, within 0.1 s (≈ 1 km) of A's southern edge, over A's width.
 *
 * A view's estimate weighs each cell by the share of it inside the view; a radius estimate counts
 * the cells whose centroid is inside the circle. Distances from X, worked out by hand (a degree
 * of longitude at 22.54°N is 102.87 km, of latitude 110.75 km): every profile of A is within
 * 6.7 km, of F within 7.4 km (their centroid 5.4 km south); the men of B are 9.07–11.3 km away,
 * their centroid 9.6 km.
 */
const database = useFreshDatabase();
const s = 0.087890625;
const x = { lng: 45.0439453125, lat: 22.5439453125 };

async function crowd(label: string, gender: string, count: number, lng: string, lat: string): Promise<void> {
  await database().rows(sql`
    INSERT INTO users (email, password_hash)
    SELECT ${`crowd-${label}-`} || i || '@map.test', 'x' FROM generate_series(0, ${count - 1}::int) AS i`);
  await database().rows(sql`
    INSERT INTO profiles (user_id, name, age, gender, location)
    SELECT u.id, ${label}, 30, ${gender}, ST_SetSRID(ST_MakePoint(${sql.raw(lng)}, ${sql.raw(lat)}), 4326)::geography
    FROM (SELECT id, split_part(split_part(email, '@', 1), '-', 3)::int AS i FROM users
          WHERE email LIKE ${`crowd-${label}-%`}) AS u`);
}

beforeAll(async () => {
  await crowd("A", "woman", 4700, `45 + ${s} * ((i % 100) + 0.5) / 100`, `22.5 + ${s} * (i / 100 + 0.5) / 47`);
  await crowd(
    "B",
    "man",
    600,
    `45.087890625 + ${s} * (0.5 + 0.125 * ((i % 20) + 0.5) / 20)`,
    `22.5 + ${s} * (i / 20 + 0.5) / 30`,
  );
  await crowd("F", "woman", 300, `45 + ${s} * ((i % 30) + 0.5) / 30`, `22.5 - ${s} * 0.1 * (i / 30 + 0.5) / 10`);
  await refreshMapCells(database());
}, 180_000);

function points(result: ViewportResult) {
  if (result.mode !== "points") throw new Error(`expected points, got ${result.mode}`);
  return result;
}

describe("points mode above 5,000 profiles in the view's cells", () => {
  const a = { west: 45, south: 22.5, east: 45 + s, north: 22.5 + s, zoom: 12 };

  it("counts exactly when the cells' estimate is exactly 5,000", async () => {
    // A whole (4,700) and the west half of B (600 / 2): 5,000. B's men all lie in its east half.
    const result = points(await viewportData(database(), { ...a, east: 45 + 1.5 * s }, {}, { points: true }));
    expect(result).toMatchObject({ total: 4700, totalIsEstimate: false, capped: true });
    expect(result.points).toHaveLength(500);
    expect(result.points.every((p) => p.gender === "woman")).toBe(true);
  });

  it("estimates the total from the cells above that", async () => {
    // A and B whole: 5,300.
    const whole = points(await viewportData(database(), { ...a, east: 45 + 2 * s }, {}, { points: true }));
    expect(whole).toMatchObject({ total: 5300, totalIsEstimate: true, capped: true });
    expect(whole.points).toHaveLength(500);
    // A and three quarters of B: 4,700 + 450.
    const most = points(await viewportData(database(), { ...a, east: 45 + 1.75 * s }, {}, { points: true }));
    expect(most).toMatchObject({ total: 5150, totalIsEstimate: true, capped: true });
  });

  it("estimates a filtered total from the filtered cells, never below the points listed", async () => {
    const men = points(await viewportData(database(), { ...a, east: 45 + 2 * s }, { gender: "man" }, { points: true }));
    expect(men).toMatchObject({ total: 600, totalIsEstimate: true, capped: true });
    expect(men.points).toHaveLength(500);
    expect(men.points.every((p) => p.gender === "man")).toBe(true);
    // Three quarters of B: 450 by its share of the cell, but all 600 men are inside and 500 are listed.
    const most = points(
      await viewportData(database(), { ...a, east: 45 + 1.75 * s }, { gender: "man" }, { points: true }),
    );
    expect(most).toMatchObject({ total: 500, totalIsEstimate: true, capped: false });
    expect(most.points).toHaveLength(500);
  });

  it("counts a filtered page that holds every match, however many the cells hold unfiltered", async () => {
    const nobody = points(
      await viewportData(database(), { ...a, east: 45 + 2 * s }, { gender: "non-binary" }, { points: true }),
    );
    expect(nobody).toMatchObject({ total: 0, totalIsEstimate: false, capped: false, points: [] });
  });
});

describe("a radius search above 5,000 profiles in the circle's cells", () => {
  it("counts exactly when the estimate is exactly 5,000, and lists 100 by default", async () => {
    // 8 km: the cells of A (4,700) and F (300) have their centroids inside, B's (9.6 km) not.
    const result = await profilesWithin(database(), { ...x, radiusKm: 8 });
    expect(result).toMatchObject({ total: 5000, totalIsEstimate: false, capped: true });
    expect(result.profiles).toHaveLength(100);
    expect(result.profiles.every((p) => p.gender === "woman")).toBe(true);
  });

  it("estimates the total from the cells above that", async () => {
    const result = await profilesWithin(database(), { ...x, radiusKm: 12, limit: 50 });
    expect(result).toMatchObject({ total: 5600, totalIsEstimate: true, capped: true });
    expect(result.profiles).toHaveLength(50);
    const metres = result.profiles.map((p) => p.metres);
    expect(metres).toEqual([...metres].sort((p, q) => p - q));
    expect(metres[49]).toBeLessThan(1_000);
  });

  it("estimates a filtered total from the filtered cells", async () => {
    const men = await profilesWithin(database(), { ...x, radiusKm: 12, limit: 500 }, { gender: "man" });
    expect(men).toMatchObject({ total: 600, totalIsEstimate: true, capped: true });
    expect(men.profiles).toHaveLength(500);
    expect(men.profiles.every((p) => p.gender === "man" && p.metres > 9_000 && p.metres < 11_500)).toBe(true);
  });

  it("counts a filtered page that holds every match, however many the cells hold unfiltered", async () => {
    const nobody = await profilesWithin(database(), { ...x, radiusKm: 12 }, { gender: "non-binary" });
    expect(nobody).toMatchObject({ total: 0, totalIsEstimate: false, capped: false, profiles: [] });
  });

  it("never estimates below the profiles listed (the cells are as of their last refresh)", async () => {
    // Runs last: three elite profiles arrive after the refresh, so the cells hold no elite profile.
    for (const name of ["Late 1", "Late 2", "Late 3"]) {
      await insertMapProfile(database(), { name, ...x, tier: "elite" });
    }
    const elite = await profilesWithin(database(), { ...x, radiusKm: 12, limit: 2 }, { tier: "elite" });
    expect(elite).toMatchObject({ total: 2, totalIsEstimate: true, capped: false });
    expect(elite.profiles.map((p) => p.name).every((name) => name.startsWith("Late "))).toBe(true);
    expect(elite.profiles).toHaveLength(2);
  });
});
