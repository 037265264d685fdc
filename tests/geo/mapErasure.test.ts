import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { GET as viewport } from "@/app/api/map/viewport/route";
import { runAsActor } from "@/server/auth/actor";
import { advanceRequest, completeRequest, fileRequest } from "@/server/compliance/requestActions";
import { viewportData } from "@/server/geo/viewport";
import { useFreshDatabase } from "../support/database";
import { insertStaff, unwrap } from "../compliance/support";
import { actorFor, callRoute, insertMapProfile } from "./mapSupport";

/**
 * Erasure leaves nothing on the map (issue #9 §4): the erased person leaves the precomputed
 * clusters when the erasure commits, and a clusters-only role never sees a cell of one person.
 */
const database = useFreshDatabase();
const world = { west: -180, south: -85, east: 180, north: 85 };
const madrid = { lng: -3.7038, lat: 40.4168 };
const oslo = { lng: 10.7522, lat: 59.9139 };
const reykjavik = { lng: -21.9426, lat: 64.1466 };
/** A few hundred metres apart: the same cell at every stored level. */
const near = (p: { lng: number; lat: number }, k: number) => ({ lng: p.lng + k * 0.002, lat: p.lat });

const ids: Record<string, string> = {};

beforeAll(async () => {
  const db = database();
  ids.erased = await insertMapProfile(db, { name: "Erased", ...madrid, gender: "non-binary", age: 44 });
  ids.madrid1 = await insertMapProfile(db, { name: "M1", ...near(madrid, 1) });
  ids.madrid2 = await insertMapProfile(db, { name: "M2", ...near(madrid, 2) });
  ids.oslo1 = await insertMapProfile(db, { name: "O1", ...oslo });
  ids.oslo2 = await insertMapProfile(db, { name: "O2", ...near(oslo, 1) });
  ids.alone = await insertMapProfile(db, { name: "Alone", ...reykjavik });
});

const clustersSeeingPoints = (zoom: number, filters = {}) =>
  viewportData(database(), { ...world, zoom }, filters, { points: true });

async function analystClusters(zoom: number) {
  const { status, body } = await runAsActor(actorFor("analyst"), () =>
    callRoute(viewport, "/api/map/viewport", { ...world, zoom }),
  );
  expect(status).toBe(200);
  return body as { total: number; clusters: { lng: number; lat: number; count: number }[] };
}

/** The analyst's cluster nearest a place (cell centres are within a cell of it at zoom 10). */
const clusterAt = (clusters: { lng: number; lat: number; count: number }[], at: { lng: number; lat: number }) =>
  clusters.find((c) => Math.abs(c.lng - at.lng) < 0.2 && Math.abs(c.lat - at.lat) < 0.2);

async function erase(userId: string) {
  const officer = await insertStaff(database());
  await runAsActor(officer, async () => {
    const filed = unwrap(await fileRequest({ userId, requestType: "erasure", regime: "gdpr" }));
    unwrap(await advanceRequest({ id: filed.id, status: "verified" }));
    unwrap(await completeRequest({ id: filed.id }));
  });
}

const storedTotal = async (view: "map_cells" | "map_cells_all", level: number) =>
  Number(
    (
      await database().rows<{ n: number }>(
        sql`SELECT coalesce(sum(n), 0)::int AS n FROM ${sql.raw(view)} WHERE level = ${level}::smallint`,
      )
    )[0].n,
  );

describe("single-person cells", () => {
  it("are shown to roles that see points anyway", async () => {
    const view = await clustersSeeingPoints(10);
    expect(view.mode).toBe("clusters");
    expect(view.total).toBe(6);
    if (view.mode !== "clusters") return;
    expect(view.clusters.find((c) => Math.abs(c.lng - reykjavik.lng) < 0.01)?.count).toBe(1);
  });

  it.each([1, 3, 5, 8, 10, 13, 16])("are never shown to a clusters-only role (zoom %i)", async (zoom) => {
    const { clusters, total } = await analystClusters(zoom);
    expect(clusters.length).toBeGreaterThan(0);
    expect(Math.min(...clusters.map((c) => c.count))).toBeGreaterThanOrEqual(2);
    // The total is what the clusters shown add up to: no hidden person can be worked out from it.
    expect(total).toBe(clusters.reduce((sum, c) => sum + c.count, 0));
    expect(total).toBe(5);
  });
});

describe("erasing a user", () => {
  it("removes them from the clusters when the erasure commits, with no refresh in between", async () => {
    // The clusters are built, and count the person to be erased.
    expect((await clustersSeeingPoints(3)).total).toBe(6);
    expect((await clustersSeeingPoints(3, { gender: "non-binary" })).total).toBe(1);
    expect(clusterAt((await analystClusters(10)).clusters, madrid)?.count).toBe(3);
    const refreshedBefore = await database().rows(sql`SELECT refreshed_at FROM map_cells_state`);

    await erase(ids.erased);

    expect((await clustersSeeingPoints(3)).total).toBe(5);
    expect((await clustersSeeingPoints(10, { gender: "non-binary", minAge: 44, maxAge: 44 })).total).toBe(0);
    expect(clusterAt((await analystClusters(10)).clusters, madrid)?.count).toBe(2);
    for (const level of [2, 5, 8, 10]) expect(await storedTotal("map_cells", level)).toBe(5);
    expect(await storedTotal("map_cells_all", 2)).toBe(5);
    // The rebuild happened inside the erasure: the freshness the screen shows moved with it.
    expect(await database().rows(sql`SELECT refreshed_at FROM map_cells_state`)).not.toEqual(refreshedBefore);
  });

  it("does not leave the remaining person of a pair visible to a clusters-only role", async () => {
    expect(clusterAt((await analystClusters(10)).clusters, oslo)?.count).toBe(2);
    await erase(ids.oslo1);
    const after = await analystClusters(10);
    expect(clusterAt(after.clusters, oslo)).toBeUndefined();
    expect(after.total).toBe(2);
    // Roles that see points still find everyone left: M1, M2, O2 and Alone.
    const exact = await clustersSeeingPoints(10);
    expect(exact.total).toBe(4);
  });
});
