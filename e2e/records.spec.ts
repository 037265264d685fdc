import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";

/**
 * An address that names no record says "not found" at once (HTTP 404 from the page itself, no
 * retries), with nothing to edit; and a record's screens call it by its own name ("Match saved").
 */
const missing = "00000000-0000-4000-8000-000000000000";

/**
 * The page itself answers 404 (notFound() on the server, before any data is fetched), and "not
 * found" is on screen as soon as the page has loaded: the browser never asks for the missing record,
 * so there is nothing to fail slowly or retry. (Next renders a notFound() page's content from the
 * payload inlined in the HTML at hydration, not into the HTML itself: vercel/next.js#62228.)
 */
async function expectNotFound(page: Page, path: string, title: string) {
  const recordReads: string[] = [];
  page.on("request", (request) => {
    if (/\/api\/resources\/[^/?]+\/[^/?]+/.test(new URL(request.url()).pathname)) recordReads.push(request.url());
  });
  const response = await page.goto(path);
  expect(response?.status(), `${path} answers 404`).toBe(404);
  await expect(page.getByText(title, { exact: true }), `${path}: "not found" shortly after load`).toBeVisible({
    timeout: 5_000,
  });
  const content = page.locator("main");
  await expect(content.getByText(/not found/i).first()).toBeVisible();
  await expect(content.locator("input, textarea, select, form")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Save/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Edit|Delete/ })).toHaveCount(0);
  expect(recordReads, "no fetch (or retry) of a record that does not exist").toEqual([]);
}

test.describe("records", () => {
  test.beforeEach(async ({ signIn }) => {
    await signIn("admin");
  });

  test("a malformed id on an edit page is not found, with no form", async ({ page }) => {
    await expectNotFound(page, "/events/edit/xyz", "Event not found");
  });

  test("a malformed id on a show page is not found, with no edit controls", async ({ page }) => {
    await expectNotFound(page, "/users/show/not-a-uuid", "User not found");
  });

  test("a well-formed id that matches nothing is not found on show and edit pages", async ({ page }) => {
    await expectNotFound(page, `/matches/edit/${missing}`, "Match not found");
    await expectNotFound(page, `/payments/show/${missing}`, "Payment not found");
    await expectNotFound(page, `/subscriptions/edit/${missing}`, "Subscription not found");
  });

  test("the not-found page leads back to the list", async ({ page }) => {
    await page.goto(`/events/show/${missing}`);
    await page.getByRole("link", { name: "Back to events" }).click();
    await page.waitForURL((url) => url.pathname === "/events");
  });

  test("a match is called a match: edit title and the saved message", async ({ page, formPage }) => {
    // The form fills after hydration and the record's fetch: slow on a busy CI machine.
    test.slow();
    const response = await page.request.get("/api/resources/matches?pageSize=1");
    const { data } = (await response.json()) as { data: { id: string }[] };
    await page.goto(`/matches/edit/${data[0].id}`);
    await expect(page.getByText("Edit match", { exact: true })).toBeVisible();
    await expect(formPage.field("Status")).toBeVisible({ timeout: 30_000 });
    await formPage.submit();
    await formPage.expectSavedAndShown("matches");
    await expect(page.getByText("Match saved", { exact: true })).toBeVisible();
    await expect(page.getByText(/Matche\b/)).toHaveCount(0);
  });

  test("a price field takes at most two decimal places as it is typed", async ({ page, formPage }) => {
    test.slow();
    await page.goto("/events/create");
    const price = formPage.field("Price");
    // Typing works once the page has hydrated (until then the form is inert): retried until it does.
    await expect(async () => {
      await price.clear();
      await price.pressSequentially("10.999");
      await expect(price).toHaveValue("10.99", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await price.press("Tab");
    await expect(price).toHaveValue("10.99");
    await expect(formPage.fieldError("Price")).toHaveCount(0);
  });
});
