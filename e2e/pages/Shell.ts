import { expect, type Locator, type Page } from "@playwright/test";

/** The admin shell around every back-office screen: sidebar, header, sign-out. */
export class Shell {
  readonly sidebar: Locator;
  readonly collapseBar: Locator;
  readonly header: Locator;
  readonly staffName: Locator;
  readonly staffRole: Locator;
  readonly commandPaletteButton: Locator;
  readonly noAccessReason: Locator;

  constructor(readonly page: Page) {
    this.sidebar = page.locator(".ant-layout-sider");
    this.collapseBar = page.locator(".ant-layout-sider-trigger");
    this.header = page.locator(".ant-layout-header");
    this.staffName = page.getByTestId("signed-in-staff");
    this.staffRole = page.getByTestId("signed-in-role");
    // By CSS, not by role: before hydration the page is inert, and inert content has no role.
    this.commandPaletteButton = this.header.locator('button[aria-label^="Command palette"]');
    this.noAccessReason = page.getByTestId("no-access-reason");
  }

  menuItem(label: string): Locator {
    return this.sidebar.getByText(label, { exact: true });
  }

  /** The header's controls, and Refine's menu button that opens the sidebar drawer on narrow screens. */
  headerControls(): Locator {
    return this.page.locator(
      ".ant-layout-header button, .ant-layout-header .ant-switch, .ant-layout-header [data-testid=signed-in-staff], .ant-layout-has-sider > .ant-btn",
    );
  }

  async waitForHydration() {
    await expect(this.page.locator('[data-hydrated="true"]')).toHaveCount(1);
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
