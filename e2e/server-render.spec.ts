import { test, expect, signInAs } from "./fixtures";

interface ApiPage {
  data: Record<string, unknown>[];
  people?: Record<string, { displayName?: string | null; email?: string | null }>;
}

/**
 * Lists arrive with their first page in the server's HTML (issue #12, "fast to first click"): with
 * JavaScript off, the rows are already there, in the order and with the masking the list API gives.
 */
test.describe("server-rendered lists", () => {
  test.use({ javaScriptEnabled: false });

  test("the users list's first page is in the HTML, in the URL's sort order", async ({ page, signIn }) => {
    await signIn("admin");
    const api = (await (await page.request.get("/api/resources/users?sort=email&order=asc")).json()) as ApiPage;
    await page.goto("/users?sort=email&order=asc");
    const rows = page.locator(".ant-table-tbody tr.ant-table-row");
    await expect(rows).toHaveCount(20);
    await expect(rows.first()).toContainText(String(api.data[0].email));
    await expect(rows.nth(19)).toContainText(String(api.data[19].email));
    await expect(page.getByTestId("list-total")).toBeVisible();
  });

  test("a referenced user is shown as the person in the HTML, not as an id", async ({ page, signIn }) => {
    await signIn("admin");
    await page.goto("/matches");
    const firstPerson = page.locator(".ant-table-tbody tr.ant-table-row").first().getByTestId("person-ref").first();
    await expect(firstPerson).toBeVisible();
    await expect(firstPerson).not.toHaveText(/^[0-9a-f]{8}…$/);
    await expect(firstPerson.locator("a")).toHaveText(/\p{L}/u);
  });

  test("an analyst's server-rendered list masks emails as the API does", async ({ page, signIn, browser }) => {
    // The real addresses, as an admin sees them.
    const admin = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const adminPage = await admin.newPage();
    await signInAs(adminPage, "admin");
    const real = (await (await adminPage.request.get("/api/resources/users")).json()) as ApiPage;
    await admin.close();

    await signIn("analyst");
    await page.goto("/users");
    const html = await page.content();
    await expect(page.locator(".ant-table-tbody tr.ant-table-row")).toHaveCount(20);
    for (const row of real.data) expect(html).not.toContain(String(row.email));
  });
});

test.describe("server-rendered dashboard", () => {
  test.use({ javaScriptEnabled: false });

  test("the dashboard's figures for the URL's period are in the HTML", async ({ page, signIn }) => {
    await signIn("admin");
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const period = `from=${day(120)}&to=${day(30)}`;
    const api = (await (await page.request.get(`/api/dashboard?${period}`)).json()) as {
      users: { total: number; newInPeriod: number };
      period: { days: number };
    };
    expect(api.period.days).toBe(91);
    await page.goto(`/?${period}`);
    const digits = (text: string | null) => Number((text ?? "").replace(/\D/g, ""));
    const users = page.locator(".ant-statistic", { hasText: "Users" }).locator(".ant-statistic-content-value");
    await expect(users).toBeVisible();
    expect(digits(await users.textContent())).toBe(api.users.total);
    await expect(page.getByText(`signed up in the period`)).toContainText(
      api.users.newInPeriod.toLocaleString("en-US"),
    );
    await expect(page.getByText("Net revenue, 91 days")).toBeVisible();
  });
});
