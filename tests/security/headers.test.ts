import { afterEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
// @ts-expect-error -- next.config.mjs is plain JavaScript, without a declaration file
import nextConfigModule from "@/next.config.mjs";
import { config, proxy } from "@/proxy";
import { authOptions } from "@/server/auth/options";
import type { NextConfig } from "next";

const nextConfig = nextConfigModule as NextConfig;

/** proxy.ts: a fresh CSP nonce per request, HSTS and a Secure session cookie only behind HTTPS. */
const originalUrl = process.env.NEXTAUTH_URL;
afterEach(() => {
  process.env.NEXTAUTH_URL = originalUrl;
});
const signedIn = (path: string) =>
  new NextRequest(`http://backoffice.test${path}`, { headers: { cookie: "next-auth.session-token=abc" } });
const directives = (policy: string | null) =>
  Object.fromEntries((policy ?? "").split(/;\s*/).map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("Content-Security-Policy", () => {
  it("allows only this origin's scripts and the request's nonce, which Next.js is handed too", () => {
    const response = proxy(signedIn("/users"));
    const policy = directives(response.headers.get("content-security-policy"));
    const nonce = response.headers.get("x-middleware-request-x-nonce");
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(policy["script-src"]).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(policy["script-src"]).not.toContain("'unsafe-inline'");
    expect(policy["frame-ancestors"]).toEqual(["'none'"]);
    expect(policy["object-src"]).toEqual(["'none'"]);
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(
      response.headers.get("content-security-policy"),
    );
  });

  it("uses a new nonce on every request", () => {
    const nonces = new Set(
      Array.from({ length: 20 }, () => proxy(signedIn("/")).headers.get("x-middleware-request-x-nonce")),
    );
    expect(nonces.size).toBe(20);
  });

  it("lets the map's tile server serve images and nothing else", () => {
    const policy = directives(proxy(signedIn("/map")).headers.get("content-security-policy"));
    expect(policy["img-src"]).toContain("https://tile.openstreetmap.org");
    expect(policy["connect-src"]).toEqual(["'self'"]);
  });

  it("is on the redirect to /login too", () => {
    const redirect = proxy(new NextRequest("http://backoffice.test/users"));
    expect(redirect.headers.get("location")).toBe("http://backoffice.test/login");
    expect(redirect.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
  });

  it("runs for pages, not for API routes or build assets, which next.config.mjs gives a policy allowing nothing", async () => {
    const runsFor = (path: string) => config.matcher.some((pattern) => new RegExp(`^${pattern}$`).test(path));
    for (const page of ["/", "/users", "/login", "/moderation/transparency"]) expect(runsFor(page), page).toBe(true);
    for (const other of ["/api/resources/users", "/api/auth/session", "/_next/static/chunk.js"]) {
      expect(runsFor(other), other).toBe(false);
    }
    const rules = await (
      nextConfig.headers as () => Promise<{ source: string; headers: { key: string; value: string }[] }[]>
    )();
    const api = rules.find((rule) => rule.source === "/api/:path*");
    expect(api?.headers).toContainEqual({
      key: "Content-Security-Policy",
      value: "default-src 'none'; frame-ancestors 'none'",
    });
  });
});

describe("behind HTTPS (NEXTAUTH_URL https://…)", () => {
  it("sends HSTS and upgrades insecure requests; over plain HTTP it sends neither", () => {
    process.env.NEXTAUTH_URL = "http://localhost:3000";
    const plain = proxy(signedIn("/"));
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    expect(plain.headers.get("content-security-policy")).not.toMatch(/upgrade-insecure-requests/);
    process.env.NEXTAUTH_URL = "https://backoffice.example";
    const secure = proxy(signedIn("/"));
    expect(secure.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(secure.headers.get("content-security-policy")).toMatch(/upgrade-insecure-requests/);
  });

  // next-auth's useSecureCookies: a Secure, __Secure- prefixed session cookie (and CSRF and callback cookies).
  it("makes the session cookie Secure", () => {
    process.env.NEXTAUTH_URL = "http://localhost:3000";
    expect(authOptions.useSecureCookies).toBe(false);
    process.env.NEXTAUTH_URL = "https://backoffice.example";
    expect(authOptions.useSecureCookies).toBe(true);
  });
});
