import { expect, type Page } from "@playwright/test";

/** A slippy-map tile request ({z}/{x}/{y}.png under any tile server). */
const tileRequest = /\/\d+\/\d+\/\d+\.png(\?.*)?$/;

/** What the browser reported about tiles: failed requests and console errors. */
export interface TileTraffic {
  failedRequests: string[];
  consoleErrors: string[];
}

/** Painted SVG paths of the offline basemap crossing the map, by layer. */
export interface OutlinesInView {
  /** Land fills, outlined by their coastlines. */
  land: number;
  graticule: number;
  borders: number;
}

export interface ViewportBody {
  mode: "clusters" | "points";
  zoom: number;
  total: number;
  clusters?: { lng: number; lat: number; count: number }[];
  points?: { id: string }[];
}

/** The map screen, in the words of its users: look, zoom into a cluster, search a radius. (Sign in with the signIn fixture.) */
export class MapPage {
  /** Every viewport response, in order: a move can trigger more than one (e.g. a resize after it). */
  private readonly responses: ViewportBody[] = [];
  private pending = 0;
  private lastActivity = 0;

  constructor(readonly page: Page) {
    const isViewport = (url: string) => url.includes("/api/map/viewport");
    page.on("request", (r) => {
      if (!isViewport(r.url())) return;
      this.pending++;
      this.lastActivity = Date.now();
    });
    const done = () => {
      this.pending--;
      this.lastActivity = Date.now();
    };
    page.on("requestfailed", (r) => isViewport(r.url()) && done());
    page.on("response", async (r) => {
      if (!isViewport(r.url())) return;
      try {
        if (r.ok()) this.responses.push((await r.json()) as ViewportBody);
      } finally {
        done();
      }
    });
  }

  /** Waits for a viewport response after `seen`, then for the map to go quiet; returns the last one. */
  private async nextView(seen: number, timeout = 20_000): Promise<ViewportBody | null> {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      if (this.responses.length > seen && this.pending === 0 && Date.now() - this.lastActivity > 700) {
        return this.responses[this.responses.length - 1];
      }
      await this.page.waitForTimeout(100);
    }
    return null;
  }

  /** Opens the map and returns what the server sent for the first view. */
  async open(): Promise<ViewportBody> {
    const seen = this.responses.length;
    await this.page.goto("/map");
    const body = await this.nextView(seen);
    if (!body) throw new Error("the map asked for no viewport data");
    await this.settled(body);
    return body;
  }

  /** Waits until the screen shows the response it last received. */
  private async settled(body: ViewportBody): Promise<void> {
    await expect(this.page.getByTestId("map-mode")).toHaveAttribute("data-mode", body.mode);
    await expect(this.page.getByTestId("map-total")).toContainText(body.total.toLocaleString("en-US"));
  }

  /** Makes the tile server unreachable, as on a machine without internet (call before open). */
  async cutOffTiles(): Promise<void> {
    await this.page.route(tileRequest, (route) => route.abort("internetdisconnected"));
  }

  /** Starts recording tile failures (call before open); the returned lists fill as the page runs. */
  recordTileTraffic(): TileTraffic {
    const traffic: TileTraffic = { failedRequests: [], consoleErrors: [] };
    this.page.on("requestfailed", (r) => tileRequest.test(r.url()) && traffic.failedRequests.push(r.url()));
    this.page.on("console", (message) => {
      if (message.type() !== "error") return;
      const about = `${message.text()} ${message.location().url}`;
      if (tileRequest.test(message.location().url) || /tile/i.test(about)) traffic.consoleErrors.push(about);
    });
    return traffic;
  }

  /** The notice saying tiles could not load. */
  tilesNotice() {
    return this.page.getByTestId("map-tiles-notice");
  }

  /** Counts the offline basemap's painted paths (non-empty, crossing the map's box), by layer. */
  async outlinesInView(): Promise<OutlinesInView> {
    return this.page.getByTestId("map").evaluate((map) => {
      const box = map.getBoundingClientRect();
      const count = (className: string) =>
        [...map.querySelectorAll<SVGPathElement>(`path.${className}`)].filter((path) => {
          const r = path.getBoundingClientRect();
          const painted = (path.getAttribute("d") ?? "").replace(/M0 0/g, "").trim().length > 0;
          return painted && r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom;
        }).length;
      return {
        land: count("offline-land"),
        graticule: count("offline-graticule"),
        borders: count("offline-borders"),
      };
    });
  }

  /** Pixels painted on the overlay canvas (clusters and points), which sits above the basemap. */
  async overlayPixelsPainted(): Promise<number> {
    return this.page.locator(".leaflet-overlay-pane canvas").evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return painted;
    });
  }

  async mode(): Promise<string | null> {
    return this.page.getByTestId("map-mode").getAttribute("data-mode");
  }

  async shownTotal(): Promise<number> {
    return Number((await this.page.getByTestId("map-total").innerText()).replace(/[^\d]/g, ""));
  }

  async clusterCounts(): Promise<number[]> {
    const labels = await this.page.locator(".map-cluster-label").allInnerTexts();
    return labels.map((t) => Number(t.replace(/,/g, "")));
  }

  /** Clicks the largest cluster on screen (its circle, under the count label) and waits for the new view. */
  async zoomIntoLargestCluster(): Promise<ViewportBody> {
    const map = await this.page.getByTestId("map").boundingBox();
    if (!map) throw new Error("the map is not on screen");
    const viewport = this.page.viewportSize() ?? { width: 1280, height: 720 };
    // One snapshot of every label: counting them, then reading each, raced a redraw of the map.
    const labels = await this.page
      .locator(".map-cluster-label")
      .evaluateAll((elements) =>
        elements.map((e) => ({ box: e.getBoundingClientRect().toJSON() as DOMRect, text: e.textContent ?? "" })),
      );
    // Clusters of cells the view only touches can sit past the map's edge: only visible ones count.
    let best: { x: number; y: number; count: number } | null = null;
    for (const { box, text } of labels) {
      if (box.width === 0 && box.height === 0) continue;
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      const inside = x > map.x + 30 && x < map.x + map.width - 10 && y > map.y + 10 && y < map.y + map.height - 10;
      if (!inside || x > viewport.width || y > viewport.height) continue;
      const count = Number(text.replace(/\D/g, ""));
      if (!best || count > best.count) best = { x, y, count };
    }
    if (!best) throw new Error("no cluster on screen");
    // The label lets clicks through (pointer-events: none) to the canvas circle beneath it. A click
    // that lands while Leaflet is still redrawing the canvas can be lost: then click once more.
    const seen = this.responses.length;
    await this.page.mouse.click(best.x, best.y);
    let body = await this.nextView(seen, 8_000);
    if (!body) {
      await this.page.mouse.click(best.x, best.y);
      body = await this.nextView(seen);
    }
    if (!body) throw new Error("clicking a cluster did not move the map");
    await this.settled(body);
    return body;
  }

  async pointsListed(): Promise<number> {
    return this.page.getByTestId("points-list").getByTestId("profile-row").count();
  }

  async searchRadius(centre: { lat: number; lng: number }, km: number): Promise<void> {
    await this.page.getByRole("tab", { name: "Radius", exact: true }).click();
    await this.page.getByLabel("Latitude").fill(String(centre.lat));
    await this.page.getByLabel("Longitude").fill(String(centre.lng));
    // The radius has a slider and a number field with the same name: type into the field.
    const radius = this.page.getByRole("spinbutton", { name: "Radius (km)" });
    await radius.fill(String(km));
    await radius.blur();
    const response = this.page.waitForResponse((r) => r.url().includes("/api/map/radius"));
    await this.page.getByRole("button", { name: "Search" }).click();
    await response;
    await expect(this.page.getByTestId("radius-results")).toBeVisible();
  }

  /** The radius results as listed: user id (from the row) and distance in km. */
  async radiusResults(): Promise<{ id: string; km: number }[]> {
    const rows = this.page.getByTestId("radius-results").getByTestId("profile-row");
    const count = await rows.count();
    const results: { id: string; km: number }[] = [];
    for (let i = 0; i < count; i++) {
      const row = rows.nth(i);
      const id = (await row.getAttribute("data-user-id")) ?? "";
      const km = Number((await row.getByTestId("distance").innerText()).replace(/[^\d.]/g, ""));
      results.push({ id, km });
    }
    return results;
  }
}
