import { expect, type Locator, type Page } from "@playwright/test";

/** The admin shell around every back-office screen: sidebar, header, sign-out. */
export class Shell {
  readonly sidebar: Locator;
  readonly staffName: Locator;
  readonly staffRole: Locator;

  constructor(readonly page: Page) {
    this.sidebar = page.locator(".ant-layout-sider");
    this.staffName = page.getByTestId("signed-in-staff");
    this.staffRole = page.getByTestId("signed-in-role");
  }

  menuItem(label: string): Locator {
    return this.sidebar.getByText(label, { exact: true });
  }

  async expectSignedInAs(name: string, roleLabel: string) {
    await expect(this.staffName).toContainText(name);
    await expect(this.staffRole).toHaveText(roleLabel);
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await this.page.waitForURL(/\/login/);
  }
}
