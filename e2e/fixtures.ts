import { test as base, expect } from "@playwright/test";
import { HomePage } from "./pages/HomePage";

/**
 * The suite's `test`: Playwright's, plus page objects (one class per screen under e2e/pages/).
 * Specs import `test` and `expect` from here, never from @playwright/test directly.
 */
export interface Fixtures {
  homePage: HomePage;
}

export const test = base.extend<Fixtures>({
  homePage: async ({ page }, use) => {
    await use(new HomePage(page));
  },
});

export { expect };
