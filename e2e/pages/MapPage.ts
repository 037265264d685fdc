import { expect, type Page, type Response } from "@playwright/test";

export interface ViewportBody {
  mode: "clusters" | "points";
  zoom: number;
  total: number;
  clusters?: { lng: number; lat: number; count: number }[];
  points?: { id: string }[];
}

/** The map screen, in the words of its users: look, zoom into a cluster, search a radius. (Sign in with the signIn fixture.) */
export class MapPage {
  constructor(readonly page: Page) {}

  private nextViewport(): Promise<Response> {
    return this.page.waitForResponse((r) => r.url().includes("/api/map/viewport") && r.ok(), { timeout: 20_000 });
  }

  /** Opens the map and returns what the server sent for the first view. */
  async open(): Promise<ViewportBody> {
    const response = this.nextViewport();
    await this.page.goto("/map");
    const body = (await (await response).json()) as ViewportBody;
    await this.settled(body);
    return body;
  }

  /** Waits until the screen shows the response it last received. */
  private async settled(body: ViewportBody): Promise<void> {
    await expect(this.page.getByTestId("map-mode")).toHaveAttribute("data-mode", body.mode);
    await expect(this.page.getByTestId("map-total")).toContainText(body.total.toLocaleString("en-US"));
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

  /** Clicks the cluster with the largest count (its circle, under the count label) and waits for the new view. */
  async zoomIntoLargestCluster(): Promise<ViewportBody> {
    const labels = this.page.locator(".map-cluster-label");
    const counts = await this.clusterCounts();
    const largest = counts.indexOf(Math.max(...counts));
    const box = await labels.nth(largest).boundingBox();
    if (!box) throw new Error("the largest cluster is not on screen");
    const response = this.nextViewport();
    // The label lets clicks through (pointer-events: none) to the canvas circle beneath it.
    await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const body = (await (await response).json()) as ViewportBody;
    await this.settled(body);
    return body;
  }

  async pointsListed(): Promise<number> {
    return this.page.getByTestId("points-list").getByTestId("profile-row").count();
  }

  async searchRadius(centre: { lat: number; lng: number }, km: number): Promise<void> {
    await this.page.getByRole("tab", { name: "Radius search" }).click();
    await this.page.getByLabel("Latitude").fill(String(centre.lat));
    await this.page.getByLabel("Longitude").fill(String(centre.lng));
    await this.page.getByLabel("Radius (km)").fill(String(km));
    await this.page.getByLabel("Radius (km)").blur();
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
