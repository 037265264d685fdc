import { test, expect } from "./fixtures";

test.describe("smoke", () => {
  test("the home page renders its title", async ({ homePage }) => {
    await homePage.goto();
    await homePage.expectLoaded();
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
