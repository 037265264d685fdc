import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { expectAccessibleInBothModes } from "./pages/Accessibility";
import { openSelect, pickOption } from "./pages/ResourceListPage";

/**
 * Issue #12, lists and forms: the staff screen asks before a role change or (dis)abling, a payment's
 * own page offers the list's refund, and the dashboard's figures follow a period kept in the URL.
 */

async function api<T>(page: Page, url: string): Promise<T> {
  const response = await page.request.get(url);
  expect(response.ok(), `GET ${url}`).toBe(true);
  return (await response.json()) as T;
}

interface StaffEntry {
  email: string;
  role: string;
  disabled: boolean;
}

const staffEntry = async (page: Page, email: string) =>
  (await api<{ data: StaffEntry[] }>(page, "/api/staff")).data.find((s) => s.email === email);

/** The day `daysAgo` days before the browser's today, as the picker writes it (YYYY-MM-DD, local). */
const browserDay = (page: Page, daysAgo = 0) =>
  page.evaluate((back) => {
    const d = new Date();
    d.setDate(d.getDate() - back);
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }, daysAgo);

const isDashboardRead = (url: string) => new URL(url).pathname === "/api/dashboard";

test.describe("staff screen asks before changing a role or an account's access", () => {
  test("cancelling a role change or a disabling changes nothing (after a reload too); confirming applies it", async ({
    page,
    signIn,
  }) => {
    test.setTimeout(120_000);
    await signIn("admin");
    await page.goto("/staff");
    // An account of this test's own: the demo staff other specs sign in with keep their roles.
    const stamp = Date.now();
    const email = `e2e-confirm-${stamp}@saltbitter.test`;
    const name = `Sam Confirm ${stamp}`;
    await page.getByRole("button", { name: "New staff account" }).click();
    const create = page.getByRole("dialog", { name: "New staff account" });
    await create.getByLabel("Email").fill(email);
    await create.getByLabel("Name").fill(name);
    await create.getByLabel("Initial password").fill("e2e-password-2026");
    await create.getByRole("button", { name: "Create" }).click();
    const row = page.locator("tr", { hasText: email });
    await expect(row).toBeVisible();
    const shownRole = row.locator(".ant-select-selection-item");
    await expect(shownRole).toHaveText("analyst");

    // Role: the confirmation names the person, the old and the new role; Cancel sends nothing.
    const roleSelect = page.getByLabel(`Role of ${email}`);
    await openSelect(roleSelect);
    await pickOption(page, "trust safety");
    const ask = page.getByRole("dialog").filter({ hasText: "Change" });
    await expect(ask).toContainText(`Change ${name}'s role from analyst to trust & safety?`);
    await expectAccessibleInBothModes(page, "staff: role change confirmation");
    await ask.getByRole("button", { name: "Cancel" }).click();
    await expect(ask).toHaveCount(0);
    await expect(shownRole).toHaveText("analyst");
    await page.reload();
    await expect(shownRole).toHaveText("analyst");
    expect((await staffEntry(page, email))?.role).toBe("analyst");

    await openSelect(page.getByLabel(`Role of ${email}`));
    await pickOption(page, "trust safety");
    await page.getByRole("dialog").getByRole("button", { name: "Change role" }).click();
    await expect(page.getByText(`${name} is now trust & safety`)).toBeVisible();
    await expect(shownRole).toHaveText("trust safety");
    await page.reload();
    await expect(shownRole).toHaveText("trust safety");
    expect((await staffEntry(page, email))?.role).toBe("trust_safety");

    // Access: disabling asks too, naming the person.
    const active = row.getByRole("switch", { name: `Active: ${email}` });
    await expect(active).toBeChecked();
    await active.click();
    const disable = page.getByRole("dialog").filter({ hasText: "Disable" });
    await expect(disable).toContainText(`Disable ${name}'s account?`);
    await disable.getByRole("button", { name: "Cancel" }).click();
    await expect(disable).toHaveCount(0);
    await expect(active).toBeChecked();
    await expect(row.getByText("disabled", { exact: true })).toHaveCount(0);
    expect((await staffEntry(page, email))?.disabled).toBe(false);

    await active.click();
    await page.getByRole("dialog").getByRole("button", { name: "Disable", exact: true }).click();
    await expect(page.getByText(`${name} disabled`)).toBeVisible();
    await expect(row.getByText("disabled", { exact: true })).toBeVisible();
    await expect(active).not.toBeChecked();
    expect((await staffEntry(page, email))?.disabled).toBe(true);

    // The account's creation time is written as a date people read, with the UTC instant on hover.
    await expect(row.locator("time").first()).toHaveAttribute("title", / UTC$/);
  });
});

test.describe("a payment's page offers the list's refund", () => {
  test("an admin refunds a succeeded payment from its page after confirming; then it offers no refund", async ({
    page,
    signIn,
  }) => {
    await signIn("admin");
    const succeeded = await api<{ data: { id: string; status: string }[] }>(
      page,
      "/api/resources/payments?f.status.eq=succeeded&pageSize=50",
    );
    // Not the newest: e2e/backoffice.spec.ts refunds the list's first succeeded payment.
    const payment = succeeded.data[succeeded.data.length - 1];
    expect(payment.status).toBe("succeeded");
    await page.goto(`/payments/show/${payment.id}`);
    await expect(page.getByTestId("record-title")).toBeVisible();
    const refund = page.getByRole("button", { name: "Refund", exact: true });

    await refund.click();
    const ask = page.getByRole("dialog");
    await expect(ask).toContainText(/Refund \$[\d,]+\.\d{2}\?/);
    await ask.getByRole("button", { name: "Cancel" }).click();
    await expect(ask).toHaveCount(0);
    expect((await api<{ data: { status: string } }>(page, `/api/resources/payments/${payment.id}`)).data.status).toBe(
      "succeeded",
    );

    await refund.click();
    await page.getByRole("dialog").getByRole("button", { name: "Refund", exact: true }).click();
    await expect(page.getByText("Payment refunded")).toBeVisible();
    // The record reloads: its status reads refunded and a refunded payment offers no refund.
    await expect(page.locator(".ant-descriptions")).toContainText("refunded");
    await expect(refund).toHaveCount(0);
    expect((await api<{ data: { status: string } }>(page, `/api/resources/payments/${payment.id}`)).data.status).toBe(
      "refunded",
    );
    await page.reload();
    await expect(page.locator(".ant-descriptions")).toContainText("refunded");
    await expect(refund).toHaveCount(0);
  });

  test("an analyst (who may not refund) sees a succeeded payment's page without a refund", async ({ page, signIn }) => {
    await signIn("analyst");
    const succeeded = await api<{ data: { id: string }[] }>(
      page,
      "/api/resources/payments?f.status.eq=succeeded&pageSize=2",
    );
    await page.goto(`/payments/show/${succeeded.data[1].id}`);
    await expect(page.locator(".ant-descriptions")).toContainText("succeeded");
    await expect(page.getByRole("button", { name: "Refund", exact: true })).toHaveCount(0);
  });
});

test.describe("dashboard period", () => {
  test("a preset sets ?from&to on the request and in the URL, the figures name the period, a reload keeps it", async ({
    page,
    signIn,
  }) => {
    await signIn("analyst");
    await page.goto("/");
    const period = page.getByTestId("dashboard-period");
    await expect(period).toContainText("(30 days"); // the server's default
    const today = await browserDay(page);
    const weekStart = await browserDay(page, 6);

    const read = page.waitForRequest((r) => isDashboardRead(r.url()) && new URL(r.url()).searchParams.has("from"));
    await page.getByLabel("Period from", { exact: true }).click();
    await page.locator(".ant-picker-dropdown:visible .ant-picker-presets").getByText("Last 7 days").click();
    const sent = new URL((await read).url()).searchParams;
    expect([sent.get("from"), sent.get("to")]).toEqual([weekStart, today]);
    await expect(period).toContainText("(7 days");
    await expect(page.getByText("Revenue by day (7 days)")).toBeVisible();
    await expect(page.getByText("Net revenue, 7 days")).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`\\?from=${weekStart}&to=${today}$`));

    // The reload's figures come with the page (rendered on the server for the URL's period): no read after it.
    const reads: string[] = [];
    page.on("request", (r) => {
      if (isDashboardRead(r.url())) reads.push(r.url());
    });
    await page.reload();
    await expect(period).toContainText("(7 days");
    await expect(page.getByText("Net revenue, 7 days")).toBeVisible();
    await expect(page.getByLabel("Period from", { exact: true })).toHaveValue(weekStart);
    await expect(page.getByLabel("Period to", { exact: true })).toHaveValue(today);
    expect(reads).toEqual([]);
  });

  test("a typed period of 366 days is taken, 367 days is not offered, and a longer one in the URL is refused clearly", async ({
    page,
    signIn,
  }) => {
    test.setTimeout(120_000);
    await signIn("analyst");
    const today = await browserDay(page);
    const longest = await browserDay(page, 365);
    const tooLong = await browserDay(page, 366); // 367 days up to today

    // A hand-made URL asking for more than 366 days: the server's refusal is said at the picker, no figures.
    const farBack = await browserDay(page, 800);
    await page.goto(`/?from=${farBack}&to=${today}`);
    const refusal = page.getByRole("alert").filter({ hasText: "This period cannot be shown" });
    await expect(refusal).toContainText("at most 366 days");
    await expect(page.getByTestId("dashboard-period")).toHaveCount(0);
    await expectAccessibleInBothModes(page, "dashboard: period refused");

    // In the picker, a day 367 days from the start is disabled: typing it leaves the period as it was.
    const start = page.getByLabel("Period from", { exact: true });
    const end = page.getByLabel("Period to", { exact: true });
    await start.click();
    await start.fill(tooLong);
    await start.press("Enter");
    await end.fill(today);
    await end.press("Enter");
    await expect(page).toHaveURL(new RegExp(`\\?from=${farBack}&to=${today}$`));
    await start.click();
    await start.fill(longest);
    await start.press("Enter");
    await end.fill(today);
    await end.press("Enter");
    await expect(page).toHaveURL(new RegExp(`\\?from=${longest}&to=${today}$`));
    await expect(refusal).toHaveCount(0);
    await expect(page.getByTestId("dashboard-period")).toContainText("(366 days");
  });
});
