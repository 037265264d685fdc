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

test.describe("at 390×844", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  // The compliance officer has the longest role tag.
  for (const path of ["/", "/users", "/compliance/audit", "/compliance/requests"]) {
    test(`${path}: no header control overlaps another and the page does not scroll sideways`, async ({
      page,
      signIn,
      shell,
    }) => {
      await signIn("compliance_officer");
      await page.goto(path);
      await shell.waitForHydration();
      await expect(shell.staffRole).toBeVisible();
      const boxes = [];
      for (const control of await shell.headerControls().all()) {
        if (!(await control.isVisible())) continue;
        const box = await control.boundingBox();
        if (box) boxes.push({ box, name: (await control.getAttribute("aria-label")) ?? (await control.innerText()) });
      }
      expect(boxes.length, "palette, dark mode, role, sign out, menu").toBeGreaterThanOrEqual(5);
      for (const { box, name } of boxes) {
        expect(box.x, `${name} starts on screen`).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `${name} ends on screen`).toBeLessThanOrEqual(390);
      }
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++)
          expect(overlaps(boxes[i].box, boxes[j].box), `${boxes[i].name} overlaps ${boxes[j].name}`).toBe(false);
      // Give lists and charts their data (a table, or the empty state) before measuring the page's width.
      await expect(page.locator(".ant-table-row, .ant-empty, .ant-statistic").first()).toBeVisible();
      await expect(page.locator(".ant-spin-spinning")).toHaveCount(0);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, "the page's width").toBeLessThanOrEqual(390);
    });
  }

  test("date and date-range picker popups fit in the viewport", async ({ page, signIn, shell }) => {
    await signIn("admin");
    const pickers: { path: string; picker: string }[] = [
      { path: "/compliance/audit", picker: ".ant-picker-range" },
      { path: "/events", picker: ".ant-picker-range" },
      { path: "/events/create", picker: ".ant-picker:not(.ant-picker-range)" },
    ];
    for (const { path, picker } of pickers) {
      await page.goto(path);
      await shell.waitForHydration();
      const input = page.locator(picker).first();
      await input.scrollIntoViewIfNeeded();
      await input.click();
      const popup = page.locator(".ant-picker-dropdown:not(.ant-picker-dropdown-hidden)").first();
      await expect(popup, path).toBeVisible();
      // Wait for antd's open animation to finish before measuring.
      await expect(popup).not.toHaveClass(/-appear|-enter/);
      const box = (await popup.boundingBox())!;
      expect(box.x, `${path}: popup starts on screen`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${path}: popup ends on screen`).toBeLessThanOrEqual(390);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, `${path} with the picker open`).toBeLessThanOrEqual(390);
      await page.keyboard.press("Escape");
    }
  });
});

test.describe("before hydration", () => {
  /** Holds every JavaScript chunk until `release()`: the server's HTML is on screen, React is not running. */
  async function holdScripts(page: import("@playwright/test").Page) {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // JavaScript only: the stylesheets (same folder) load, as they would on a slow network.
    await page.route(
      (url) => url.pathname.startsWith("/_next/static/chunks/") && url.pathname.endsWith(".js"),
      async (route) => {
        await held;
        await route.continue();
      },
    );
    return release;
  }

  test("the shell's buttons are inert and dimmed, then work once hydrated", async ({ page, signIn, shell }) => {
    await signIn("admin");
    const release = await holdScripts(page);
    await page.goto("/users", { waitUntil: "commit" });
    const palette = shell.commandPaletteButton;
    await expect(palette).toBeVisible();
    await expect(page.locator('[data-hydrated="false"][inert][aria-busy="true"]')).toHaveCount(1);
    expect(await palette.evaluate((button) => button.closest("[inert]") !== null)).toBe(true);
    expect(Number(await palette.evaluate((button) => getComputedStyle(button).opacity))).toBeLessThan(1);
    // A click lands nowhere and the keyboard cannot reach it.
    const box = (await palette.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);

    release();
    await shell.waitForHydration();
    await expect(page.locator("[inert]")).toHaveCount(0);
    await page.getByRole("button", { name: "Command palette" }).click();
    await expect(page.getByPlaceholder("Type a command or search…")).toBeVisible();
  });

  test("a form does not submit natively (its fields into the URL) before it is hydrated", async ({
    page,
    signIn,
    shell,
  }) => {
    await signIn("admin");
    const release = await holdScripts(page);
    await page.goto("/users", { waitUntil: "commit" });
    const apply = page.locator('form[aria-label="Filters"] button[type="submit"]');
    await expect(apply).toBeVisible();
    const box = (await apply.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.press("Enter");
    // A native submit would have reloaded the page as /users?<fields>.
    await page.waitForTimeout(1_000);
    expect(new URL(page.url()).search).toBe("");

    release();
    await shell.waitForHydration();
    await expect(apply).toBeEnabled();
    expect(await apply.evaluate((button) => button.closest("[inert]") === null)).toBe(true);
  });
});
