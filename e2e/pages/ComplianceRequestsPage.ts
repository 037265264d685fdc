import { expect, type Locator, type Page } from "@playwright/test";
import { chooseUser } from "./People";

/** Data-subject requests (/compliance/requests). */
export class ComplianceRequestsPage {
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId("requests-table");
  }

  async goto() {
    await this.page.goto("/compliance/requests");
    await expect(this.page.getByRole("heading", { name: "Data-subject requests" })).toBeVisible();
    // The rules come with the client's first fetch: once shown, the screen is hydrated.
    await expect(this.page.getByText("GDPR: 1 month")).toBeVisible();
  }

  async file(userId: string, type: string) {
    const form = this.page.getByTestId("file-request");
    await chooseUser(this.page, form.getByLabel("User", { exact: true }), userId);
    await form.getByLabel("Type").click();
    await this.page.locator(`.ant-select-item-option[title="${type}"]`).click();
    await form.getByRole("button", { name: "File request" }).click();
  }

  row(email: string): Locator {
    return this.table.locator("tbody tr.ant-table-row", { hasText: email });
  }
}
