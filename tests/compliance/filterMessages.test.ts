import { describe, expect, it } from "vitest";
import { auditLogFilters, consentLogFilters } from "@/server/compliance/filters";

/** What a refused compliance filter says (server/compliance/filters.ts), message by message. */
const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`);

describe("refused compliance filters", () => {
  it("name the audit-log parameter and what it must be", () => {
    expect(messages(auditLogFilters.safeParse({ userId: "x" }))).toEqual(["userId: userId must be a UUID"]);
    expect(messages(auditLogFilters.safeParse({ staffId: "x" }))).toEqual(["staffId: staffId must be a UUID"]);
    expect(messages(auditLogFilters.safeParse({ from: "soon" }))).toEqual(["from: from must be a date (YYYY-MM-DD)"]);
    expect(messages(auditLogFilters.safeParse({ to: "later" }))).toEqual(["to: to must be a date (YYYY-MM-DD)"]);
  });

  it("name the consent-log parameter and what it must be", () => {
    expect(messages(consentLogFilters.safeParse({ userId: "x" }))).toEqual(["userId: userId must be a UUID"]);
    expect(messages(consentLogFilters.safeParse({ from: "soon" }))).toEqual(["from: from must be a date (YYYY-MM-DD)"]);
    expect(messages(consentLogFilters.safeParse({ to: "later" }))).toEqual(["to: to must be a date (YYYY-MM-DD)"]);
  });

  it("take a day only as the whole text", () => {
    expect(auditLogFilters.safeParse({ from: "x2026-01-31" }).success).toBe(false);
  });
});
