import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as candidates } from "@/app/api/map/candidates/route";
import { GET as profile } from "@/app/api/map/profile/route";
import { runAsActor } from "@/server/auth/actor";
import { useFreshDatabase } from "../support/database";
import { actorFor, callRoute, insertMapProfile } from "./mapSupport";

/**
 * The map's per-user routes take every id the rest of the app takes: any 8-4-4-4-12 hex id, like
 * the seed's md5-derived ids, which carry no RFC 4122 version or variant (issue #12).
 */
const database = useFreshDatabase();
const lisbon = { lng: -9.1393, lat: 38.7223 };
// Version nibble 0 and variant nibble c: outside RFC 4122, as md5(...)::uuid ids often are.
const seededStyleId = "3f2a9c1e-7b4d-0e61-c5a8-9d0b1e2f3a4c";
const seededStyleMatch = "a1b2c3d4-e5f6-0718-d9e0-f1a2b3c4d5e6";

const asTrustSafety = <T>(fn: () => Promise<T>) => runAsActor(actorFor("trust_safety"), fn);

beforeAll(async () => {
  await insertMapProfile(database(), { id: seededStyleId, name: "Inês", ...lisbon, lookingForGender: "everyone" });
  await insertMapProfile(database(), {
    id: seededStyleMatch,
    name: "Rui",
    lng: lisbon.lng + 0.02,
    lat: lisbon.lat,
    lookingForGender: "everyone",
  });
});

describe("ids outside RFC 4122", () => {
  it("are ids z.uuid() rejects (else this test proves nothing)", () => {
    expect(z.uuid().safeParse(seededStyleId).success).toBe(false);
    expect(z.uuid().safeParse(seededStyleMatch).success).toBe(false);
  });

  it("profile: returns the user's position and preferences", async () => {
    const { status, body } = await asTrustSafety(() =>
      callRoute(profile, "/api/map/profile", { userId: seededStyleId }),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: seededStyleId, name: "Inês" });
    expect(body.lng).toBeCloseTo(lisbon.lng, 6);
    expect(body.lat).toBeCloseTo(lisbon.lat, 6);
  });

  it("profile: an upper-case id names the same user", async () => {
    const { status, body } = await asTrustSafety(() =>
      callRoute(profile, "/api/map/profile", { userId: seededStyleId.toUpperCase() }),
    );
    expect(status).toBe(200);
    expect(body.id).toBe(seededStyleId);
  });

  it("candidates: lists the user's location-based candidates", async () => {
    const { status, body } = await asTrustSafety(() =>
      callRoute(candidates, "/api/map/candidates", { userId: seededStyleId }),
    );
    expect(status).toBe(200);
    expect((body.seeker as { id: string }).id).toBe(seededStyleId);
    expect((body.candidates as { id: string; name: string }[]).map((c) => [c.id, c.name])).toEqual([
      [seededStyleMatch, "Rui"],
    ]);
  });

  it("an unknown but well-formed id is a 404 naming userId, not a 400", async () => {
    const { status, body } = await asTrustSafety(() =>
      callRoute(candidates, "/api/map/candidates", { userId: "00000000-1111-0222-f333-444444444444" }),
    );
    expect(status).toBe(404);
    expect((body.error as { fieldErrors: Record<string, string> }).fieldErrors).toHaveProperty("userId");
  });
});

describe("malformed ids are still a 400 naming userId", () => {
  it.each([
    ["too short", "3f2a9c1e-7b4d-0e61-c5a8-9d0b1e2f3a4"],
    ["not hex", "3f2a9c1e-7b4d-0e61-c5a8-9d0b1e2f3a4z"],
    ["no dashes", "3f2a9c1e7b4d0e61c5a89d0b1e2f3a4c"],
    ["a number", "42"],
    ["a NUL byte", "3f2a9c1e-7b4d-0e61-c5a8-9d0b1e2f3a4\u0000"],
  ])("%s", async (_label, userId) => {
    for (const [route, path] of [
      [profile, "/api/map/profile"],
      [candidates, "/api/map/candidates"],
    ] as const) {
      const { status, body } = await asTrustSafety(() => callRoute(route, path, { userId }));
      expect(status, path).toBe(400);
      const error = body.error as { message: string; fieldErrors: Record<string, string> };
      expect(error.fieldErrors, path).toHaveProperty("userId");
      expect(error.message, path).toContain("userId");
    }
  });
});
