import { test, expect } from "./fixtures";

const complianceScreens = ["/compliance/consent", "/compliance/ai", "/compliance/audit", "/compliance/requests"];

test.describe("no access", () => {
  // What each role sees, written out here rather than read from the matrix, so a matrix change shows up.
  const refused: { role: "analyst" | "trust_safety" | "compliance_officer"; paths: string[]; signedInAs: string }[] = [
    { role: "analyst", paths: [...complianceScreens, "/staff"], signedInAs: "Signed in as analyst." },
    { role: "trust_safety", paths: [...complianceScreens, "/staff"], signedInAs: "Signed in as trust & safety." },
    { role: "compliance_officer", paths: ["/staff"], signedInAs: "Signed in as compliance officer." },
  ];
  const neededFor: Record<string, string> = {
    "/compliance/consent": "The consent screen is for compliance officers and admins.",
    "/compliance/ai": "The AI transparency screen is for compliance officers and admins.",
    "/compliance/audit": "The audit log is for compliance officers and admins.",
    "/compliance/requests": "Data-subject requests are for compliance officers and admins.",
    "/staff": "Staff accounts are for admins.",
  };

  for (const { role, paths, signedInAs } of refused) {
    test(`${role} gets a 403 naming the role on ${paths.join(", ")}`, async ({ page, signIn, shell }) => {
      await signIn(role);
      for (const path of paths) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(403);
        await expect(page, `${path} stays put, no redirect`).toHaveURL(new RegExp(`${path}$`));
        const reason = page.getByTestId("no-access-reason");
        await expect(reason, path).toContainText(signedInAs);
        await expect(reason, path).toContainText(neededFor[path]);
        await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
        // Still inside the shell: the sidebar and the signed-in staff member are there.
        await expect(shell.staffRole).toBeVisible();
      }
    });
  }

  test("compliance officers still open every compliance screen", async ({ page, signIn }) => {
    await signIn("compliance_officer");
    for (const path of complianceScreens) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.getByTestId("no-access-reason")).toHaveCount(0);
    }
  });
});

test.describe("sidebar at 1440×900", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("with Compliance open, Requests, Staff and Logout scroll into view above the collapse bar and take clicks", async ({
    page,
    signIn,
    shell,
  }) => {
    await signIn("admin");
    await page.goto("/");
    await shell.waitForHydration();
    await shell.menuItem("Compliance").click();
    await expect(shell.menuItem("Requests")).toBeVisible();
    const bar = await shell.collapseBar.boundingBox();
    expect(bar, "the collapse bar is on screen").not.toBeNull();

    for (const [label, url] of [
      ["Requests", /\/compliance\/requests$/],
      ["Staff", /\/staff$/],
      ["Logout", /\/login/],
    ] as const) {
      const item = shell.menuItem(label);
      await item.scrollIntoViewIfNeeded();
      const box = await item.boundingBox();
      expect(box, label).not.toBeNull();
      // Entirely on screen and above the collapse bar, not under it.
      expect(box!.y, label).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height, `${label} ends above the collapse bar`).toBeLessThanOrEqual(bar!.y);
      // Playwright's click checks that the item itself receives the click (nothing covers it).
      await item.click({ timeout: 5_000 });
      await expect(page).toHaveURL(url);
    }
  });
});
