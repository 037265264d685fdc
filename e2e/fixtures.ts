import { test as base, expect, type Cookie, type Page } from "@playwright/test";
import type { StaffRole } from "../db/schema/enums";
import { LoginPage } from "./pages/LoginPage";
import { ResourceFormPage } from "./pages/ResourceFormPage";
import { ResourceListPage } from "./pages/ResourceListPage";
import { Shell } from "./pages/Shell";
import { staffLogins } from "./roles";

/**
 * Session cookies per role, kept for this worker's later tests: a real sign-in costs the server a
 * bcrypt comparison at cost 12 (about a third of a second of CPU here, in every test that signs in).
 * A kept session is used only after /api/auth/session confirms it: signing out, a password reset
 * or a role change ends it (server/auth/sessionVersion.ts), and that role then signs in again.
 */
const keptSessions = new Map<StaffRole, Cookie[]>();

async function sessionRole(page: Page): Promise<string | undefined> {
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { role?: string } };
  return session.user?.role;
}

/**
 * Signs the page's browser context in as a demo staff member through next-auth's credentials
 * endpoint (the cookie lands in the context, so page and page.request both act as that role).
 * The sign-in form itself is exercised in e2e/backoffice.spec.ts.
 */
export async function signInAs(page: Page, role: StaffRole): Promise<void> {
  const { email, password } = staffLogins[role];
  // Switching accounts: leave the app first. An open back-office page refreshes its session now
  // and then (next-auth's /api/auth/session sets the cookie again), and a refresh answered after
  // this sign-in would put the previous account's cookie back.
  if (page.url() !== "about:blank") await page.goto("about:blank");
  const kept = keptSessions.get(role);
  if (kept) {
    await page.context().addCookies(kept);
    if ((await sessionRole(page)) === role) return;
    keptSessions.delete(role);
  }
  const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email, password, json: "true", callbackUrl: "/" },
  });
  expect(response.ok(), `sign-in as ${role}`).toBe(true);
  expect(await sessionRole(page), `session role after signing in as ${role}`).toBe(role);
  // next-auth's session cookie (split into .0, .1 … when large).
  const session = (await page.context().cookies()).filter((cookie) => cookie.name.includes("session-token"));
  if (session.length) keptSessions.set(role, session);
}

/**
 * The suite's `test`: Playwright's, plus page objects (one class per screen under e2e/pages/) and
 * `signIn(role)`. Specs import `test` and `expect` from here, never from @playwright/test directly.
 */
export interface Fixtures {
  signIn: (role: StaffRole) => Promise<void>;
  loginPage: LoginPage;
  shell: Shell;
  formPage: ResourceFormPage;
  listPage: (resource: string) => ResourceListPage;
}

export const test = base.extend<Fixtures>({
  signIn: async ({ page }, use) => {
    await use((role) => signInAs(page, role));
  },
  loginPage: async ({ page }, use) => {
    await use(new LoginPage(page));
  },
  shell: async ({ page }, use) => {
    await use(new Shell(page));
  },
  formPage: async ({ page }, use) => {
    await use(new ResourceFormPage(page));
  },
  listPage: async ({ page }, use) => {
    await use((resource) => new ResourceListPage(page, resource));
  },
});

export { expect, staffLogins };
