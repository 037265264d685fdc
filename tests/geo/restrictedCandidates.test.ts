import { beforeAll, describe, expect, it } from "vitest";
import { matchCandidates } from "@/server/geo/candidates";
import { insertStaff } from "../compliance/support";
import { insertDecision, insertReversal } from "../moderation/support";
import { useFreshDatabase } from "../support/database";
import { insertMapProfile, type TestProfile } from "./mapSupport";

/**
 * Restricted accounts drop out of match candidates: any restriction in force now (visibility
 * restriction, suspension, termination) removes them; an expired or reversed one does not.
 */
const database = useFreshDatabase();
const berlin = { lng: 13.405, lat: 52.52 };
const near = (km: number) => ({ lng: berlin.lng + km / 67.8, lat: berlin.lat });
const candidate = (name: string, km: number): TestProfile => ({
  name,
  ...near(km),
  gender: "man",
  age: 32,
  lookingForGender: "woman",
  maxDistanceKm: 50,
});

const ids = new Map<string, string>();
beforeAll(async () => {
  const db = database();
  const staff = await insertStaff(db, "trust_safety");
  ids.set(
    "seeker",
    await insertMapProfile(db, { name: "seeker", ...berlin, gender: "woman", age: 30, lookingForGender: "man" }),
  );
  const names = ["free", "suspended", "expired", "hidden", "terminated", "reversed", "future"];
  for (const [i, name] of names.entries()) ids.set(name, await insertMapProfile(db, candidate(name, i + 1)));
  const decide = (name: string, kind: "suspend" | "restrict_visibility" | "terminate", from: string, until?: string) =>
    insertDecision(db, { subjectUserId: ids.get(name)!, staffId: staff.staffId, kind, from, until });
  await decide("suspended", "suspend", "-1 day", "6 days");
  await decide("expired", "suspend", "-10 days", "-3 days");
  await decide("hidden", "restrict_visibility", "-1 hour");
  await decide("terminated", "terminate", "-2 days");
  const lifted = await decide("reversed", "suspend", "-2 days", "5 days");
  await insertReversal(db, {
    subjectUserId: ids.get("reversed")!,
    staffId: staff.staffId,
    actionId: lifted,
    at: "-1 day",
  });
  await decide("future", "suspend", "1 day", "8 days");
});

describe("match candidates and moderation", () => {
  it("leave out every account restricted now, and keep expired, reversed and not-yet-started ones", async () => {
    const { candidates } = await matchCandidates(database(), ids.get("seeker")!);
    expect(candidates.map((c) => c.name)).toEqual(["free", "expired", "reversed", "future"]);
  });
});
