import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "@/lib/safeRedirect";
import { authOptions } from "@/server/auth/options";

/** The post-sign-in redirect (login form and next-auth's redirect callback) stays on this origin. */
const refused = [
  "/.//evil.example",
  "/..//evil.example",
  "/./..//evil.example/path",
  "//evil",
  "///evil",
  "\\\\evil",
  "/\\evil",
  "\\/evil",
  "https://evil",
  "http:evil",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,x",
  "%2F%2Fevil",
  "/%2F%2Fevil",
  "/%2fevil",
  "/%2e%2e//evil",
  "/%2E/%2Fevil",
  "/%252F%252Fevil",
  "/%5Cevil",
  "/\t/evil",
  "/\n/evil",
  "/\r/evil",
  "\t//evil",
  " //evil",
  "/%09/evil",
  "/%0a/evil",
  "/%00",
  "/%E0%A4%A",
  "evil.example",
  "",
];
const accepted = ["/", "/users?tier=elite", "/compliance/audit#x", "/users/show/0b8c?include=related", "/map?q=a%2Fb"];

describe("safeRedirectPath", () => {
  it.each(refused)("refuses %j", (raw) => {
    expect(safeRedirectPath(raw)).toBe("/");
  });

  it.each(accepted)("accepts %j as is", (raw) => {
    expect(safeRedirectPath(raw)).toBe(raw);
  });

  it("refuses what is not a string", () => {
    expect(safeRedirectPath(null)).toBe("/");
    expect(safeRedirectPath(["/users"])).toBe("/");
  });
});

describe("next-auth's redirect callback", () => {
  const baseUrl = "http://localhost:3000";
  const redirect = (url: string) => authOptions.callbacks!.redirect!({ url, baseUrl });

  it.each([...refused.filter((r) => r !== ""), "http://localhost:3000.evil.example/x", "http://localhost:3000//evil"])(
    "sends %j to the home page",
    async (url) => {
      expect(await redirect(url)).toBe(`${baseUrl}/`);
    },
  );

  it("keeps same-origin paths and absolute URLs on this origin", async () => {
    expect(await redirect("/users?tier=elite")).toBe(`${baseUrl}/users?tier=elite`);
    expect(await redirect(`${baseUrl}/compliance/audit#x`)).toBe(`${baseUrl}/compliance/audit#x`);
    expect(await redirect(baseUrl)).toBe(`${baseUrl}/`);
  });
});
