import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { refreshMapCells } from "@/server/geo/aggregate";
import { estimateInBox, estimateInRadius } from "@/server/geo/estimate";
import { useFreshDatabase } from "../support/database";
import { insertMapProfile, type TestProfile } from "./mapSupport";

/**
 * Estimated counts (server/geo/estimate.ts) on hand-placed profiles, each group far from the others
 * (in its own 22.5° cell). Cells of level L are 90/2^L degrees from (-180, -90): level 10 is
 * 0.087890625° (≈ 9.8 km), level 8 0.3515625° (≈ 39 km), level 5 2.8125°, level 2 22.5°.
 * A radius estimate counts the cells whose centroid is within the radius, at a level whose cells
 * are at most an eighth of the radius (10 below 312 km, 8 up to 2,497 km): the levels matter
 * where two profiles share a coarse cell but not a fine one.
 *
 * Distances worked out by hand: a degree of latitude near 45° is 111.13 km; along the parallel
 * at 60°N, 8.5° of longitude is ≈ 473 km (spherical law of cosines: 4.247° of arc); near the pole
 * (spherical law of cosines) (0°, 80°N) is 11.2° (≈ 1,247 km) from (±90°, 85°N), 11.0° (≈ 1,229 km)
 * from (179°E, 89°N) and 12.0° (≈ 1,336 km) from (179.9°W, 88°N). Fiji: Suva (178.4419°E) and
 * 178°W at 18.1416°S are ≈ 376 km apart across the antimeridian.
 */
const database = useFreshDatabase();

const adriatic = {
  // Level-10 cells: rows 1536 and 1539, column 2177; both in the level-8 cell (544, 384) and the
  // level-5 cell (68, 48). Their centroid is at 45.175°N.
  near: { lng: 11.4, lat: 45.05 },
  far: { lng: 11.4, lat: 45.3 },
  // 0.85° (94.5 km) south of `near`, 1.1° (122.3 km) south of `far`, 0.975° (108.4 km) south of their centroid.
  centre: { lng: 11.4, lat: 44.2 },
};
const siberia = {
  centre: { lng: 100, lat: 60 },
  east: { lng: 108.5, lat: 60 },
  west: { lng: 91.5, lat: 60 },
};
const pole = {
  centre: { lng: 0, lat: 80 },
  plus90: { lng: 90, lat: 85 },
  minus90: { lng: -90, lat: 85 },
  east: { lng: 179, lat: 89 },
  // In column 0 of every level (the first cell east of 180°W).
  west: { lng: -179.9, lat: 88 },
};
const fiji = {
  suva: { lng: 178.4419, lat: -18.1416 },
  across: { lng: -178, lat: -18.1416 },
};

// A degree of latitude at the equator is 110.574 km (WGS84): 2.73° north of (30°E, 0°) is 301.87 km.
const equator = { centre: { lng: 30, lat: 0 }, north: { lng: 30, lat: 2.73 } };

const placed: TestProfile[] = [
  { name: "Equator north", ...equator.north },
  { name: "Adriatic near", ...adriatic.near, gender: "man" },
  { name: "Adriatic far", ...adriatic.far, gender: "woman" },
  { name: "Siberia centre", ...siberia.centre },
  { name: "Siberia east", ...siberia.east },
  { name: "Siberia west", ...siberia.west },
  { name: "Pole centre", ...pole.centre },
  { name: "Pole +90", ...pole.plus90 },
  { name: "Pole -90", ...pole.minus90 },
  { name: "Pole east", ...pole.east },
  { name: "Pole west", ...pole.west },
  { name: "Suva", ...fiji.suva },
  { name: "Across", ...fiji.across },
];

beforeAll(async () => {
  for (const p of placed) await insertMapProfile(database(), p);
  await refreshMapCells(database());
}, 120_000);

describe("a radius estimate", () => {
  it("reaches as far north as the circle does near the equator, where a degree of latitude is shortest", async () => {
    expect(await estimateInRadius(database(), equator.centre, 302.32, {})).toBe(1);
    expect(await estimateInRadius(database(), equator.centre, 301.5, {})).toBe(0);
  });

  it("below 78 km reads the finest cells: a profile 28 km away in the same 39 km cell stays out", async () => {
    expect(await estimateInRadius(database(), adriatic.near, 10, {})).toBe(1);
    expect(await estimateInRadius(database(), adriatic.near, 10, { gender: "man" })).toBe(1);
    expect(await estimateInRadius(database(), adriatic.near, 10, { gender: "woman" })).toBe(0);
  });

  it("of 100 km reads the finest cells, not the 39 km cell whose centroid is 108 km away", async () => {
    expect(await estimateInRadius(database(), adriatic.centre, 100, {})).toBe(1);
    // 130 km reaches both profiles.
    expect(await estimateInRadius(database(), adriatic.centre, 130, {})).toBe(2);
  });

  it("at 60°N reaches as far east and west as the circle does at its poleward edge", async () => {
    // 500 km spans 10.5° of longitude at 64.5°N (the circle's northern edge), 8.0° at 55.5°N.
    expect(await estimateInRadius(database(), siberia.centre, 500, {})).toBe(3);
    expect(await estimateInRadius(database(), siberia.centre, 400, {})).toBe(1);
  });

  it("near a pole reads the whole width of the world", async () => {
    expect(await estimateInRadius(database(), pole.centre, 1500, {})).toBe(5);
    expect(await estimateInRadius(database(), pole.centre, 1200, {})).toBe(1);
  });

  it("reaches across the antimeridian from either side", async () => {
    expect(await estimateInRadius(database(), fiji.suva, 500, {})).toBe(2);
    expect(await estimateInRadius(database(), fiji.across, 500, {})).toBe(2);
    expect(await estimateInRadius(database(), fiji.across, 300, {})).toBe(1);
  });

  it("is zero where there is nobody", async () => {
    expect(await estimateInRadius(database(), { lng: -40, lat: -40 }, 50, {})).toBe(0);
  });
});

describe("a radius estimate at the boundary between two levels", () => {
  it("of 312.1875 km (8 × a 39.0234375 km cell) reads the 39 km cells", async () => {
    // 2.7625° (≈ 307 km) south of `near`, 2.8875° (≈ 321 km) south of the level-8 centroid of the
    // Adriatic pair: their single 39 km cell is outside, though `near` alone would be inside.
    expect(await estimateInRadius(database(), { lng: 11.4, lat: 42.2875 }, 312.1875, {})).toBe(0);
    expect(await estimateInRadius(database(), { lng: 11.4, lat: 42.2875 }, 312, {})).toBe(1);
  });
});

/**
 * The cells an estimate reads: a query sent through a Database that records it. Reading more cells
 * than the circle or box can reach gives the same count, only slower; these pin down the range.
 */
const dialect = new PgDialect();
async function cellsRead(estimate: (database: Database) => Promise<number>) {
  const statements: SQL[] = [];
  const real = database();
  const recording = new Proxy(real, {
    get(target, key) {
      if (key === "rows") {
        return (query: SQL) => {
          statements.push(query);
          return target.rows(query);
        };
      }
      return Reflect.get(target, key) as unknown;
    },
  });
  const count = await estimate(recording);
  const ranges = statements.flatMap((statement) => {
    const { sql, params } = dialect.sqlToQuery(statement);
    const match =
      /level = \$(\d+)::smallint\s+AND cx BETWEEN \$(\d+)::int AND \$(\d+)::int\s+AND cy BETWEEN \$(\d+)::int AND \$(\d+)::int/.exec(
        sql,
      );
    return match ? [match.slice(1).map((n) => Number(params[Number(n) - 1]))] : [];
  });
  expect(ranges).toHaveLength(1);
  const [level, cxLow, cxHigh, cyLow, cyHigh] = ranges[0];
  const size = 90 / 2 ** level;
  // The outer edges of the first and last cells read, in degrees.
  return {
    count,
    size,
    west: cxLow * size - 180,
    east: (cxHigh + 1) * size - 180,
    south: cyLow * size - 90,
    north: (cyHigh + 1) * size - 90,
  };
}

describe("the cells a radius estimate reads", () => {
  // A spherical cap of radius d (degrees of arc) around latitude φ spans ±d of latitude and
  // ±asin(sin d / cos φ) of longitude. With the mean radius (111.195 km per degree):
  // 500 km at 60°N is ±4.4966° × ±9.0212°; 100 km at 44.2°N is ±0.8993° × ±1.2545°.
  it.each([
    ["500 km at 60°N", siberia.centre, 500, 4.4966, 9.0212, 3],
    ["100 km at 44.2°N", adriatic.centre, 100, 0.8993, 1.2545, 1],
  ] as const)(
    "cover the circle's bounding box and little more: %s",
    async (_label, centre, radiusKm, dLat, dLng, n) => {
      const read = await cellsRead((recording) => estimateInRadius(recording, centre, radiusKm, {}));
      expect(read.count).toBe(n);
      expect(read.south).toBeLessThanOrEqual(centre.lat - dLat);
      expect(read.north).toBeGreaterThanOrEqual(centre.lat + dLat);
      expect(read.west).toBeLessThanOrEqual(centre.lng - dLng);
      expect(read.east).toBeGreaterThanOrEqual(centre.lng + dLng);
      // A quarter more than the cap, and the cells its edges fall in, at most.
      expect(read.south).toBeGreaterThanOrEqual(centre.lat - 1.25 * dLat - read.size);
      expect(read.north).toBeLessThanOrEqual(centre.lat + 1.25 * dLat + read.size);
      expect(read.west).toBeGreaterThanOrEqual(centre.lng - 1.25 * dLng - read.size);
      expect(read.east).toBeLessThanOrEqual(centre.lng + 1.25 * dLng + read.size);
    },
  );

  it("span the whole width of the world where the circle reaches a pole or crosses 180°", async () => {
    for (const [centre, radiusKm] of [
      [pole.centre, 1500],
      [fiji.across, 500],
      [fiji.suva, 500],
    ] as const) {
      const read = await cellsRead((recording) => estimateInRadius(recording, centre, radiusKm, {}));
      expect([read.west, read.east >= 180]).toEqual([-180, true]);
    }
  });
});

describe("the cells a box estimate reads", () => {
  it("are those the box touches", async () => {
    const read = await cellsRead((recording) =>
      estimateInBox(recording, { west: 11, south: 44, east: 12, north: 46 }, {}),
    );
    expect(read.count).toBe(2);
    expect(read.size).toBe(0.087890625);
    expect(read.west).toBeLessThanOrEqual(11);
    expect(read.west).toBeGreaterThan(11 - read.size);
    expect(read.east).toBeGreaterThan(12);
    expect(read.east).toBeLessThanOrEqual(12 + read.size);
    expect(read.south).toBeLessThanOrEqual(44);
    expect(read.south).toBeGreaterThan(44 - read.size);
    expect(read.north).toBeGreaterThan(46);
    expect(read.north).toBeLessThanOrEqual(46 + read.size);
  });
});

describe("a box estimate", () => {
  // Level-10 cell of `near`: columns 2177 → 11.3378906250–11.4257812500°E, row 1536 → 45–45.087890625°N.
  const cell = { west: 11.337890625, south: 45, east: 11.42578125, north: 45.087890625 };

  it("weighs a cell by the part of it inside the box, wherever the box lies", async () => {
    expect(await estimateInBox(database(), cell, {})).toBe(1);
    // Half the cell: 0.5 rounds up to 1; a quarter rounds down to 0.
    expect(await estimateInBox(database(), { ...cell, west: 11.3818359375 }, {})).toBe(1);
    expect(await estimateInBox(database(), { ...cell, west: 11.3818359375, south: 45.0439453125 }, {})).toBe(0);
    // A box over both Adriatic profiles' columns, from well south of them to well north.
    expect(await estimateInBox(database(), { west: 11, south: 44, east: 12, north: 46 }, {})).toBe(2);
    expect(await estimateInBox(database(), { west: 11, south: 44, east: 12, north: 46 }, { gender: "woman" })).toBe(1);
    expect(await estimateInBox(database(), { west: 12, south: 44, east: 13, north: 46 }, {})).toBe(0);
  });
});
