import { expect, type Locator, type Page } from "@playwright/test";

/** The home page: a placeholder until the admin shell lands. */
export class HomePage {
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
  }

  async goto() {
    await this.page.goto("/");
  }

  async expectLoaded() {
    await expect(this.page).toHaveTitle(/SaltBitter Back Office/);
    await expect(this.heading).toContainText("SaltBitter Back Office");
  }
}
