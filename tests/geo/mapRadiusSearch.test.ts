import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { profilesWithin } from "@/server/geo/radius";
import { useFreshDatabase } from "../support/database";
import { insertMapProfile } from "./mapSupport";

/**
 * The map's radius search (server/geo/radius.ts) against GeographicLib's WGS84 geodesics: one
 * profile per fixture city, then for every fixture pair a search around one city must report the
 * other at the fixture's distance (±0.5%), include it just beyond that distance and exclude it just short of it.
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

      const beyond = await search((metres * 1.01) / 1000);
      const found = beyond.profiles.find((p) => p.id === idOf.get(to));
      expect(found, `${to} within ${metres * 1.01} m of ${from}`).toBeDefined();
      expect(Math.abs((found?.metres ?? 0) - metres) / metres).toBeLessThan(0.005);

      const short = await search((metres * 0.99) / 1000);
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
});
