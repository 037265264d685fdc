import { test, expect } from "./fixtures";

test.describe("smoke", () => {
  test("signed out, the home page sends you to the sign-in page", async ({ page, loginPage }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
    await expect(page).toHaveTitle(/SaltBitter Back Office/);
    await expect(loginPage.submit).toBeVisible();
  });

  test("the health route tells an anonymous caller only that it is up", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.ok()).toBe(true);
    expect(await response.json()).toEqual({ ok: true });
  });

  test("the health route gives a signed-in admin the details: engine, database role, warnings", async ({
    page,
    signIn,
  }) => {
    await signIn("admin");
    const body = (await (await page.request.get("/api/health")).json()) as {
      ok: boolean;
      engine: string;
      migrations: { pending: string[] };
      warnings: string[];
      auditCheckpoints: { enabled: boolean; latest: { seq: number } | null };
    };
    expect(body).toMatchObject({ ok: true, engine: "pglite", migrations: { pending: [] } });
    expect(body).not.toHaveProperty("users");
    // The embedded engine runs as its superuser: the admin is told it is no security boundary.
    expect(body.warnings.join("\n")).toContain("no security boundary");
    // The seeded audit chain is checkpointed at start, with the key file beside the data dir.
    await expect
      .poll(async () => ((await (await page.request.get("/api/health")).json()) as typeof body).auditCheckpoints)
      .toMatchObject({ enabled: true, latest: { seq: expect.any(Number) } });
  });
});
