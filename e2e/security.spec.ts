import type { APIResponse, Page } from "@playwright/test";
import { test, expect, staffLogins, signInAs } from "./fixtures";
import { ComplianceAuditPage } from "./pages/ComplianceAuditPage";
import { MapPage } from "./pages/MapPage";

/** Security headers and CSP, revocable sessions and the sign-in throttle, against the built app. */

function expectSecurityHeaders(response: APIResponse, what: string) {
  const headers = response.headers();
  expect(headers["content-security-policy"], what).toMatch(/frame-ancestors 'none'/);
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], what).toMatch(/camera=\(\)/);
  expect(headers["x-frame-options"], what).toBe("DENY");
}

/** Records CSP violations (the DOM event, and Chromium's console report) from the page's first script on. */
async function watchForCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation;
      void report(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test.describe("security", () => {
  test("pages, API routes, redirects and static files carry the security headers", async ({ page, request }) => {
    const home = await request.get("/", { maxRedirects: 0 });
    expect(home.status()).toBe(307);
    expectSecurityHeaders(home, "/ (redirect to /login)");
    const login = await request.get("/login");
    expect(login.ok()).toBe(true);
    expectSecurityHeaders(login, "/login");
    expect(login.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    const api = await request.get("/api/resources/users");
    expect(api.status()).toBe(401);
    expectSecurityHeaders(api, "/api/resources/users");

    await page.goto("/login");
    const script = await page.locator("script[src^='/_next/static/']").first().getAttribute("src");
    expect(script).toBeTruthy();
    expectSecurityHeaders(await request.get(script as string), "a static script");
    // Plain HTTP here: no HSTS (it is sent when NEXTAUTH_URL is https; tests/security/headers.test.ts).
    expect(login.headers()["strict-transport-security"]).toBeUndefined();

    await signInAs(page, "admin");
    const signedIn = await page.request.get("/api/resources/users");
    expect(signedIn.ok()).toBe(true);
    expectSecurityHeaders(signedIn, "/api/resources/users signed in");
    expectSecurityHeaders(await page.request.get("/users"), "/users signed in");
  });

  test("no CSP violation while signing in and opening the users list, the map and the compliance log", async ({
    page,
    loginPage,
    listPage,
  }) => {
    test.setTimeout(180_000); // four screens, each loading its chunks and data for the first time
    const violations = await watchForCspViolations(page);
    await loginPage.goto();
    await loginPage.signIn(staffLogins.admin.email, staffLogins.admin.password);
    await page.waitForURL((url) => url.pathname === "/");
    await expect(page.getByText("Verification rate")).toBeVisible();

    await listPage("users").goto();
    await expect(listPage("users").rows.first()).toBeVisible();
    const map = new MapPage(page);
    await map.cutOffTiles(); // no internet here; an aborted tile is no CSP matter
    await map.open();
    await new ComplianceAuditPage(page).goto();
    expect(violations).toEqual([]);
  });

  test("signing out ends a copied session too: its pages go to /login and its API calls are 401", async ({
    page,
    browser,
    shell,
  }) => {
    await signInAs(page, "trust_safety");
    await page.goto("/");
    await shell.expectSignedInAs(staffLogins.trust_safety.name, staffLogins.trust_safety.label);

    const thief = await browser.newContext();
    try {
      await thief.addCookies(await page.context().cookies());
      const stolen = await thief.newPage();
      expect((await stolen.request.get("/api/resources/users")).status()).toBe(200);

      await shell.signOut();

      await stolen.goto("/users");
      await expect(stolen).toHaveURL(/\/login/);
      expect((await stolen.request.get("/api/resources/users")).status()).toBe(401);
      const session = (await (await stolen.request.get("/api/auth/session")).json()) as { user?: unknown };
      expect(session.user).toBeUndefined();
    } finally {
      await thief.close();
    }
  });

  test("the throttle counts the connection's address: a forged X-Forwarded-For does not buy more guesses", async ({
    page,
    loginPage,
  }) => {
    const email = "nobody.here@saltbitter.test";
    for (let i = 0; i < 5; i++) {
      await page.setExtraHTTPHeaders({
        "X-Forwarded-For": `100.64.${i}.1`,
        "X-SaltBitter-Peer-Address": `100.65.${i}.1`,
      });
      const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
      await page.request.post("/api/auth/callback/credentials", {
        form: { csrfToken: csrf.csrfToken, email, password: `guess-${i}`, json: "true", callbackUrl: "/" },
      });
    }
    await page.setExtraHTTPHeaders({ "X-Forwarded-For": "100.66.0.1" });
    await loginPage.goto();
    await loginPage.signIn(email, "another-guess");
    await loginPage.expectRefused(/Too many failed sign-in attempts/);
  });

  test("the post-sign-in redirect stays on this site", async ({ page, loginPage }) => {
    await loginPage.goto("/..//evil.example/phish");
    await loginPage.signIn(staffLogins.analyst.email, staffLogins.analyst.password);
    await page.waitForURL((url) => url.pathname === "/");
    expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL as string).host);
  });
});
