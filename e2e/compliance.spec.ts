import fs from "node:fs";
import path from "node:path";
import { loadKeyFile, type VerifyKey } from "../server/audit/signingKey";
import { verifyExport, type ExportManifest } from "../server/audit/verifyExport";
import { expect, test } from "./fixtures";
import { ComplianceAuditPage, sha256Of } from "./pages/ComplianceAuditPage";
import { ComplianceRequestsPage } from "./pages/ComplianceRequestsPage";

/** The server's audit signing key, beside its embedded data dir: the public half verifies manifests. */
function serverAuditKey(): VerifyKey {
  const file = `${path.resolve(process.env.E2E_PGLITE_DATA_DIR!)}-audit-signing-key.pem`;
  const key = loadKeyFile(file, false);
  if (!key) throw new Error(`the server wrote no audit signing key at ${file}`);
  return key;
}

test.describe("compliance officer", () => {
  test("filters the audit log and exports CSV and JSON Lines whose hashes match their manifests", async ({
    page,
    signIn,
  }) => {
    await signIn("compliance_officer");
    const audit = new ComplianceAuditPage(page);
    await audit.goto();
    await audit.filterByFramework("sb_243");
    await expect.poll(async () => [...new Set(await audit.frameworksShown())]).toEqual(["sb_243"]);

    for (const label of ["Export CSV", "Export JSON Lines"] as const) {
      const { file, manifestFile, manifest } = await audit.exportAs(label);
      expect(sha256Of(file)).toBe(manifest.sha256);
      expect(manifest.rowCount).toBeGreaterThan(0);
      await expect(audit.exportResult).toContainText("File SHA-256 matches the manifest");
      const offline = await verifyExport(file, JSON.parse(fs.readFileSync(manifestFile, "utf8")) as ExportManifest, [
        serverAuditKey(),
      ]);
      expect(offline.problems).toEqual([]);
    }
  });

  test("a filtered export's membership proofs are those of the export, even after the filters change", async ({
    page,
    signIn,
  }) => {
    test.setTimeout(120_000);
    await signIn("compliance_officer");
    const audit = new ComplianceAuditPage(page);
    await audit.goto();
    await audit.filterByFramework("sb_243");
    await expect.poll(async () => [...new Set(await audit.frameworksShown())]).toEqual(["sb_243"]);
    const { file, manifestFile, manifest } = await audit.exportAs("Export JSON Lines");
    // Another filter on screen afterwards: the proofs are still asked for with the export's own.
    await page.getByLabel("Framework").click({ force: true }); // the chosen value covers the input
    await page.locator('.ant-select-item-option[title="gdpr"]').click();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(async () => (await audit.frameworksShown()).includes("gdpr")).toBe(true);
    const proofsDownload = page.waitForEvent("download");
    await audit.exportResult.getByRole("button", { name: "Download membership proofs" }).click();
    const proofs = await (await proofsDownload).path();
    const offline = await verifyExport(
      file,
      JSON.parse(fs.readFileSync(manifestFile, "utf8")) as ExportManifest,
      [serverAuditKey()],
      { proofs },
    );
    expect(offline.problems).toEqual([]);
    expect(offline.membership?.proven).toBe(manifest.rowCount);
  });

  test("runs chain verification", async ({ page, signIn }) => {
    await signIn("compliance_officer");
    const audit = new ComplianceAuditPage(page);
    await audit.goto();
    await audit.verifyChain();
    await expect(audit.chainResult).toContainText("Chain OK");
  });

  test("files and completes an erasure request", async ({ page, signIn }) => {
    await signIn("compliance_officer");
    // A seeded user with an assessment but no current special-category consent: a realistic erasure candidate.
    const overview = (await (await page.request.get("/api/compliance/consent/overview")).json()) as {
      specialCategory: { rows: { user_id: string; email: string }[] };
    };
    const { user_id: userId, email } = overview.specialCategory.rows[0];

    const requests = new ComplianceRequestsPage(page);
    await requests.goto();
    await requests.file(userId, "erasure");
    const row = requests.row(email);
    await expect(row).toContainText("received");
    await row.getByRole("button", { name: "Verify" }).click();
    await expect(row).toContainText("verified");
    await row.getByRole("button", { name: "Erase & complete" }).click();
    await page.getByRole("button", { name: "Erase and complete" }).click();
    const erased = requests.table
      .locator("tbody tr.ant-table-row", { hasText: "erased" })
      .filter({ hasText: "completed" });
    // Erasure rebuilds the map's clusters in its transaction (the person leaves every aggregate at
    // once): a few seconds on the demo set, more on a loaded machine; the button shows it working.
    await expect(erased.first()).toBeVisible({ timeout: 30_000 });

    const consent = (await (await page.request.get(`/api/compliance/consent?userId=${userId}`)).json()) as {
      timeline: unknown[];
    };
    expect(consent.timeline.length).toBeGreaterThan(0); // evidence kept
    const chain = (await (await page.request.get("/api/compliance/chain?mode=verify")).json()) as { ok: boolean };
    expect(chain.ok).toBe(true);
  });
});

test.describe("trust & safety", () => {
  test("cannot reach the compliance screens or their routes", async ({ page, signIn }) => {
    await signIn("trust_safety");
    for (const path of ["/compliance/audit", "/compliance/consent", "/compliance/ai", "/compliance/requests"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByTestId("no-access-reason")).toContainText("Signed in as trust & safety.");
    }
    for (const route of [
      "/api/compliance/audit",
      "/api/compliance/chain?mode=verify",
      "/api/compliance/consent/overview",
      "/api/compliance/ai",
      "/api/compliance/sb243",
      "/api/compliance/requests",
      "/api/exports/audit?source=compliance_logs&format=csv",
    ]) {
      expect((await page.request.get(route)).status(), route).toBe(403);
    }
  });
});
