import { expect, type Download, type Locator, type Page } from "@playwright/test";

/** The transparency report (/moderation/transparency): period, figures, and the statements tab. */
export class TransparencyPage {
  readonly period: Locator;
  readonly statementsTab: Locator;
  readonly downloadStatementsButton: Locator;
  readonly statements: Locator;

  constructor(readonly page: Page) {
    this.period = page.getByTestId("report-period");
    this.statementsTab = page.getByRole("tab", { name: "Statements of reasons" });
    this.downloadStatementsButton = page.getByTestId("download-statements");
    this.statements = page.getByTestId("statement-item");
  }

  async goto() {
    await this.page.goto("/moderation/transparency");
    await expect(this.page.locator('[data-hydrated="true"]')).toHaveCount(1);
    await expect(this.page.getByRole("heading", { name: "Transparency report" })).toBeVisible();
  }

  /** A figure's table (the chart's text equivalent), by the figure's title. */
  figureTable(title: string): Locator {
    return this.page.locator(".ant-card").filter({ hasText: title }).locator("table");
  }

  statistic(title: string): Locator {
    return this.page.locator(".ant-statistic").filter({ hasText: title }).locator(".ant-statistic-content");
  }

  /** Picks a preset period ("Last 12 months", …). */
  async choosePreset(label: string) {
    await this.page.getByRole("button", { name: label }).click();
  }

  async openStatements() {
    await this.statementsTab.click();
    await expect(this.statements.first()).toBeVisible();
  }

  async downloadStatements(): Promise<Download> {
    const downloading = this.page.waitForEvent("download");
    await this.downloadStatementsButton.click();
    return downloading;
  }
}
