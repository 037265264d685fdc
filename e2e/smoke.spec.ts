import { test, expect } from "./fixtures";

test.describe("smoke", () => {
  test("signed out, the home page sends you to the sign-in page", async ({ page, loginPage }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
    await expect(page).toHaveTitle(/SaltBitter Back Office/);
    await expect(loginPage.submit).toBeVisible();
  });

  test("the health route reports a migrated, seeded database", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.ok()).toBe(true);
    const body = (await response.json()) as { ok: boolean; engine: string; users: number };
    expect(body.ok).toBe(true);
    expect(body.engine).toBe("pglite");
    expect(body.users).toBeGreaterThan(0);
  });
});
