import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { expectAccessibleInBothModes, useColorMode } from "./pages/Accessibility";

/**
 * Issue #12, lists and forms: a person sorts by the columns they care about (payments by amount)
 * and filters with controls typed to the column (gender as a multi-select, dates as a range picker,
 * never a free-text date); the filter bars pass axe in both colour modes.
 */

test.describe.configure({ timeout: 120_000 });

interface ListBody {
  data: { id: string; [key: string]: unknown }[];
  total: number;
  nextCursor: string | null;
}

async function api<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.ok(), `${path} → ${response.status()}`).toBe(true);
  return (await response.json()) as T;
}

/** Every payment amount, read page by page in the list's default order (newest first), not by amount. */
async function allAmounts(page: Page): Promise<number[]> {
  const amounts: number[] = [];
  let cursor: string | null = null;
  do {
    const body: ListBody = await api<ListBody>(
      page,
      `/api/resources/payments?pageSize=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    amounts.push(...body.data.map((row) => Number(row.amount)));
    cursor = body.nextCursor;
  } while (cursor);
  return amounts;
}

/** "$1,234.50" (whatever the locale's currency sign) → 1234.5. */
const moneyValue = (text: string) => Number(text.replace(/[^0-9.-]/g, ""));

/** A calendar day `days` from today in the browser's zone, as the date picker types it (YYYY-MM-DD). */
const dayFromToday = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

test.describe("list sorting and typed filters", () => {
  test("payments sorted by amount: ascending, then descending with the largest amount first, pages in order", async ({
    page,
    signIn,
    listPage,
  }) => {
    await signIn("admin");
    const payments = listPage("payments");
    await payments.goto();

    await payments.sortBy("Amount");
    expect(payments.urlParams().get("sort")).toBe("amount");
    expect(payments.urlParams().get("order")).toBe("asc");
    const ascending = (await payments.columnValues("Amount")).map(moneyValue);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));

    await payments.sortBy("Amount");
    expect(payments.urlParams().get("order")).toBe("desc");
    const firstPage = (await payments.columnValues("Amount")).map(moneyValue);
    const largest = Math.max(...(await allAmounts(page)));
    expect(firstPage[0]).toBe(largest);
    expect(firstPage).toEqual([...firstPage].sort((a, b) => b - a));
    expect(Math.min(...ascending)).toBeLessThan(largest);

    const firstIds = await payments.rowIds();
    await payments.nextPage();
    const secondPage = (await payments.columnValues("Amount")).map(moneyValue);
    const secondIds = await payments.rowIds();
    expect(secondIds.length).toBeGreaterThan(0);
    expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
    expect(secondPage[0]).toBeLessThanOrEqual(firstPage[firstPage.length - 1]);
  });

  test("users filtered by their gender with a multi-select: every row's profile has that gender", async ({
    page,
    signIn,
    listPage,
  }) => {
    await signIn("admin");
    const users = listPage("users");
    await users.goto();
    const everyone = await users.totalCount();

    await users.chooseFilter("Gender", ["non-binary", "woman"]);
    await users.applyFilters();
    expect(users.urlParams().get("f.gender.in")).toBe("non-binary,woman");
    const filtered = await users.totalCount();
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(everyone);

    const ids = await users.rowIds();
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const profile = await api<{ data: { gender: string } }>(page, `/api/resources/profiles/${id}`);
      expect(["non-binary", "woman"], `user ${id}`).toContain(profile.data.gender);
    }

    // A reload shows the same choice in the control and the same rows.
    await page.reload();
    await users.waitLoaded();
    const chosen = users.filters
      .locator(".ant-form-item")
      .filter({ has: page.locator("label", { hasText: /^Gender$/ }) })
      .locator(".ant-select-selection-item");
    await expect(chosen).toHaveText(["non-binary", "woman"]);
    expect(await users.rowIds()).toEqual(ids);
  });

  test("a date range filters by whole days from a range picker; a free-text date is refused", async ({
    page,
    signIn,
    listPage,
  }) => {
    await signIn("admin");
    const users = listPage("users");
    await users.goto();
    const everyone = await users.totalCount();
    // Dates are never typed into a text box: the Created filter is a range picker's two inputs.
    await expect(users.filters.locator(".ant-picker-range")).not.toHaveCount(0);

    const from = dayFromToday(-400);
    const to = dayFromToday(-30);
    await users.chooseDateRange("Created", from, to);
    // Enter confirmed each date; nothing is applied until "Apply filters".
    expect(users.urlParams().get("f.createdAt.gte")).toBeNull();
    await users.applyFilters();
    const params = users.urlParams();
    const gte = params.get("f.createdAt.gte") ?? "";
    const lte = params.get("f.createdAt.lte") ?? "";
    // The first day from its start, the last day to its end, in the browser's zone.
    const [fy, fm, fd] = from.split("-").map(Number);
    const [ty, tm, td] = to.split("-").map(Number);
    expect(new Date(gte).getTime()).toBe(new Date(fy, fm - 1, fd).getTime());
    expect(new Date(lte).getTime()).toBe(new Date(ty, tm - 1, td + 1).getTime() - 1);

    const filtered = await users.totalCount();
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(everyone);
    const body = await api<ListBody>(page, `/api/resources/users?${params.toString()}`);
    for (const row of body.data) {
      const created = new Date(String(row.createdAt)).getTime();
      expect(created).toBeGreaterThanOrEqual(new Date(gte).getTime());
      expect(created).toBeLessThanOrEqual(new Date(lte).getTime());
    }
    await expect.poll(() => users.rowIds()).toEqual(body.data.map((row) => row.id));

    const refused = await page.request.get("/api/resources/users?f.createdAt.gte=yesterday");
    expect(refused.status()).toBe(400);
    const error = ((await refused.json()) as { error: { fieldErrors: Record<string, string> } }).error;
    expect(Object.keys(error.fieldErrors)).toEqual(["f.createdAt.gte"]);
  });

  /**
   * Between them, every kind of filter control: multi-selects of enums and known values, date
   * ranges with "Has …", yes/no, people (with "Has …"), money and score ranges, ids. The users
   * list is scanned with its filters set (chips, dates and choices shown).
   */
  const screens: { resource: string; query?: string }[] = [
    {
      resource: "users",
      query: `f.gender.in=woman&f.createdAt.gte=${encodeURIComponent(new Date(2025, 0, 1).toISOString())}&f.lastLoginAt.isnull=false`,
    },
    { resource: "payments" },
    { resource: "messages" },
    { resource: "subscriptions" },
    { resource: "profiles" },
    { resource: "compliance_logs" },
    { resource: "event_registrations" },
  ];
  // Each list is loaded once and scanned in both colour modes (the shell switches without a reload).
  for (const { resource, query } of screens) {
    test(`${resource} filter bar${query ? " (filters set)" : ""} passes axe in light and dark mode`, async ({
      page,
      context,
      signIn,
      listPage,
    }) => {
      await useColorMode(context, "light");
      await signIn("admin");
      const list = listPage(resource);
      await list.goto(query);
      if (query) await expect(list.filters.getByLabel("Created from", { exact: true })).toHaveValue("2025-01-01");
      await expectAccessibleInBothModes(page, `${resource} list`);
    });
  }
});
