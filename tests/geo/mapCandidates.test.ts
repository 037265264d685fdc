import { beforeAll, describe, expect, it } from "vitest";
import { matchCandidates } from "@/server/geo/candidates";
import { useFreshDatabase } from "../support/database";
import { insertMapProfile, type TestProfile } from "./mapSupport";

/**
 * Location-based match candidates on a hand-built neighbourhood around central Berlin. Each
 * profile differs from an acceptable candidate in one rule, named in its name.
 */
const database = useFreshDatabase();
const berlin = { lng: 13.405, lat: 52.52 };
/** A point `km` kilometres due east of Berlin's centre (1° of longitude ≈ 67.8 km at this latitude). */
const east = (km: number) => ({ lng: berlin.lng + km / 67.8, lat: berlin.lat });

const seeker: TestProfile = {
  name: "Seeker",
  ...berlin,
  gender: "woman",
  age: 30,
  lookingForGender: "man",
  minAge: 25,
  maxAge: 40,
  maxDistanceKm: 30,
};
const others: TestProfile[] = [
  { name: "ok-near", ...east(5), gender: "man", age: 32, lookingForGender: "woman", maxDistanceKm: 50 },
  { name: "ok-far", ...east(25), gender: "man", age: 28, lookingForGender: "everyone", maxDistanceKm: 50 },
  { name: "ok-any-gender-null", ...east(12), gender: "man", age: 40, lookingForGender: null, maxDistanceKm: 20 },
  { name: "beyond-seeker-limit", ...east(40), gender: "man", age: 32, lookingForGender: "woman", maxDistanceKm: 100 },
  {
    name: "seeker-beyond-their-limit",
    ...east(20),
    gender: "man",
    age: 32,
    lookingForGender: "woman",
    maxDistanceKm: 10,
  },
  {
    name: "woman-open-to-everyone",
    ...east(5),
    gender: "woman",
    age: 32,
    lookingForGender: "everyone",
    maxDistanceKm: 50,
  },
  {
    name: "does-not-want-seeker-gender",
    ...east(5),
    gender: "man",
    age: 32,
    lookingForGender: "man",
    maxDistanceKm: 50,
  },
  { name: "too-old-for-seeker", ...east(5), gender: "man", age: 41, lookingForGender: "woman", maxDistanceKm: 50 },
  {
    name: "seeker-too-young-for-them",
    ...east(5),
    gender: "man",
    age: 35,
    lookingForGender: "woman",
    minAge: 31,
    maxDistanceKm: 50,
  },
  { name: "no-location", lng: null, lat: null, gender: "man", age: 32, lookingForGender: "woman" },
];

const ids = new Map<string, string>();
beforeAll(async () => {
  for (const p of [seeker, ...others]) ids.set(p.name, await insertMapProfile(database(), p));
  // A second seeker who accepts anyone of any age, to check 'everyone' on the seeker's side.
  ids.set(
    "Open",
    await insertMapProfile(database(), {
      name: "Open",
      ...berlin,
      gender: "non-binary",
      age: 33,
      lookingForGender: "everyone",
      maxDistanceKm: 30,
    }),
  );
});

const idOf = (name: string) => ids.get(name) ?? "";

describe("match candidates", () => {
  it("are mutual in distance, gender and age, nearest first", async () => {
    const result = await matchCandidates(database(), idOf("Seeker"));
    expect(result.candidates.map((c) => c.name)).toEqual(["ok-near", "ok-any-gender-null", "ok-far"]);
    const metres = result.candidates.map((c) => c.metres);
    expect(metres[0]).toBeGreaterThan(4_500);
    expect(metres[0]).toBeLessThan(5_500);
    expect(result.seeker.maxDistanceKm).toBe(30);
  });

  it("treat looking_for_gender 'everyone' as any gender on the seeker's side too", async () => {
    const result = await matchCandidates(database(), idOf("Open"));
    const names = result.candidates.map((c) => c.name);
    // Only those who accept any gender (null or "everyone") can match a non-binary seeker who accepts anyone.
    expect(names).toEqual(["woman-open-to-everyone", "ok-any-gender-null", "ok-far"]);
  });

  it("are refused for a user with no usable location", async () => {
    await expect(matchCandidates(database(), idOf("no-location"))).rejects.toThrow(/no usable location/);
  });
});
