import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { seriousViolations, summarize } from "./pages/Accessibility";
import { serverActionId } from "./serverActions";

/**
 * The moderation queue and the take-action panel (issue #10), as trust & safety works them, and the
 * roles kept out. The spec makes the items it needs (a staff report through the panel's "File a
 * report") when the seeded queue has fewer than two, so it runs with or without a moderation seed.
 */

interface QueueAnswer {
  items: { subjectUserId: string }[];
  total: number;
}

const uuidIn = (url: string) => /\/moderation\/([0-9a-f-]{36})/.exec(url)?.[1] ?? "";

async function expectNoSeriousAxeViolations(page: Page, screen: string) {
  const findings = await seriousViolations(page);
  expect(findings.length, `${screen}: critical/serious axe violations\n${summarize(findings)}`).toBe(0);
}

/** Files a staff report about `userId` through the panel, so the account is in the Unreviewed tab. */
async function fileReportThroughPanel(page: Page, userId: string) {
  await page.goto(`/moderation/${userId}`);
  await page.getByRole("button", { name: "File a report" }).click();
  const dialog = page.getByRole("dialog", { name: "File a staff report about this account" });
  await dialog.getByLabel("Category").click();
  await page.getByRole("option", { name: "Harassment" }).click();
  await dialog.getByLabel("What you saw").fill("Insulting messages to several members after they declined a date");
  await dialog.getByRole("button", { name: "File report" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("panel-reports")).toContainText("Insulting messages to several members");
}

// A busy machine builds and serves slowly: these walk several screens each.
test.describe.configure({ timeout: 180_000 });

test.describe("moderation: trust & safety", () => {
  test("opens the first unreviewed item, suspends for 7 days, Submit & next opens the next, the user page shows the suspension", async ({
    page,
    signIn,
    shell,
  }) => {
    await signIn("trust_safety");
    const available = async () =>
      (await (
        await page.request.get("/api/moderation/queue?tab=unreviewed&assignee=available&pageSize=5")
      ).json()) as QueueAnswer;
    let queue = await available();
    if (queue.total < 2) {
      const users = (await (await page.request.get("/api/resources/users?pageSize=20&f.verified.eq=true")).json()) as {
        data: { id: string }[];
      };
      const taken = new Set(queue.items.map((i) => i.subjectUserId));
      for (const user of users.data.filter((u) => !taken.has(u.id)).slice(0, 2 - queue.total))
        await fileReportThroughPanel(page, user.id);
      queue = await available();
    }
    expect(queue.total).toBeGreaterThanOrEqual(2);

    await page.goto("/moderation");
    await shell.waitForHydration();
    await expect(shell.menuItem("Moderation")).toBeVisible();
    const rows = page.getByTestId("moderation-queue").locator("tbody tr.ant-table-row");
    await expect(rows.first()).toBeVisible();
    await expectNoSeriousAxeViolations(page, "queue");

    // The first unreviewed item, by priority.
    await rows
      .first()
      .getByRole("link", { name: /^Open / })
      .click();
    await page.waitForURL(/\/moderation\/[0-9a-f-]{36}/);
    const first = uuidIn(page.url());
    await expect(page.getByRole("heading", { name: /^Take action: / })).toBeVisible();
    await expect(page.getByTestId("claim-banner")).toContainText("You are working on this item");
    // The subject and the whole history beside it.
    await expect(page.getByTestId("panel-reports").locator(".ant-list-item").first()).toBeVisible();
    await expect(page.getByRole("heading", { name: /^Decisions \(/ })).toBeVisible();
    await expect(page.getByTestId("panel-account")).toContainText("Account age");
    await expectNoSeriousAxeViolations(page, "take-action panel");

    // S is the shortcut for Suspend (outside text fields).
    await page.getByRole("heading", { name: /^Take action: / }).click();
    await page.keyboard.press("s");
    await expect(page.getByRole("radio", { name: /^Suspend/ })).toBeChecked();
    const until = page.getByLabel("Suspended until");
    const inSevenDays = new Date(Date.now() + 7 * 86_400_000);
    const localDay = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    await expect(until).toHaveValue(new RegExp(`^${localDay(inSevenDays)}`));
    await page.getByRole("radio", { name: "Against our terms and conditions" }).check();
    await page.getByLabel("Terms and conditions clause").fill("Terms 5.1: respectful conduct; no harassment");
    await page
      .getByLabel("Why it is illegal or against that clause")
      .fill("Repeated abusive messages to members who declined are harassment under our terms.");
    await page
      .getByLabel("Facts and circumstances relied on")
      .fill("Several members received insulting messages within a day of declining a date.");
    await expectNoSeriousAxeViolations(page, "action form (suspend)");

    await page.getByRole("button", { name: /^Submit & next/ }).click();
    await page.waitForURL((url) => uuidIn(url.toString()) !== "" && uuidIn(url.toString()) !== first);
    const second = uuidIn(page.url());
    expect(second).not.toBe(first);
    await expect(page.getByTestId("claim-banner")).toContainText("You are working on this item");

    // The decision took effect: the panel and the user page show the suspension.
    await page.goto(`/moderation/${first}`);
    const restriction = page.getByTestId("panel-restriction");
    await expect(restriction).toContainText(/Current restriction: Suspended until \d{4}-\d{2}-\d{2}/);
    const shown = /(\d{4}-\d{2}-\d{2})/.exec((await restriction.textContent()) ?? "")?.[1] ?? "";
    expect(Math.abs(Date.parse(shown) - inSevenDays.getTime())).toBeLessThan(1.5 * 86_400_000);
    await expect(page.getByTestId("history-decision").first()).toHaveAttribute("data-kind", "suspend");
    await page.goto(`/users/show/${first}`);
    await expect(page.getByTestId("restriction-badge").first()).toContainText(`Suspended until ${shown}`);
  });

  test("a compliance officer reads the queue but cannot claim or decide", async ({ page, signIn }) => {
    await signIn("compliance_officer");
    const response = await page.goto("/moderation");
    expect(response?.status()).toBe(200);
    await expect(
      page.getByText(/reads the queue; claiming and deciding are for trust & safety and admins/),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: "Work the next item" })).toHaveCount(0);
    const users = (await (await page.request.get("/api/resources/users?pageSize=1")).json()) as {
      data: { id: string }[];
    };
    const claim = await page.request.post("/", {
      headers: {
        "Next-Action": serverActionId("claimQueueItem"),
        "Content-Type": "text/plain;charset=UTF-8",
        Accept: "text/x-component",
      },
      data: JSON.stringify([{ subjectUserId: users.data[0].id }]),
    });
    expect(await claim.text()).toContain('"code":"forbidden"');
  });
});

test.describe("moderation: analysts", () => {
  test("can open neither the queue nor a panel, by link or by request", async ({ page, signIn, shell }) => {
    await signIn("trust_safety");
    const users = (await (await page.request.get("/api/resources/users?pageSize=1")).json()) as {
      data: { id: string }[];
    };
    const userId = users.data[0].id;
    const decisionsOf = async () =>
      (
        (await (await page.request.get(`/api/moderation/subjects/${userId}`)).json()) as {
          data: { decisionTotal: number };
        }
      ).data.decisionTotal;
    const before = await decisionsOf();
    await page.context().clearCookies();
    await signIn("analyst");
    for (const path of ["/moderation", `/moderation/${userId}`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(shell.noAccessReason, path).toContainText("Signed in as analyst.");
      await expect(shell.noAccessReason, path).toContainText("The moderation queue is for");
    }
    await expect(shell.menuItem("Moderation")).toHaveCount(0);
    for (const route of ["/api/moderation/queue", `/api/moderation/subjects/${userId}`]) {
      const answer = await page.request.get(route);
      expect(answer.status(), route).toBe(403);
      expect(await answer.text(), route).not.toContain("@");
    }
    for (const [action, input] of [
      ["claimQueueItem", { subjectUserId: userId }],
      ["claimNextQueueItem", { tab: "unreviewed" }],
      [
        "decideQueueItem",
        {
          subjectUserId: userId,
          kind: "suspend",
          category: "spam",
          ground: "incompatible_content",
          termsClause: "Terms 6.1",
          groundExplanation: "Spam",
          facts: "Spam",
          endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      ],
    ] as const) {
      const refused = await page.request.post("/", {
        headers: {
          "Next-Action": serverActionId(action),
          "Content-Type": "text/plain;charset=UTF-8",
          Accept: "text/x-component",
        },
        data: JSON.stringify([input]),
      });
      expect(await refused.text(), action).toContain('"code":"forbidden"');
    }
    // Nothing happened to the account.
    await page.context().clearCookies();
    await signIn("trust_safety");
    expect(await decisionsOf()).toBe(before);
  });
});
