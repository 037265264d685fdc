import { expect, type Locator, type Page } from "@playwright/test";
import { openSelect } from "./ResourceListPage";

/**
 * A user select (components/people/UserSelect.tsx): type part of an email or name, or paste an id,
 * and pick the person offered. `pick` names the option to choose (default: the first offered).
 */
export async function chooseUser(page: Page, field: Locator, text: string, pick?: string | RegExp) {
  await openSelect(field);
  await field.fill(text);
  const options = page.locator(".ant-select-dropdown:visible .ant-select-item-option");
  const option = pick ? options.filter({ hasText: pick }).first() : options.first();
  await expect(option).toBeVisible({ timeout: 15_000 });
  // A click that lands while the dropdown is still animating open, or as the answer replaces the
  // options, selects nothing: click until the choice is made and the dropdown has closed.
  await expect(async () => {
    if (await option.isVisible()) await option.click({ timeout: 5_000 });
    await expect(page.locator(".ant-select-dropdown:visible")).toHaveCount(0, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

/** The person shown for a user reference (components/people/PersonRef.tsx) inside `scope`. */
export const personRefs = (scope: Locator | Page) => scope.getByTestId("person-ref");
