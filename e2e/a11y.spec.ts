import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { expectAccessibleInBothModes, useColorMode } from "./pages/Accessibility";

/**
 * WCAG 2.2 AA (issue #12): every screen, in both colour modes, has no critical or serious axe
 * violation; the shell's actions are reachable by keyboard with a visible focus.
 */

// An axe pass over a full screen takes seconds on a busy 2-core machine, and a test has up to six.
test.describe.configure({ timeout: 240_000 });

/** The registry's tables, each with its list, one record's page and (where the admin may edit) its form. */
const registries = [
  "users",
  "profiles",
  "attachment_assessments",
  "matches",
  "messages",
  "events",
  "event_registrations",
  "subscriptions",
  "payments",
  "consent_logs",
  "compliance_logs",
  "ai_interactions",
];

/** Screens that are not a table, as the admin sees them. */
const screens: { name: string; path: string }[] = [
  { name: "dashboard", path: "/" },
  { name: "map", path: "/map" },
  { name: "consent", path: "/compliance/consent" },
  { name: "AI transparency", path: "/compliance/ai" },
  { name: "audit log", path: "/compliance/audit" },
  { name: "data-subject requests", path: "/compliance/requests" },
  { name: "staff", path: "/staff" },
  { name: "event form (create)", path: "/events/create" },
  { name: "record not found (404)", path: "/users/show/not-a-uuid" },
  { name: "no such page (404)", path: "/no-such-screen" },
];

/** Screens being built alongside this suite: checked as soon as their page exists. */
const laterScreens = [
  { name: "moderation queue", path: "/moderation", page: "app/(admin)/moderation/page.tsx" },
  {
    name: "transparency report",
    path: "/moderation/transparency",
    page: "app/(admin)/moderation/transparency/page.tsx",
  },
].filter((screen) => fs.existsSync(path.join(import.meta.dirname, "..", screen.page)));

/** The first row's link with this name (Show/Edit), or null when the role has none. */
async function firstRowLink(page: Page, name: "Show" | "Edit"): Promise<string | null> {
  const link = page.locator(".ant-table-tbody tr.ant-table-row").first().getByRole("link", { name, exact: true });
  return (await link.count()) ? link.getAttribute("href") : null;
}

// Each screen is loaded once and scanned in both colour modes (the shell switches without a reload).
test.describe("accessibility, light and dark mode", () => {
  test.beforeEach(async ({ context }) => {
    await useColorMode(context, "light");
  });

  test.describe("signed in as admin", () => {
    test.beforeEach(async ({ signIn }) => {
      await signIn("admin");
    });

    for (const screen of [...screens, ...laterScreens]) {
      test(`${screen.name}`, async ({ page }) => {
        await page.goto(screen.path);
        await expectAccessibleInBothModes(page, screen.name);
      });
    }

    for (const resource of registries) {
      test(`${resource}: list, record, form`, async ({ page, listPage }) => {
        const list = listPage(resource);
        await page.goto(`/${resource}`);
        // Hydration and the first page take longer than the list page object's 10 s on a loaded machine.
        await expect(list.total).toBeVisible({ timeout: 30_000 });
        await expect(list.rows.first()).toBeVisible();
        await expectAccessibleInBothModes(page, `${resource} list`);

        const show = await firstRowLink(page, "Show");
        const edit = await firstRowLink(page, "Edit");
        expect(show, `${resource}: the admin can open a record`).not.toBeNull();
        await page.goto(show!);
        await expectAccessibleInBothModes(page, `${resource} record`);
        if (edit) {
          await page.goto(edit);
          await expect(page.locator("form").first()).toBeVisible({ timeout: 30_000 });
          await expectAccessibleInBothModes(page, `${resource} form`);
        }
      });
    }

    test("conversation view, closed and opened", async ({ page, listPage }) => {
      const messages = listPage("messages");
      await page.goto("/messages");
      await expect(messages.total).toBeVisible({ timeout: 30_000 });
      await messages.rows.first().getByRole("button", { name: "Conversation" }).click();
      await expect(page).toHaveURL(/\/messages\/conversation\//);
      await expectAccessibleInBothModes(page, "conversation (closed)");
      await page.getByLabel("Reason").fill("Accessibility check of the conversation view");
      await page.getByRole("button", { name: "Open conversation" }).click();
      await expect(page.getByTestId("conversation-message").first()).toBeVisible();
      await expectAccessibleInBothModes(page, "conversation (opened)");
    });
  });

  test("no access (403)", async ({ page, signIn }) => {
    await signIn("analyst");
    const response = await page.goto("/staff");
    expect(response?.status()).toBe(403);
    await expectAccessibleInBothModes(page, "no access");
  });

  test("sign-in page, and its refusal", async ({ page, loginPage }) => {
    await loginPage.goto();
    await expectAccessibleInBothModes(page, "sign-in");
    await loginPage.signIn("nobody@saltbitter.test", "not-the-password");
    await expect(loginPage.error).toBeVisible();
    await expectAccessibleInBothModes(page, "sign-in refused");
  });
});

test.describe("keyboard", () => {
  test("Tab through the shell reaches the main actions, each with a visible focus indicator", async ({
    page,
    signIn,
    shell,
  }) => {
    await signIn("admin");
    await page.goto("/users");
    await expect(page.getByTestId("list-total")).toBeVisible({ timeout: 30_000 });
    await shell.waitForHydration();

    const wanted = ["Command palette", "Dark mode", "Sign out", "Users", "Export CSV", "Search", "Show"];
    const reached = new Map<string, string>();
    for (let step = 0; step < 80 && reached.size < wanted.length; step++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return null;
        const name = (element.getAttribute("aria-label") || element.innerText || "").trim().split("\n")[0];
        // Visible focus: an outline or a box-shadow ring on the element, or on the control around
        // it (antd draws a text field's focus on its wrapper).
        const ringed = (node: Element) => {
          const style = getComputedStyle(node);
          const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
          return outline || (style.boxShadow !== "none" && style.boxShadow !== "");
        };
        const control = element.closest(
          ".ant-input-affix-wrapper, .ant-input-number, .ant-picker, .ant-select-selector",
        );
        const indicated = ringed(element) || (control !== null && ringed(control));
        return { name, focusVisible: element.matches(":focus-visible"), indicated };
      });
      if (!focused) continue;
      // "Command palette, Ctrl K" is the command palette; "Searches" would not be "Search".
      const match = wanted.find(
        (label) => focused.name.startsWith(label) && !/[\p{L}]/u.test(focused.name.charAt(label.length)),
      );
      if (!match || reached.has(match)) continue;
      expect(focused.focusVisible, `${match} matches :focus-visible after Tab`).toBe(true);
      expect(focused.indicated, `${match} shows a focus outline or ring`).toBe(true);
      reached.set(match, focused.name);
    }
    expect([...reached.keys()].sort()).toEqual([...wanted].sort());
  });
});

test.describe("prefetch", () => {
  test("opening the users list prefetches no page; hovering a sidebar entry prefetches that one", async ({
    page,
    signIn,
    listPage,
  }) => {
    await signIn("admin");
    const prefetches: string[] = [];
    page.on("request", (request) => {
      const headers = request.headers();
      const isRsc = new URL(request.url()).searchParams.has("_rsc") || "rsc" in headers;
      if (isRsc && ("next-router-prefetch" in headers || request.method() === "GET")) {
        prefetches.push(new URL(request.url()).pathname);
      }
    });
    const users = listPage("users");
    await page.goto("/users");
    await expect(users.total).toBeVisible({ timeout: 30_000 });
    await expect(users.rows.first()).toBeVisible();
    // Next prefetches links as they enter the viewport, after an idle callback: give it the time.
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(1_500);
    await users.rows.last().scrollIntoViewIfNeeded();
    await page.waitForTimeout(1_500);
    // Neither a row's Show/Edit page nor the sidebar's entries: each prefetch is a server request.
    expect(prefetches, "RSC requests without any intent to navigate").toEqual([]);
    // The listener can see a prefetch: reaching for a sidebar entry prefetches that page only (Next
    // may take more than one request for it).
    await page.getByRole("menuitem", { name: "Profiles" }).hover();
    await expect.poll(() => [...new Set(prefetches)]).toEqual(["/profiles"]);
  });
});
