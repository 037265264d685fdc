import { expect, type Locator, type Page } from "@playwright/test";

/**
 * Opens an antd Select by clicking its box (the search input itself is covered by the selection text).
 */
export async function openSelect(input: Locator) {
  await input.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' ant-select ')][1]").click();
}

export async function pickOption(page: Page, value: string) {
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${value}"]`).click();
}

/** A generic resource list (components/resource/ResourceList.tsx): filters, search, sort, paging, export. */
export class ResourceListPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly total: Locator;
  readonly filters: Locator;

  constructor(
    readonly page: Page,
    readonly resource: string,
  ) {
    this.table = page.locator(".ant-table");
    this.rows = page.locator(".ant-table-tbody tr.ant-table-row");
    this.total = page.getByTestId("list-total");
    this.filters = page.getByRole("form", { name: "Filters" });
  }

  async goto(query = "") {
    await this.page.goto(`/${this.resource}${query ? `?${query}` : ""}`);
    await this.waitLoaded();
  }

  /** Waits for the list's data to be on screen (the total is rendered with the first response). */
  async waitLoaded() {
    await expect(this.total).toBeVisible();
    await expect(this.page.locator(".ant-table .ant-spin-spinning")).toHaveCount(0);
  }

  async totalCount(): Promise<number> {
    const text = (await this.total.textContent()) ?? "";
    return Number(text.replace(/[^0-9]/g, ""));
  }

  /** Picks values in an enum (multi-select) filter. */
  async chooseFilter(label: string, values: string[]) {
    await openSelect(this.filters.getByLabel(label, { exact: true }));
    for (const value of values) await pickOption(this.page, value);
    await this.page.keyboard.press("Escape");
  }

  /** Picks Yes/No/Any in a boolean filter. */
  async chooseBoolean(label: string, value: "Yes" | "No" | "Any") {
    await openSelect(this.filters.getByLabel(label, { exact: true }));
    await pickOption(this.page, value);
  }

  /**
   * Picks a date range in a date filter (antd RangePicker, "YYYY-MM-DD"): its inputs are named
   * "<label> from" and "<label> to"; Enter confirms each end.
   */
  async chooseDateRange(label: string, from: string, to: string) {
    const start = this.filters.getByLabel(`${label} from`, { exact: true });
    const end = this.filters.getByLabel(`${label} to`, { exact: true });
    await start.click();
    await start.fill(from);
    await start.press("Enter");
    await end.click();
    await end.fill(to);
    await end.press("Enter");
    await expect(this.page.locator(".ant-picker-dropdown:visible")).toHaveCount(0);
    await expect(start).toHaveValue(from);
    await expect(end).toHaveValue(to);
  }

  async fillFilter(label: string, value: string) {
    await this.filters.getByLabel(label, { exact: true }).fill(value);
  }

  /** Applies the filters and waits for the new URL's data (the old total stays on screen until the URL changes). */
  async applyFilters() {
    await this.changesUrl(() => this.filters.getByRole("button", { name: "Apply filters" }).click());
  }

  async search(text: string) {
    await this.page.getByRole("searchbox", { name: "Search" }).fill(text);
    await this.page.getByRole("button", { name: "Search" }).click();
    await this.waitLoaded();
  }

  async sortBy(columnTitle: string) {
    await this.changesUrl(() => this.page.locator(".ant-table-thead th", { hasText: columnTitle }).click());
  }

  async nextPage() {
    await this.changesUrl(() => this.page.locator(".ant-pagination-next").click());
  }

  /**
   * Runs a list action and waits for its new URL's data: the URL changes before the list is fetched,
   * so the old rows and total are still on screen until the list's own GET for that URL answers.
   */
  private async changesUrl(action: () => Promise<void>) {
    const before = this.page.url();
    // Listening before the action: the answer can come quickly once the URL has changed.
    const answered = this.page.waitForResponse((response) => {
      const current = this.page.url();
      const url = new URL(response.url());
      if (current === before || url.pathname !== `/api/resources/${this.resource}`) return false;
      if (response.request().method() !== "GET") return false;
      return [...new URL(current).searchParams].every(([key, value]) => url.searchParams.get(key) === value);
    });
    await action();
    await this.page.waitForURL((url) => url.toString() !== before);
    await answered;
    await this.waitLoaded();
    // One frame for React to commit what the response brought.
    await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  }

  /** The values of one column on the current page, by its header title. */
  async columnValues(columnTitle: string): Promise<string[]> {
    const headers = await this.page.locator(".ant-table-thead th").allTextContents();
    const index = headers.findIndex((h) => h.trim() === columnTitle);
    if (index < 0) throw new Error(`No column ${columnTitle} in ${headers.join(", ")}`);
    return this.rows.locator(`td:nth-child(${index + 1})`).allTextContents();
  }

  /** The row ids on the current page (from the Show links). */
  async rowIds(): Promise<string[]> {
    const hrefs = await this.rows
      .getByRole("link", { name: "Show" })
      .evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
    return hrefs.map((href) => href.split("/").pop() ?? "");
  }

  exportButton(): Locator {
    return this.page.getByRole("link", { name: /Export CSV/ });
  }

  /** The query string of the current URL (the list's state). */
  urlParams(): URLSearchParams {
    return new URL(this.page.url()).searchParams;
  }
}
