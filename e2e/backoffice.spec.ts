import type { Page } from "@playwright/test";
import { test, expect, staffLogins } from "./fixtures";
import { chooseUser } from "./pages/People";

interface ListBody {
  data: { id: string; [key: string]: unknown }[];
  total: number;
  totalIsEstimate: boolean;
}

async function api<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.ok(), `${path} → ${response.status()}`).toBe(true);
  return (await response.json()) as T;
}

/** A datetime for the antd DatePicker's "YYYY-MM-DD HH:mm" input, days from now. */
const inDays = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(hour)}:00`;
};

test.describe("back office", () => {
  test("sign-in form: a wrong password is refused, the right one opens the dashboard, sign-out ends the session", async ({
    page,
    loginPage,
    shell,
  }) => {
    await loginPage.goto();
    await loginPage.signIn(staffLogins.admin.email, "not-the-password");
    await loginPage.expectRefused("Incorrect email or password.");

    await loginPage.signIn(staffLogins.admin.email, staffLogins.admin.password);
    await page.waitForURL((url) => url.pathname === "/");
    await shell.expectSignedInAs(staffLogins.admin.name, staffLogins.admin.label);
    await expect(page.getByText("Verification rate")).toBeVisible();
    await expect(page.getByText("Revenue by day (30 days)")).toBeVisible();

    await shell.signOut();
    await page.goto("/users");
    await expect(page).toHaveURL(/\/login/);
    expect((await page.request.get("/api/resources/users")).status()).toBe(401);
  });

  test("a deep link survives sign-in: callbackUrl brings you back to the filtered list", async ({
    page,
    loginPage,
  }) => {
    await loginPage.goto("/users?f.verified.eq=true");
    await loginPage.signIn(staffLogins.trust_safety.email, staffLogins.trust_safety.password);
    await page.waitForURL(/\/users\?f\.verified\.eq=true/);
  });

  test("users list: filtered, sorted and paged in the URL; a reload reproduces the view; rows match the API", async ({
    page,
    signIn,
    listPage,
  }) => {
    await signIn("trust_safety");
    const users = listPage("users");
    await users.goto();
    const unfiltered = await users.totalCount();

    await users.chooseFilter("Tier", ["premium"]);
    await users.chooseBoolean("Verified", "Yes");
    await users.applyFilters();
    const filtered = await users.totalCount();
    expect(filtered).toBeGreaterThan(20); // enough for a second page
    expect(filtered).toBeLessThan(unfiltered);
    expect(new Set(await users.columnValues("Tier"))).toEqual(new Set(["premium"]));

    await users.sortBy("Email");
    await expect.poll(() => users.urlParams().get("sort")).toBe("email");
    await users.nextPage();
    const params = users.urlParams();
    expect(params.get("page")).toBe("2");
    expect(params.get("order")).toBe("asc");
    expect(params.get("f.subscriptionTier.in")).toBe("premium");
    expect(params.get("f.verified.eq")).toBe("true");

    // The URL changes before the new page's rows arrive: wait until the table shows what the API serves.
    const body = await api<ListBody>(page, `/api/resources/users?${params.toString()}`);
    await expect.poll(() => users.rowIds()).toEqual(body.data.map((row) => row.id));
    expect(body.total).toBe(filtered);
    const shown = await users.rowIds();
    const emails = await users.columnValues("Email");
    expect(emails).toEqual([...emails].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    await page.reload();
    await users.waitLoaded();
    expect(await users.rowIds()).toEqual(shown);
    expect(await users.totalCount()).toBe(filtered);
    await expect(page.locator(".ant-pagination-item-active")).toHaveText("2");
  });

  test("edit a user's verification and tier", async ({ page, signIn, formPage }) => {
    await signIn("trust_safety");
    const body = await api<ListBody>(
      page,
      "/api/resources/users?f.verified.eq=false&f.subscriptionTier.eq=free&pageSize=1",
    );
    const user = body.data[0];
    await page.goto(`/users/edit/${user.id}`);
    // Wait for the record to be in the form before changing it (it loads after the page).
    await expect(page.locator("form .ant-select-selection-item")).toHaveText("free");
    await page.locator("form").getByRole("switch").click();
    await formPage.choose("Tier", "elite");
    await formPage.submit();
    await formPage.expectSavedAndShown("users");
    const after = await api<{ data: { verified: boolean; subscriptionTier: string } }>(
      page,
      `/api/resources/users/${user.id}`,
    );
    expect(after.data).toMatchObject({ verified: true, subscriptionTier: "elite" });
  });

  test("create an event: an end before the start is refused under End Time, fixing it saves", async ({
    page,
    signIn,
    formPage,
  }) => {
    await signIn("trust_safety");
    await page.goto("/events/create");
    await formPage.fill("Title", "E2E speed dating");
    await formPage.choose("Type", "speed_dating");
    await formPage.fillDate("Start Time", inDays(10, 19));
    await formPage.fillDate("End Time", inDays(10, 18));
    await formPage.fill("Capacity", "20");
    await formPage.submit();
    await expect(formPage.fieldError("End Time")).toHaveText("End time must be after start time");
    expect(page.url()).toMatch(/\/events\/create/);

    await formPage.fillDate("End Time", inDays(10, 21));
    await formPage.submit();
    await formPage.expectSavedAndShown("events");
    await expect(page.getByText("E2E speed dating").first()).toBeVisible();
  });

  test("registering a user for a full event is refused with a clear message", async ({ page, signIn, formPage }) => {
    await signIn("trust_safety");
    await page.goto("/events/create");
    await formPage.fill("Title", "E2E tiny workshop");
    await formPage.choose("Type", "workshop");
    await formPage.fillDate("Start Time", inDays(12, 10));
    await formPage.fillDate("End Time", inDays(12, 12));
    await formPage.fill("Capacity", "1");
    await formPage.submit();
    await formPage.expectSavedAndShown("events");

    const users = await api<ListBody>(page, "/api/resources/users?pageSize=2");
    const [first, second] = users.data;
    const user = page.getByLabel("User", { exact: true });
    await chooseUser(page, user, first.id);
    await page.getByRole("button", { name: "Register user" }).click();
    await expect(page.getByTestId("event-seats")).toContainText("1 of 1 seats taken");

    await chooseUser(page, user, second.id);
    await page.getByRole("button", { name: "Register user" }).click();
    await expect(page.locator(".ant-alert-error")).toContainText("Event is full");
    await expect(page.getByTestId("event-seats")).toContainText("1 of 1 seats taken");
  });

  test("refund a succeeded payment after confirming; totals follow the filters", async ({ page, signIn, listPage }) => {
    await signIn("admin");
    const payments = listPage("payments");
    await payments.goto("f.status.in=succeeded");
    await expect(page.getByTestId("payment-totals")).toContainText("Net");
    const [id] = await payments.rowIds();
    await payments.rows.first().getByRole("button", { name: "Refund" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Refund" }).click();
    await expect(page.getByText("Payment refunded")).toBeVisible();
    const after = await api<{ data: { status: string } }>(page, `/api/resources/payments/${id}`);
    expect(after.data.status).toBe("refunded");
  });

  test("CSV export downloads exactly the filtered rows", async ({ page, signIn, listPage }) => {
    await signIn("trust_safety");
    const users = listPage("users");
    await users.goto();
    await users.chooseFilter("Tier", ["elite"]);
    await users.chooseBoolean("Verified", "No");
    await users.applyFilters();
    const total = await users.totalCount();
    expect(total).toBeGreaterThan(0);

    const downloading = page.waitForEvent("download");
    await users.exportButton().click();
    const download = await downloading;
    const csv = await (await download.createReadStream()).toArray();
    const lines = Buffer.concat(csv).toString("utf8").trim().split(/\r?\n/);
    expect(lines.length - 1).toBe(total);

    await expect.poll(() => users.urlParams().get("f.subscriptionTier.in")).toBe("elite");
    expect(users.urlParams().get("f.verified.eq")).toBe("false");
    const params = new URLSearchParams({ "f.subscriptionTier.in": "elite", "f.verified.eq": "false", pageSize: "100" });
    const body = await api<ListBody>(page, `/api/resources/users?${params.toString()}`);
    expect(body.total).toBe(total);
    const header = lines[0].split(",");
    const idColumn = header.indexOf("id");
    expect(idColumn).toBeGreaterThanOrEqual(0);
    const exportedIds = new Set(lines.slice(1).map((line) => line.split(",")[idColumn]));
    for (const row of body.data) expect(exportedIds.has(row.id)).toBe(true);
  });
});
