import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { profilesWithin } from "@/server/geo/radius";
import { useFreshDatabase } from "../support/database";
import { insertMapProfile } from "./mapSupport";

/**
 * The map's radius search (server/geo/radius.ts) against GeographicLib's WGS84 geodesics: one
 * profile per fixture city, then for every fixture pair a search around one city must report the
 * other at the fixture's distance (to 0.1 m, the fixture's rounding), include it a metre beyond that distance and
 * exclude it a metre short of it.
 */
interface Fixture {
  cities: { name: string; lat: number; lon: number }[];
  pairs: { from: string; to: string; metres: number }[];
}
const fixture = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, "../fixtures/city-distances.json"), "utf8"),
) as Fixture;
const city = (name: string) => {
  const found = fixture.cities.find((c) => c.name === name);
  if (!found) throw new Error(`fixture has no ${name}`);
  return found;
};

const database = useFreshDatabase();
const idOf = new Map<string, string>();

beforeAll(async () => {
  for (const c of fixture.cities)
    idOf.set(c.name, await insertMapProfile(database(), { name: c.name, lng: c.lon, lat: c.lat }));
  // A profile with no location and one at (0,0) must never show up in a radius search.
  await insertMapProfile(database(), { name: "Nowhere", lng: null, lat: null });
  await insertMapProfile(database(), { name: "Null Island", lng: 0, lat: 0 });
});

describe("radius search", () => {
  it.each(fixture.pairs.map((p) => [p.from, p.to, p.metres] as const))(
    "around %s finds %s at its geodesic distance (%d m), and only within that radius",
    async (from, to, metres) => {
      const centre = city(from);
      const search = (radiusKm: number) =>
        profilesWithin(database(), { lng: centre.lon, lat: centre.lat, radiusKm, limit: 500 });

      // A metre either side: a sphere's distances (12 m to 34 km off for these pairs) fail both ways.
      const beyond = await search((metres + 1) / 1000);
      const found = beyond.profiles.find((p) => p.id === idOf.get(to));
      expect(found, `${to} within ${metres + 1} m of ${from}`).toBeDefined();
      expect(Math.abs((found?.metres ?? 0) - metres)).toBeLessThan(0.1);

      const short = await search((metres - 1) / 1000);
      expect(short.profiles.map((p) => p.id)).not.toContain(idOf.get(to));
    },
  );

  it("lists results nearest first, counts them all, and caps the list at the limit", async () => {
    const sf = city("San Francisco");
    const all = await profilesWithin(database(), { lng: sf.lon, lat: sf.lat, radiusKm: 20_000, limit: 500 });
    const distances = all.profiles.map((p) => p.metres);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(all.profiles[0].name).toBe("San Francisco");
    expect(all.profiles.map((p) => p.name)).not.toContain("Nowhere");
    expect(all.profiles.map((p) => p.name)).not.toContain("Null Island");
    expect(all.total).toBe(fixture.cities.length);

    const firstThree = await profilesWithin(database(), { lng: sf.lon, lat: sf.lat, radiusKm: 20_000, limit: 3 });
    expect(firstThree.profiles.map((p) => p.name)).toEqual(all.profiles.slice(0, 3).map((p) => p.name));
    expect(firstThree.total).toBe(fixture.cities.length);
    expect(firstThree.capped).toBe(true);
  });

  it("orders by the WGS84 distance where a sphere would order the other way", async () => {
    // Runs last: it adds two profiles the tests above do not expect.
    // Around (10°E, 0°): a point 1° north is 110,574.4 m away along the meridian, one 0.995° east is
    // 0.995 × 111,319.49 m = 110,762.9 m along the equator (WGS84's textbook arcs). On a sphere of
    // the mean radius both are 111,195 m per degree, so the east point (110,639 m) would come first.
    const north = await insertMapProfile(database(), { name: "One degree north", lng: 10, lat: 1 });
    const east = await insertMapProfile(database(), { name: "Almost one degree east", lng: 10.995, lat: 0 });
    const found = await profilesWithin(database(), { lng: 10, lat: 0, radiusKm: 112, limit: 500 });
    expect(found.profiles.map((p) => p.id)).toEqual([north, east]);
    expect(found.profiles[0].metres).toBeCloseTo(110_574.4, 0);
    expect(found.profiles[1].metres).toBeCloseTo(110_762.9, 0);
  });
});
