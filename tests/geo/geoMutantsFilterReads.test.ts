import { beforeAll, describe, expect, it } from "vitest";
import { refreshMapCells } from "@/server/geo/aggregate";
import { anomalousProfiles, anomalyCounts } from "@/server/geo/anomalies";
import { estimateInBox, estimateInRadius } from "@/server/geo/estimate";
import { profilesWithin } from "@/server/geo/radius";
import type { MapFilters } from "@/server/geo/schemas";
import { viewportData } from "@/server/geo/viewport";
import { useFreshDatabase } from "../support/database";
import { insertMapProfile, type TestProfile } from "./mapSupport";

/**
 * Every map filter, alone and combined, through each read that applies it: clusters and the
 * estimates (map_cells' columns), points and the radius search (profiles joined to users and
 * assessments). Five hand-placed profiles a few hundred metres apart around (60°W, 30°S), so all
 * share one cell at every level; the expected names are read off the table below.
 */
const database = useFreshDatabase();
const at = (k: number) => ({ lng: -60 + k * 0.003, lat: -30 });

const placed: TestProfile[] = [
  { name: "P1", ...at(1), gender: "woman", age: 25, tier: "free", verified: false },
  { name: "P2", ...at(2), gender: "man", age: 40, tier: "premium", verified: true, style: "secure" },
  { name: "P3", ...at(3), gender: "non-binary", age: 60, tier: "elite", verified: true, style: "anxious" },
  { name: "P4", ...at(4), gender: "woman", age: 33, tier: "premium", verified: false, style: "avoidant" },
  { name: "P5", ...at(5), gender: "man", age: 19, tier: "free", verified: true },
];

const cases: [MapFilters, string[]][] = [
  [{}, ["P1", "P2", "P3", "P4", "P5"]],
  [{ gender: "woman" }, ["P1", "P4"]],
  [{ minAge: 33 }, ["P2", "P3", "P4"]],
  [{ maxAge: 33 }, ["P1", "P4", "P5"]],
  [{ minAge: 25, maxAge: 40 }, ["P1", "P2", "P4"]],
  [{ tier: "premium" }, ["P2", "P4"]],
  [{ verified: true }, ["P2", "P3", "P5"]],
  [{ verified: false }, ["P1", "P4"]],
  [{ style: "none" }, ["P1", "P5"]],
  [{ style: "secure" }, ["P2"]],
  [{ tier: "free", style: "none" }, ["P1", "P5"]],
  [{ verified: true, style: "anxious" }, ["P3"]],
  [{ gender: "woman", minAge: 30, maxAge: 35, tier: "premium", verified: false, style: "avoidant" }, ["P4"]],
  [{ gender: "man", tier: "elite" }, []],
];

beforeAll(async () => {
  for (const p of placed) await insertMapProfile(database(), p);
  await insertMapProfile(database(), { name: "Nowhere", lng: null, lat: null });
  await refreshMapCells(database());
});

const view = { west: -60.5, south: -30.5, east: -59.5, north: -29.5 };
const centre = { lng: -60, lat: -30 };

describe.each(cases.map(([filters, names]) => [JSON.stringify(filters), filters, names] as const))(
  "the filters %s",
  (_label, filters, names) => {
    it("select the same profiles in clusters, points, radius and estimates", async () => {
      const clusters = await viewportData(database(), { ...view, zoom: 3 }, filters, { points: true });
      expect(clusters).toMatchObject({ mode: "clusters", total: names.length });

      const points = await viewportData(database(), { ...view, zoom: 12 }, filters, { points: true });
      if (points.mode !== "points") throw new Error("expected points");
      expect(points.points.map((p) => p.name).sort()).toEqual(names);
      expect(points.total).toBe(names.length);

      const radius = await profilesWithin(database(), { ...centre, radiusKm: 5 }, filters);
      expect(radius.profiles.map((p) => p.name)).toEqual(names);
      expect(radius.total).toBe(names.length);

      expect(await estimateInBox(database(), view, filters)).toBe(names.length);
      expect(await estimateInRadius(database(), centre, 5, filters)).toBe(names.length);
    });
  },
);

describe("anomalies beside filtered profiles", () => {
  it("are the profile without a location only", async () => {
    expect(await anomalyCounts(database())).toEqual({ missing: 1, null_island: 0, out_of_range: 0 });
    expect((await anomalousProfiles(database(), undefined)).map((p) => [p.name, p.kind, p.lng, p.lat])).toEqual([
      ["Nowhere", "missing", null, null],
    ]);
  });
});
