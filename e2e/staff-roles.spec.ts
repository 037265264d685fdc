import type { StaffRole } from "../db/schema/enums";
import { test, expect, staffLogins } from "./fixtures";
import { serverActionId } from "./serverActions";

/** What each role's sidebar offers, from the one permission matrix (server/auth/permissions.ts). */
const sidebar: Record<StaffRole, { shows: string[]; hides: string[] }> = {
  admin: { shows: ["Users", "Payments", "Compliance log entries", "Map", "Compliance", "Staff"], hides: [] },
  trust_safety: { shows: ["Users", "Events", "Map"], hides: ["Compliance log entries", "Compliance", "Staff"] },
  compliance_officer: { shows: ["Users", "Consent records", "Map", "Compliance"], hides: ["Staff"] },
  analyst: { shows: ["Users", "Payments", "Map"], hides: ["Compliance", "Staff"] },
};

test.describe("staff roles", () => {
  for (const role of Object.keys(sidebar) as StaffRole[]) {
    test(`${role} signs in and sees only what the role allows`, async ({ page, signIn, shell }) => {
      await signIn(role);
      await page.goto("/");
      await shell.expectSignedInAs(staffLogins[role].name, staffLogins[role].label);
      for (const label of sidebar[role].shows) await expect(shell.menuItem(label)).toBeVisible();
      for (const label of sidebar[role].hides) await expect(shell.menuItem(label)).toHaveCount(0);
    });
  }

  test("a direct request to a mutation is refused for an analyst and changes nothing", async ({ page, signIn }) => {
    await signIn("analyst");
    const list = (await (await page.request.get("/api/resources/users?pageSize=1")).json()) as {
      data: { id: string; verified: boolean }[];
    };
    const user = list.data[0];
    // What the edit form would send, posted straight to the server action with the analyst's session.
    const response = await page.request.post(`/users/edit/${user.id}`, {
      headers: {
        "Next-Action": serverActionId("updateRecord"),
        "Content-Type": "text/plain;charset=UTF-8",
        Accept: "text/x-component",
      },
      data: JSON.stringify(["users", user.id, { verified: !user.verified }]),
    });
    expect(await response.text()).toContain('"code":"forbidden"');
    const after = (await (await page.request.get(`/api/resources/users/${user.id}`)).json()) as {
      data: { verified: boolean };
    };
    expect(after.data.verified).toBe(user.verified);
    // The server keeps answering after the refusal.
    expect((await page.request.get("/api/health")).ok()).toBe(true);
  });

  test("analyst sees masked data, no edit controls, and the server refuses what the role cannot do", async ({
    page,
    signIn,
    listPage,
    formPage,
  }) => {
    // As admin, change a user's tier (the analyst must then see it unchanged by anything they try).
    await signIn("admin");
    const list = await page.request.get("/api/resources/users?f.verified.eq=false&pageSize=1");
    const [user] = ((await list.json()) as { data: { id: string; email: string }[] }).data;
    await page.goto(`/users/edit/${user.id}`);
    await expect(page.locator("form .ant-select-selection-item")).toHaveText(/free|premium|elite/);
    await formPage.choose("Tier", "premium");
    await formPage.submit();
    await formPage.expectSavedAndShown("users");

    await page.context().clearCookies();
    await signIn("analyst");
    const users = listPage("users");
    await users.goto();
    for (const email of await users.columnValues("Email")) expect(email).toMatch(/^.\*\*\*@/);
    await expect(users.rows.getByRole("link", { name: "Edit" })).toHaveCount(0);
    await expect(page.getByRole("checkbox")).toHaveCount(0); // no bulk selection

    await page.goto(`/users/edit/${user.id}`);
    await expect(page.getByText("Your role cannot edit users.")).toBeVisible();

    const after = await page.request.get(`/api/resources/users/${user.id}`);
    expect(((await after.json()) as { data: { subscriptionTier: string } }).data.subscriptionTier).toBe("premium");
    // Requests the role may not make are refused by the server, not just hidden.
    expect((await page.request.get("/api/staff")).status()).toBe(403);
  });

  test("messages: content is never in the list API (read in the audited conversation view, e2e/conversation.spec.ts)", async ({
    page,
    signIn,
  }) => {
    await signIn("analyst");
    const masked = (await (await page.request.get("/api/resources/messages?pageSize=5")).json()) as {
      data: { content: string | null }[];
    };
    expect(masked.data.length).toBeGreaterThan(0);
    for (const row of masked.data) expect(row.content ?? null).toBeNull();
    await page.goto("/messages");
    await expect(page.getByTestId("list-total")).toBeVisible();

    await page.context().clearCookies();
    await signIn("trust_safety");
    const shown = (await (await page.request.get("/api/resources/messages?pageSize=5")).json()) as {
      data: { content: string | null }[];
    };
    expect(shown.data.length).toBeGreaterThan(0);
    for (const row of shown.data) expect(row.content ?? null).toBeNull();
  });

  test("admin manages staff: create an account, change its role, disable it", async ({ page, signIn }) => {
    await signIn("admin");
    await page.goto("/staff");
    await expect(page.locator("tr", { hasText: staffLogins.analyst.email })).toBeVisible();
    const email = `e2e-${Date.now()}@saltbitter.test`;
    await page.getByRole("button", { name: "New staff account" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByLabel("Name").fill("E2E Staffer");
    await dialog.getByLabel("Initial password").fill("e2e-password-2026");
    await dialog.getByRole("button", { name: "Create" }).click();
    const row = page.locator("tr", { hasText: email });
    await expect(row).toBeVisible();

    await row.getByRole("switch").click();
    // A click that lands while the confirmation is still animating open was once lost (CI): click
    // until the confirmation has closed, as a person would click again.
    const confirmation = page.getByRole("dialog", { name: "Disable E2E Staffer's account?" });
    await expect(async () => {
      if (await confirmation.isVisible())
        await confirmation.getByRole("button", { name: "Disable", exact: true }).click({ timeout: 5_000 });
      await expect(confirmation).toHaveCount(0, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(row.getByText("disabled")).toBeVisible();
    const staff = (await (await page.request.get("/api/staff")).json()) as {
      data: { email: string; disabled: boolean }[];
    };
    expect(staff.data.find((s) => s.email === email)?.disabled).toBe(true);
  });
});
