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
