import { expect, test } from "./fixtures";
import { expectAccessible } from "./pages/Accessibility";
import { TransparencyPage } from "./pages/TransparencyPage";

/** DSA transparency report: compliance officers read the figures and download the statements; analysts only the figures. */
test.describe("transparency report", () => {
  // Axe passes and a first compile of each route take a while on a busy 2-core machine.
  test.describe.configure({ timeout: 120_000 });
  test("a compliance officer reads the figures and downloads the statements of reasons as ≤100-statement request bodies", async ({
    page,
    signIn,
    shell,
  }) => {
    await signIn("compliance_officer");
    await page.goto("/");
    await shell.waitForHydration();
    await shell.menuItem("Transparency").click({ timeout: 30_000 });
    await expect(page).toHaveURL(/\/moderation\/transparency$/);
    const report = new TransparencyPage(page);
    await expect(report.period).toBeVisible();
    // The default period is the last 90 days up to today (UTC).
    const today = new Date().toISOString().slice(0, 10);
    const since = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
    await expect(report.period).toHaveText(`${since} to ${today}`);
    // The seed's history: notices and decisions in the period, shown as numbers and as the charts' tables.
    await report.choosePreset("Last 12 months");
    await expect.poll(async () => Number(await report.statistic("Notices received").innerText())).toBeGreaterThan(0);
    await expect(report.figureTable("Notices by category and source")).toContainText("Scam or fraud");
    await expect(report.figureTable("Decisions by type and ground")).toContainText("Suspension");
    await expectAccessible(page, "transparency report (figures)", "light");

    await report.openStatements();
    await expect(report.statements.first()).toContainText("What you can do");
    await expectAccessible(page, "transparency report (statements)", "light");

    const download = await report.downloadStatements();
    expect(download.suggestedFilename()).toMatch(/^dsa-statements-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString("utf8");
    const lines = text.split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    let statements = 0;
    for (const line of lines) {
      const body = JSON.parse(line) as { statements: { puid: string; decision_ground: string }[] };
      expect(Object.keys(body)).toEqual(["statements"]);
      expect(body.statements.length).toBeGreaterThan(0);
      expect(body.statements.length).toBeLessThanOrEqual(100);
      for (const s of body.statements) expect(s.puid).toMatch(/^[A-Za-z0-9_-]{1,500}$/);
      statements += body.statements.length;
    }
    // Every line but the last is full.
    expect(
      lines.slice(0, -1).every((l) => (JSON.parse(l) as { statements: unknown[] }).statements.length === 100),
    ).toBe(true);
    expect(statements).toBeGreaterThan(0);
  });

  test("an analyst sees the aggregates but cannot download or list statements (403 on the routes)", async ({
    page,
    signIn,
    shell,
  }) => {
    await signIn("analyst");
    await page.goto("/");
    await shell.waitForHydration();
    await expect(shell.menuItem("Transparency")).toBeVisible({ timeout: 30_000 });
    const report = new TransparencyPage(page);
    await report.goto();
    await expect.poll(async () => (await report.statistic("Notices received").count()) > 0).toBe(true);
    await expect(report.figureTable("Notices by category and source")).toBeVisible();
    await expect(report.statementsTab).toHaveCount(0);
    await expect(report.downloadStatementsButton).toHaveCount(0);

    const aggregates = await page.request.get("/api/moderation/transparency?format=csv");
    expect(aggregates.status()).toBe(200);
    expect(await aggregates.text()).toContain("notices,total,,");
    for (const path of [
      "/api/moderation/statements?since=2020-01-01",
      "/api/moderation/statements/list?since=2020-01-01",
    ]) {
      const refused = await page.request.get(path);
      expect(refused.status(), path).toBe(403);
      expect(await refused.text()).not.toContain("puid");
    }
  });
});
