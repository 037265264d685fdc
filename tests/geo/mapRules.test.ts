import { describe, expect, it } from "vitest";
import { hasFilters } from "@/server/geo/filters";
import {
  cellCentre,
  cellDegrees,
  cellIndex,
  finestLevel,
  gridFor,
  minClusterForAggregateRoles,
  pointsFromZoom,
  storedLevels,
} from "@/server/geo/grid";
import {
  anomaliesQuery,
  anomalyKinds,
  candidatesQuery,
  genders,
  maxRadiusKm,
  profileLocationQuery,
  radiusQuery,
  styleFilters,
  viewportQuery,
} from "@/server/geo/schemas";

/**
 * The map's pure rules, without a database: the clustering grid (server/geo/grid.ts) and the
 * query-string schemas of the map routes (server/geo/schemas.ts). Every expected value is written
 * out by hand: cells of zoom z are 90/2^z degrees, anchored at (-180, -90).
 */

/** The messages of a failed parse, keyed by path (a successful parse fails the test). */
function issues(
  schema: { safeParse(value: unknown): { success: boolean; error?: { issues: unknown[] } } },
  value: unknown,
) {
  const result = schema.safeParse(value);
  expect(result.success, JSON.stringify(value)).toBe(false);
  return (result.error?.issues as { path: PropertyKey[]; message: string }[]).map(
    (issue) => `${issue.path.map(String).join(".")}: ${issue.message}`,
  );
}

describe("the clustering grid", () => {
  it("has cells of 90/2^zoom degrees", () => {
    expect(cellDegrees(0)).toBe(90);
    expect(cellDegrees(1)).toBe(45);
    expect(cellDegrees(2)).toBe(22.5);
    expect(cellDegrees(10)).toBe(0.087890625);
  });

  it("stores levels 2, 5, 8 and 10, and shows points from zoom 11, clusters of two or more to aggregate roles", () => {
    expect([...storedLevels]).toEqual([2, 5, 8, 10]);
    expect(finestLevel).toBe(10);
    expect(pointsFromZoom).toBe(11);
    expect(minClusterForAggregateRoles).toBe(2);
  });

  it.each([
    [0, { level: 2, displayZoom: 0, shift: 2 }],
    [1, { level: 2, displayZoom: 1, shift: 1 }],
    [2, { level: 2, displayZoom: 2, shift: 0 }],
    [3, { level: 5, displayZoom: 3, shift: 2 }],
    [4.7, { level: 5, displayZoom: 4, shift: 1 }],
    [5, { level: 5, displayZoom: 5, shift: 0 }],
    [6, { level: 8, displayZoom: 6, shift: 2 }],
    [8, { level: 8, displayZoom: 8, shift: 0 }],
    [9, { level: 10, displayZoom: 9, shift: 1 }],
    [10, { level: 10, displayZoom: 10, shift: 0 }],
    [14, { level: 10, displayZoom: 10, shift: 0 }],
    [-3, { level: 2, displayZoom: 0, shift: 2 }],
  ])("reads zoom %d from the stored level above it: %o", (zoom, expected) => {
    expect(gridFor(zoom)).toEqual(expected);
  });

  it("indexes a coordinate (degrees from the origin) by the cell holding it", () => {
    expect(cellIndex(0, 0)).toBe(0);
    expect(cellIndex(89.999, 0)).toBe(0);
    expect(cellIndex(90, 0)).toBe(1);
    expect(cellIndex(359.999, 0)).toBe(3);
    expect(cellIndex(22.499, 2)).toBe(0);
    expect(cellIndex(22.5, 2)).toBe(1);
    expect(cellIndex(180, 10)).toBe(2048);
    expect(cellIndex(180.1, 10)).toBe(2049);
  });

  it("places a cell's centre half a cell from its south-west corner, never north of the pole", () => {
    expect(cellCentre(0, 0, 0)).toEqual({ lng: -135, lat: -45 });
    expect(cellCentre(3, 1, 0)).toEqual({ lng: 135, lat: 45 });
    expect(cellCentre(5, 6, 2)).toEqual({ lng: -56.25, lat: 56.25 });
    // Row 2 at zoom 0 starts at 90° north: its centre would be at 135° and is held at the pole.
    expect(cellCentre(1, 2, 0)).toEqual({ lng: -45, lat: 90 });
  });
});

describe("filters", () => {
  it("count as set when any value is present, false included", () => {
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ gender: undefined, tier: undefined })).toBe(false);
    expect(hasFilters({ verified: false })).toBe(true);
    expect(hasFilters({ minAge: 18 })).toBe(true);
    expect(hasFilters({ style: "none" })).toBe(true);
  });

  it("offer the three genders and the attachment styles plus none", () => {
    expect([...genders]).toEqual(["woman", "man", "non-binary"]);
    expect([...styleFilters]).toEqual(["secure", "anxious", "avoidant", "fearful-avoidant", "none"]);
    expect([...anomalyKinds]).toEqual(["missing", "null_island", "out_of_range"]);
    expect(maxRadiusKm).toBe(20_000);
  });
});

describe("the viewport query", () => {
  const view = { west: "-10", south: "40", east: "10", north: "50", zoom: "5" };

  it("parses numbers from text, trimmed, and the filters", () => {
    expect(
      viewportQuery.parse({
        ...view,
        west: " -10.5 ",
        zoom: "22",
        gender: "non-binary",
        minAge: "18",
        maxAge: "120",
        tier: "elite",
        verified: "true",
        style: "none",
      }),
    ).toEqual({
      west: -10.5,
      south: 40,
      east: 10,
      north: 50,
      zoom: 22,
      gender: "non-binary",
      minAge: 18,
      maxAge: 120,
      tier: "elite",
      verified: true,
      style: "none",
    });
    expect(viewportQuery.parse({ ...view, verified: "false" }).verified).toBe(false);
    expect(viewportQuery.parse({ ...view, minAge: "30", maxAge: "30" })).toMatchObject({ minAge: 30, maxAge: 30 });
    expect(viewportQuery.parse({ ...view, west: "-180", east: "180", south: "-90", north: "90", zoom: "0" })).toEqual({
      west: -180,
      south: -90,
      east: 180,
      north: 90,
      zoom: 0,
    });
  });

  it.each([
    [{ zoom: "abc" }, "zoom: must be a number"],
    [{ zoom: "1e3" }, "zoom: must be a number"],
    [{ zoom: "1." }, "zoom: must be a number"],
    [{ zoom: ".5" }, "zoom: must be a number"],
    [{ zoom: "x-1" }, "zoom: must be a number"],
    [{ zoom: "-1x" }, "zoom: must be a number"],
    [{ west: "-180.5" }, "west: must be at least -180°"],
    [{ east: "180.01" }, "east: must be at most 180°"],
    [{ south: "-90.1" }, "south: must be at least -90°"],
    [{ north: "90.1" }, "north: must be at most 90°"],
    [{ zoom: "23" }, "zoom: must be at most 22"],
    [{ zoom: "-1" }, "zoom: must be at least 0"],
    [{ zoom: "2.5" }, "zoom: must be a whole number"],
    [{ minAge: "17" }, "minAge: must be at least 18"],
    [{ maxAge: "121" }, "maxAge: must be at most 120"],
    [{ gender: "other" }, "gender: must be one of woman, man, non-binary"],
    [{ tier: "gold" }, "tier: must be one of free, premium, elite"],
    [{ verified: "yes" }, "verified: must be true or false"],
    [{ style: "calm" }, "style: must be one of secure, anxious, avoidant, fearful-avoidant, none"],
  ])("rejects %o: %s", (change, message) => {
    expect(issues(viewportQuery, { ...view, ...change })).toEqual([message]);
  });

  it("wants east of west, north of south and maxAge not below minAge", () => {
    expect(issues(viewportQuery, { ...view, east: "-10" })).toEqual(["east: must be east of west"]);
    expect(issues(viewportQuery, { ...view, north: "40" })).toEqual(["north: must be north of south"]);
    expect(issues(viewportQuery, { ...view, minAge: "31", maxAge: "30" })).toEqual([
      "maxAge: must not be below minAge",
    ]);
  });

  it("refuses a parameter it does not know", () => {
    expect(viewportQuery.safeParse({ ...view, radius: "3" }).success).toBe(false);
    expect(viewportQuery.safeParse({ ...view, zoom: undefined }).success).toBe(false);
  });
});

describe("the radius query", () => {
  const query = { lat: "48.85", lng: "2.35", radiusKm: "10" };

  it("parses the bounds inclusive", () => {
    expect(radiusQuery.parse({ ...query, radiusKm: "0.001", limit: "1" })).toEqual({
      lat: 48.85,
      lng: 2.35,
      radiusKm: 0.001,
      limit: 1,
    });
    expect(radiusQuery.parse({ lat: "90", lng: "-180", radiusKm: "20000", limit: "500" })).toEqual({
      lat: 90,
      lng: -180,
      radiusKm: 20_000,
      limit: 500,
    });
    expect(radiusQuery.parse({ ...query, minAge: "40", maxAge: "40" })).toMatchObject({ minAge: 40, maxAge: 40 });
  });

  it.each([
    [{ radiusKm: "0.0009" }, "radiusKm: must be at least 0.001 km"],
    [{ radiusKm: "20000.1" }, "radiusKm: must be at most 20000 km"],
    [{ lat: "-90.5" }, "lat: must be at least -90°"],
    [{ lng: "180.5" }, "lng: must be at most 180°"],
    [{ limit: "0" }, "limit: must be at least 1"],
    [{ limit: "501" }, "limit: must be at most 500"],
    [{ limit: "1.5" }, "limit: must be a whole number"],
    [{ minAge: "50", maxAge: "49" }, "maxAge: must not be below minAge"],
  ])("rejects %o: %s", (change, message) => {
    expect(issues(radiusQuery, { ...query, ...change })).toEqual([message]);
  });

  it("refuses a parameter it does not know", () => {
    expect(radiusQuery.safeParse({ ...query, zoom: "3" }).success).toBe(false);
  });
});

describe("the user, candidates and anomalies queries", () => {
  // An md5 hash cast to uuid, as seeded: no RFC 4122 version or variant.
  const seededId = "5d41402a-bc4b-2a76-f971-9d911017c592";

  it("take any 8-4-4-4-12 hex id", () => {
    expect(profileLocationQuery.parse({ userId: seededId })).toEqual({ userId: seededId });
    expect(candidatesQuery.parse({ userId: seededId, limit: "20" })).toEqual({ userId: seededId, limit: 20 });
    expect(issues(profileLocationQuery, { userId: "5d41402a" })).toEqual(["userId: must be a user id"]);
    expect(issues(candidatesQuery, { userId: seededId, limit: "0" })).toEqual(["limit: must be at least 1"]);
    expect(profileLocationQuery.safeParse({ userId: seededId, limit: "3" }).success).toBe(false);
    expect(candidatesQuery.safeParse({ userId: seededId, zoom: "3" }).success).toBe(false);
  });

  it("take an anomaly kind and a limit", () => {
    expect(anomaliesQuery.parse({})).toEqual({});
    expect(anomaliesQuery.parse({ kind: "null_island", limit: "500" })).toEqual({ kind: "null_island", limit: 500 });
    expect(issues(anomaliesQuery, { kind: "zero" })).toEqual([
      "kind: must be one of missing, null_island, out_of_range",
    ]);
    expect(issues(anomaliesQuery, { limit: "501" })).toEqual(["limit: must be at most 500"]);
    expect(anomaliesQuery.safeParse({ zoom: "3" }).success).toBe(false);
  });
});
