import { expect, test } from "./fixtures";
import { MapPage } from "./pages/MapPage";

/** The map screen on the demo data (2,000 seeded users clustered around 20 cities). */
test.describe("map", () => {
  test("clusters add up to the total shown, and zooming into a city shows individual profiles", async ({
    page,
    signIn,
  }) => {
    const map = new MapPage(page);
    await signIn("trust_safety");
    const first = await map.open();
    expect(first.mode).toBe("clusters");
    // No network for tiles here: the offline country outlines are drawn beneath them instead.
    expect((await map.outlinesInView()).land).toBeGreaterThan(0);

    const counts = await map.clusterCounts();
    expect(counts.length).toBeGreaterThan(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(await map.shownTotal());
    expect(await map.shownTotal()).toBeGreaterThan(1000);

    let view = first;
    for (let clicks = 0; view.mode === "clusters" && clicks < 6; clicks++) view = await map.zoomIntoLargestCluster();
    expect(view.mode).toBe("points");
    expect(view.zoom).toBeGreaterThanOrEqual(11);
    expect(await map.pointsListed()).toBe(view.points?.length);
    expect(await map.pointsListed()).toBeGreaterThan(0);
  });

  test("with the tile server unreachable, a city zoom shows outlines and profiles, and the failure is said once", async ({
    page,
    signIn,
  }) => {
    const map = new MapPage(page);
    await map.cutOffTiles();
    const traffic = map.recordTileTraffic();
    await signIn("trust_safety");
    let view = await map.open();
    await expect(map.tilesNotice()).toHaveText("Map tiles unavailable — showing offline outlines");
    const world = await map.outlinesInView();
    expect(world.land).toBeGreaterThan(0);
    expect(world.borders).toBeGreaterThan(0);
    expect(world.graticule).toBeGreaterThan(0);

    for (let clicks = 0; view.mode === "clusters" && clicks < 6; clicks++) {
      view = await map.zoomIntoLargestCluster();
      // The clusters stay drawn above the basemap at every step.
      if (view.mode === "clusters") expect(await map.clusterCounts()).not.toHaveLength(0);
    }
    expect(view.mode).toBe("points");
    expect(view.zoom).toBeGreaterThanOrEqual(11);

    // At city zoom the view lies inside one country: its land, and the grid that gives position
    // and scale, are painted across the map, and the profiles are drawn above them.
    const city = await map.outlinesInView();
    expect(city.land).toBeGreaterThan(0);
    expect(city.graticule).toBeGreaterThan(0);
    await expect(page.locator(".leaflet-control-scale")).toBeVisible();
    expect(await map.pointsListed()).toBeGreaterThan(0);
    expect(await map.overlayPixelsPainted()).toBeGreaterThan(0);

    await expect(map.tilesNotice()).toHaveCount(1);
    expect(traffic.failedRequests.length, traffic.failedRequests.join("\n")).toBeLessThanOrEqual(1);
    expect(traffic.consoleErrors.length, traffic.consoleErrors.join("\n")).toBeLessThanOrEqual(1);
  });

  test("a radius search lists the profiles within the radius, nearest first", async ({ page, signIn }) => {
    const map = new MapPage(page);
    await signIn("trust_safety");
    await map.open();
    const london = { lat: 51.5074, lng: -0.1278 };
    await map.searchRadius(london, 25);

    const listed = await map.radiusResults();
    expect(listed.length).toBeGreaterThan(0);
    const distances = listed.map((r) => r.km);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(25);

    // The same search asked of the API directly (same session): the screen lists exactly its profiles.
    const api = await page.request.get(`/api/map/radius?lat=${london.lat}&lng=${london.lng}&radiusKm=25&limit=200`);
    const body = (await api.json()) as { profiles: { id: string }[]; total: number };
    expect(listed.map((r) => r.id)).toEqual(body.profiles.map((p) => p.id));
    // And a wider radius finds at least as many.
    const wider = (await (
      await page.request.get(`/api/map/radius?lat=${london.lat}&lng=${london.lng}&radiusKm=100`)
    ).json()) as {
      total: number;
    };
    expect(wider.total).toBeGreaterThanOrEqual(body.total);
  });

  test("an analyst sees clusters only, at any zoom", async ({ page, signIn }) => {
    const map = new MapPage(page);
    await signIn("analyst");
    let view = await map.open();
    for (let clicks = 0; clicks < 4; clicks++) view = await map.zoomIntoLargestCluster();
    expect(view.zoom).toBeGreaterThanOrEqual(11);
    expect(view.mode).toBe("clusters");
    expect(view.points).toBeUndefined();
    await expect(page.getByTestId("points-list")).toHaveCount(0);
    await expect(page.getByRole("tab", { name: "Radius", exact: true })).toHaveCount(0);
    // Asking the API for a street-level view still returns clusters, and no radius search.
    const street = await page.request.get("/api/map/viewport?west=-0.2&south=51.48&east=-0.05&north=51.53&zoom=16");
    expect(((await street.json()) as { mode: string }).mode).toBe("clusters");
    expect((await page.request.get("/api/map/radius?lat=51.5&lng=-0.12&radiusKm=5")).status()).toBe(403);
  });
});
