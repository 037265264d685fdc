import { beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "@/server/errors";
import { matchCandidates, seekerOf } from "@/server/geo/candidates";
import { profilesWithin } from "@/server/geo/radius";
import { useFreshDatabase } from "../support/database";
import { insertMapProfile, type TestProfile } from "./mapSupport";

/**
 * Match candidates (server/geo/candidates.ts) around (10°E, 0°), on hand-placed profiles. On the
 * WGS84 spheroid (10°E, 1°N) is 110,574.4 m away along the meridian and (10.995°E, 0°) is
 * 0.995 × 111,319.49 = 110,762.9 m along the equator; on a sphere of the mean radius the second
 * would be the nearer (110,639 m against 111,195 m), so the index's sphere order is not the answer.
 */
const database = useFreshDatabase();

const tieLow = "00000000-0000-0000-0000-00000000000a";
const tieHigh = "ffffffff-0000-0000-0000-00000000000a";
const open = { gender: "man", age: 35, lookingForGender: "everyone", minAge: 18, maxAge: 99, maxDistanceKm: 200 };

const seeker: TestProfile = {
  name: "Seeker",
  lng: 10,
  lat: 0,
  gender: "woman",
  age: 31,
  lookingForGender: "man",
  minAge: 30,
  maxAge: 45,
  maxDistanceKm: 150,
};
const others: TestProfile[] = [
  { name: "North", lng: 10, lat: 1, ...open },
  { name: "East", lng: 10.995, lat: 0, ...open },
  // Equally far (the same spot, ≈ 55 km north): listed by id. Inserted low id first, which the
  // index happens to return last, so the order seen is the one the results are sorted into.
  { id: tieLow, name: "Tie low", lng: 10, lat: 0.5, ...open },
  { id: tieHigh, name: "Tie high", lng: 10, lat: 0.5, ...open },
];

const ids = new Map<string, string>();
beforeAll(async () => {
  for (const p of [seeker, ...others]) ids.set(p.name, await insertMapProfile(database(), p));
  ids.set("Null island", await insertMapProfile(database(), { name: "Null island", lng: 0, lat: 0 }));
  ids.set("Nowhere", await insertMapProfile(database(), { name: "Nowhere", lng: null, lat: null }));
});

const idOf = (name: string) => ids.get(name) ?? "";

async function refusal(userId: string): Promise<DomainError> {
  const error: unknown = await seekerOf(database(), userId).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe("the seeker", () => {
  it("is read with its place and every preference", async () => {
    expect(await seekerOf(database(), idOf("Seeker"))).toEqual({
      id: idOf("Seeker"),
      name: "Seeker",
      age: 31,
      gender: "woman",
      lng: 10,
      lat: 0,
      lookingForGender: "man",
      minAge: 30,
      maxAge: 45,
      maxDistanceKm: 150,
    });
  });

  it("is not found for a user without a profile", async () => {
    const error = await refusal("12345678-1234-1234-1234-123456789abc");
    expect(error.code).toBe("not_found");
    expect(error.message).toBe("No profile for this user.");
    expect(error.fieldErrors).toEqual({ userId: "has no profile" });
  });

  it("is refused without a location the map can place: none, or null island", async () => {
    for (const name of ["Nowhere", "Null island"]) {
      const error = await refusal(idOf(name));
      expect(error.code, name).toBe("invalid");
      expect(error.message, name).toBe("This user's profile has no usable location.");
      expect(error.fieldErrors, name).toEqual({ userId: "has no usable location" });
    }
  });
});

describe("match candidates", () => {
  it("are nearest first by the spheroid distance, equally far ones by id, up to 100 by default", async () => {
    const result = await matchCandidates(database(), idOf("Seeker"));
    expect(result.limit).toBe(100);
    expect(result.seeker.id).toBe(idOf("Seeker"));
    expect(result.candidates.map((c) => c.name)).toEqual(["Tie low", "Tie high", "North", "East"]);
    expect(result.candidates.map((c) => c.id)).toEqual([tieLow, tieHigh, idOf("North"), idOf("East")]);
    const [, , north, east] = result.candidates;
    expect(north).toMatchObject({ name: "North", age: 35, gender: "man", lng: 10, lat: 1 });
    expect(north.metres).toBeCloseTo(110_574.4, 0);
    expect(east).toMatchObject({ name: "East", age: 35, gender: "man", lng: 10.995, lat: 0 });
    expect(east.metres).toBeCloseTo(110_762.9, 0);
  });

  it("stop at the limit given", async () => {
    const result = await matchCandidates(database(), idOf("Seeker"), 2);
    expect(result.limit).toBe(2);
    expect(result.candidates.map((c) => c.name)).toEqual(["Tie low", "Tie high"]);
  });

  it("cut at the limit by the spheroid distance, though the index walks in sphere order", async () => {
    // The walk meets East (sphere 110,639 m) before North (111,195 m); on the spheroid North is nearer.
    const three = await matchCandidates(database(), idOf("Seeker"), 3);
    expect(three.candidates.map((c) => c.name)).toEqual(["Tie low", "Tie high", "North"]);
    const found = await profilesWithin(database(), { lng: 10, lat: 0, radiusKm: 112, limit: 4 });
    expect(found.profiles.map((p) => p.name)).toEqual(["Seeker", "Tie low", "Tie high", "North"]);
    expect(found).toMatchObject({ total: 5, totalIsEstimate: false, capped: true });
  });

  it("in a radius search are listed the same way: spheroid distance, then id", async () => {
    const found = await profilesWithin(database(), { lng: 10, lat: 0, radiusKm: 112 });
    expect(found.profiles.map((p) => p.name)).toEqual(["Seeker", "Tie low", "Tie high", "North", "East"]);
    expect(found).toMatchObject({ total: 5, totalIsEstimate: false, capped: false });
  });

  it("are within the seeker's own distance", async () => {
    // Runs last: another woman seeking men, whose 110 km reach only the profiles 55 km away.
    const near = await insertMapProfile(database(), { ...seeker, name: "Near seeker", maxDistanceKm: 110 });
    const names = (await matchCandidates(database(), near)).candidates.map((c) => c.name);
    expect(names).toEqual(["Tie low", "Tie high"]);
  });
});
