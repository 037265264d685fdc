import { beforeAll, describe, expect, it } from "vitest";
import { GET as anomalies } from "@/app/api/map/anomalies/route";
import { GET as candidates } from "@/app/api/map/candidates/route";
import { GET as radius } from "@/app/api/map/radius/route";
import { GET as viewport } from "@/app/api/map/viewport/route";
import { runAsActor } from "@/server/auth/actor";
import { useFreshDatabase } from "../support/database";
import { actorFor, callRoute, insertMapProfile } from "./mapSupport";

/** The map's GET route handlers, called as Next.js calls them: input checks, roles, shapes. */
const database = useFreshDatabase();
const madrid = { lng: -3.7038, lat: 40.4168 };
const city = { west: -3.9, south: 40.3, east: -3.5, north: 40.55 };
let someone = "";

beforeAll(async () => {
  someone = await insertMapProfile(database(), { name: "Ana", ...madrid, lookingForGender: "everyone" });
  await insertMapProfile(database(), {
    name: "Bea",
    lng: madrid.lng + 0.05,
    lat: madrid.lat,
    lookingForGender: "everyone",
  });
  await insertMapProfile(database(), { name: "Lost", lng: null, lat: null });
  await insertMapProfile(database(), { name: "Zero", lng: 0, lat: 0 });
});

const asRole = <T>(role: Parameters<typeof actorFor>[0], fn: () => Promise<T>) => runAsActor(actorFor(role), fn);

describe("bad input gets a 400 naming the parameter", () => {
  it.each([
    ["latitude out of range", { west: -10, south: -95, east: 10, north: 10, zoom: 3 }, "south"],
    ["longitude out of range", { west: -190, south: -10, east: 10, north: 10, zoom: 3 }, "west"],
    ["a non-numeric zoom", { west: -10, south: -10, east: 10, north: 10, zoom: "near" }, "zoom"],
    ["a fractional zoom", { west: -10, south: -10, east: 10, north: 10, zoom: 2.5 }, "zoom"],
    ["east not east of west", { west: 10, south: -10, east: -10, north: 10, zoom: 3 }, "east"],
    ["an unknown filter", { west: -10, south: -10, east: 10, north: 10, zoom: 3, colour: "blue" }, "colour"],
    ["an unknown gender", { west: -10, south: -10, east: 10, north: 10, zoom: 3, gender: "robot" }, "gender"],
    [
      "an inverted age range",
      { west: -10, south: -10, east: 10, north: 10, zoom: 3, minAge: 40, maxAge: 30 },
      "maxAge",
    ],
    ["a missing bound", { west: -10, south: -10, east: 10, zoom: 3 }, "north"],
  ])("viewport: %s", async (_label, params, parameter) => {
    const { status, body } = await asRole("admin", () => callRoute(viewport, "/api/map/viewport", params));
    expect(status).toBe(400);
    const error = body.error as { message: string; fieldErrors: Record<string, string> };
    expect(Object.keys(error.fieldErrors)).toContain(parameter);
    expect(error.message).toContain(parameter);
  });

  it.each([
    ["a radius over 20,000 km", { ...madrid, radiusKm: 20_001 }, "radiusKm"],
    ["a non-numeric radius", { ...madrid, radiusKm: "far" }, "radiusKm"],
    ["a negative radius", { ...madrid, radiusKm: -5 }, "radiusKm"],
    ["a latitude out of range", { lng: 0, lat: 91, radiusKm: 5 }, "lat"],
    ["an unknown parameter", { ...madrid, radiusKm: 5, sort: "name" }, "sort"],
  ])("radius: %s", async (_label, params, parameter) => {
    const { status, body } = await asRole("trust_safety", () => callRoute(radius, "/api/map/radius", params));
    expect(status).toBe(400);
    expect((body.error as { message: string }).message).toContain(parameter);
  });

  it("candidates: a user id that is not a uuid", async () => {
    const { status, body } = await asRole("trust_safety", () =>
      callRoute(candidates, "/api/map/candidates", { userId: "42" }),
    );
    expect(status).toBe(400);
    expect((body.error as { message: string }).message).toContain("userId");
  });
});

describe("roles", () => {
  it("trust_safety sees individual profiles at city zoom", async () => {
    const { status, body } = await asRole("trust_safety", () =>
      callRoute(viewport, "/api/map/viewport", { ...city, zoom: 13 }),
    );
    expect(status).toBe(200);
    expect(body.mode).toBe("points");
    expect((body.points as { name: string }[]).map((p) => p.name).sort()).toEqual(["Ana", "Bea"]);
  });

  it("an analyst gets clusters at cell centres at any zoom, and no radius search or candidates", async () => {
    const { status, body } = await asRole("analyst", () =>
      callRoute(viewport, "/api/map/viewport", { ...city, zoom: 16 }),
    );
    expect(status).toBe(200);
    expect(body.mode).toBe("clusters");
    expect(body.positions).toBe("cell_centre");
    expect(body).not.toHaveProperty("points");
    expect(JSON.stringify(body)).not.toContain(String(madrid.lng));

    const search = await asRole("analyst", () => callRoute(radius, "/api/map/radius", { ...madrid, radiusKm: 10 }));
    expect(search.status).toBe(403);
    const matches = await asRole("analyst", () => callRoute(candidates, "/api/map/candidates", { userId: someone }));
    expect(matches.status).toBe(403);
  });

  it("an analyst sees anomaly counts but not the profiles", async () => {
    const analyst = await asRole("analyst", () => callRoute(anomalies, "/api/map/anomalies", {}));
    expect(analyst.body).toEqual({ counts: { missing: 1, null_island: 1, out_of_range: 0 }, profiles: null });
    const staff = await asRole("compliance_officer", () =>
      callRoute(anomalies, "/api/map/anomalies", { kind: "null_island" }),
    );
    expect((staff.body.profiles as { name: string; kind: string }[]).map((p) => [p.name, p.kind])).toEqual([
      ["Zero", "null_island"],
    ]);
  });

  it("no session gets a 401", async () => {
    const { status } = await runAsActor(null, () => callRoute(viewport, "/api/map/viewport", { ...city, zoom: 3 }));
    expect(status).toBe(401);
  });
});

describe("radius route", () => {
  it("lists profiles nearest first with distances", async () => {
    const { status, body } = await asRole("admin", () =>
      callRoute(radius, "/api/map/radius", { ...madrid, radiusKm: 10 }),
    );
    expect(status).toBe(200);
    const profiles = body.profiles as { name: string; metres: number }[];
    expect(profiles.map((p) => p.name)).toEqual(["Ana", "Bea"]);
    expect(profiles[1].metres).toBeGreaterThan(4_000);
    expect(profiles[1].metres).toBeLessThan(4_500);
  });
});
