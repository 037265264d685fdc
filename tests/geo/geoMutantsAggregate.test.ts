import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { aggregateFreshness, ensureAggregate, refreshMapCells } from "@/server/geo/aggregate";
import { useFreshDatabase } from "../support/database";
import { insertMapProfile } from "./mapSupport";

/**
 * The freshness of the precomputed clusters (server/geo/aggregate.ts): never built, built once on
 * first use, rebuilt only when asked, and read as never built when its state row is absent.
 */
const database = useFreshDatabase();
const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

beforeAll(async () => {
  await insertMapProfile(database(), { name: "Placed 1", lng: 24.94, lat: 60.17 });
  await insertMapProfile(database(), { name: "Placed 2", lng: 24.95, lat: 60.17 });
  await insertMapProfile(database(), { name: "Null island", lng: 0, lat: 0 });
});

describe("the clusters' freshness", () => {
  it("is empty until the first use builds the clusters, which later uses reuse", async () => {
    expect(await aggregateFreshness(database())).toEqual({ refreshedAt: null, profilesPlaced: 0, refreshMs: null });
    const built = await ensureAggregate(database());
    expect(built.refreshedAt).toMatch(iso);
    expect(built.profilesPlaced).toBe(2);
    expect(built.refreshMs).toEqual(expect.any(Number));
    expect(await aggregateFreshness(database())).toEqual(built);

    await insertMapProfile(database(), { name: "Late", lng: 24.96, lat: 60.17 });
    expect(await ensureAggregate(database())).toEqual(built);
  });

  it("moves on an explicit refresh, which counts the profiles placed since", async () => {
    const before = await aggregateFreshness(database());
    const after = await refreshMapCells(database());
    expect(after.profilesPlaced).toBe(3);
    expect(Date.parse(after.refreshedAt ?? "")).toBeGreaterThan(Date.parse(before.refreshedAt ?? ""));
    expect(await aggregateFreshness(database())).toEqual(after);
  });

  it("reads as never built without its state row", async () => {
    // Runs last: removes the single row map_cells_state is meant to hold.
    await database().rows(sql`DELETE FROM map_cells_state`);
    expect(await aggregateFreshness(database())).toEqual({ refreshedAt: null, profilesPlaced: 0, refreshMs: null });
  });
});
