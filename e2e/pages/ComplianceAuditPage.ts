import crypto from "node:crypto";
import fs from "node:fs";
import { expect, type Download, type Locator, type Page } from "@playwright/test";

/** The compliance log explorer (/compliance/audit): filters, table, chain status, exports. */
export class ComplianceAuditPage {
  readonly table: Locator;
  readonly chainResult: Locator;
  readonly exportResult: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId("audit-table");
    this.chainResult = page.getByTestId("chain-result");
    this.exportResult = page.getByTestId("export-result");
  }

  async goto() {
    await this.page.goto("/compliance/audit");
    await expect(this.page.getByRole("heading", { name: "Compliance log" })).toBeVisible();
    // The head is fetched by the client: once shown, the screen is hydrated and its buttons work.
    await expect(this.page.getByTestId("chain-head-hash")).toBeVisible();
  }

  async filterByFramework(framework: string) {
    await this.page.getByLabel("Framework").click();
    await this.page.locator(`.ant-select-item-option[title="${framework}"]`).click();
    await this.page.getByRole("button", { name: "Apply filters" }).click();
  }

  /** The framework column of the rows shown. */
  async frameworksShown(): Promise<string[]> {
    await expect(this.table.locator("tbody tr.ant-table-row").first()).toBeVisible();
    return this.table.locator("tbody tr.ant-table-row td:nth-child(4)").allInnerTexts();
  }

  /** Exports in a format; returns the downloaded file and its manifest (parsed). */
  async exportAs(
    label: "Export CSV" | "Export JSON Lines",
  ): Promise<{ file: string; manifestFile: string; manifest: { sha256: string; rowCount: number } }> {
    const fileDownload = this.page.waitForEvent("download");
    await this.page.getByRole("button", { name: label }).first().click();
    const file = await saved(await fileDownload);
    await expect(this.exportResult).toBeVisible();
    const manifestDownload = this.page.waitForEvent("download");
    await this.exportResult.getByRole("button", { name: "Download manifest" }).click();
    const manifestFile = await saved(await manifestDownload);
    return { file, manifestFile, manifest: JSON.parse(fs.readFileSync(manifestFile, "utf8")) };
  }

  async verifyChain() {
    await this.page.getByRole("button", { name: "Verify chain" }).click();
    await expect(this.chainResult).toBeVisible();
  }
}

async function saved(download: Download): Promise<string> {
  const file = await download.path();
  expect(file, "download saved").toBeTruthy();
  return file!;
}

export const sha256Of = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
