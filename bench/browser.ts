import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { buildIfStale, nextBin, root } from "../scripts/buildFreshness.mjs";
import { chromiumArgs, chromiumExecutable } from "../e2e/chromium";
import { staffLogins } from "../e2e/roles";
import { fmt } from "./_support";

/**
 * Issue #12 "Fast to first click": the production build (`next start`, embedded database seeded
 * as on first start) in Debian's Chromium. Per screen: the warm page load (signed in, caches warm)
 * from navigation to the first table row (or the dashboard's first figure), median of 5 (goal
 * ≤ 1.0 s), and the JavaScript transferred on a cold load of that screen (compressed bytes of
 * script responses). `npm run bench -- browser`; needs Debian's Chromium (e2e/chromium.ts).
 */
const port = Number(process.env.BENCH_BROWSER_PORT || 3300);
const baseURL = `http://127.0.0.1:${port}`;
const runs = 5;
const rowSelector = ".ant-table-tbody tr.ant-table-row";
const screens: { name: string; path: string; ready: string }[] = [
  { name: "dashboard", path: "/", ready: ".ant-statistic-content-value" },
  ...["users", "profiles", "matches", "messages", "events", "event_registrations", "subscriptions", "payments"].map(
    (name) => ({ name, path: `/${name}`, ready: rowSelector }),
  ),
  { name: "consent_logs", path: "/consent_logs", ready: rowSelector },
  { name: "compliance_logs", path: "/compliance_logs", ready: rowSelector },
  { name: "ai_interactions", path: "/ai_interactions", ready: rowSelector },
];

async function waitForHealth(deadline: number) {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseURL}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the app did not answer ${baseURL}/api/health within the time allowed`);
}

async function signIn(context: BrowserContext) {
  const { email, password } = staffLogins.admin;
  const csrf = (await (await context.request.get(`${baseURL}/api/auth/csrf`)).json()) as { csrfToken: string };
  const response = await context.request.post(`${baseURL}/api/auth/callback/credentials`, {
    form: { csrfToken: csrf.csrfToken, email, password, json: "true", callbackUrl: "/" },
  });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()}`);
}

async function timeToReady(page: Page, url: string, ready: string): Promise<number> {
  const t0 = performance.now();
  await page.goto(url, { waitUntil: "commit" });
  await page.locator(ready).first().waitFor({ state: "visible", timeout: 30_000 });
  return performance.now() - t0;
}

async function scriptBytesOfColdLoad(browser: Browser, state: string, url: string, ready: string) {
  const context = await browser.newContext({ storageState: JSON.parse(state) as never });
  const page = await context.newPage();
  let bytes = 0;
  let files = 0;
  page.on("requestfinished", (request) => {
    if (request.resourceType() !== "script") return;
    files++;
    void request.sizes().then((sizes) => (bytes += sizes.responseBodySize));
  });
  await timeToReady(page, url, ready);
  await page.waitForLoadState("networkidle");
  await context.close();
  return { bytes, files };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function run(): Promise<void> {
  const chromiumPath = chromiumExecutable();
  buildIfStale();
  const dataDir = path.join(root, ".data", `bench-browser-${Date.now()}`);
  const server = spawn(process.execPath, [nextBin, "start", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, PGLITE_DATA_DIR: dataDir, DATABASE_URL: "", PORT: String(port) },
    stdio: "ignore",
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
  try {
    await waitForHealth(Date.now() + 240_000);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await signIn(context);
    const state = JSON.stringify(await context.storageState());
    const page = await context.newPage();
    console.log(`production build at ${baseURL}, signed in as admin; median of ${runs} warm loads per screen`);
    console.log(`  ${"screen".padEnd(22)} ${"first row".padStart(10)}   ${"JS (cold)".padStart(10)}  files`);
    const medians: number[] = [];
    for (const screen of screens) {
      const url = `${baseURL}${screen.path}`;
      await timeToReady(page, url, screen.ready); // warm the server's and the browser's caches
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) samples.push(await timeToReady(page, url, screen.ready));
      const js = await scriptBytesOfColdLoad(browser, state, url, screen.ready);
      medians.push(median(samples));
      console.log(
        `  ${screen.name.padEnd(22)} ${`${fmt(median(samples), 0)} ms`.padStart(10)}   ${`${fmt(js.bytes / 1024, 0)} KB`.padStart(10)}  ${String(js.files).padStart(5)}`,
      );
    }
    console.log(`  slowest screen: ${fmt(Math.max(...medians), 0)} ms to its first row (goal ≤ 1,000 ms)`);
  } finally {
    await browser.close();
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.lock`, { force: true });
  }
}
