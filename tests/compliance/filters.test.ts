import { describe, expect, it } from "vitest";
import {
  activeFilters,
  auditLogConditions,
  auditLogFilters,
  consentLogConditions,
  consentLogFilters,
  literal,
  whereClause,
} from "@/server/compliance/filters";

/**
 * The compliance views' and exports' filters without a database: what a query string becomes, and
 * the SQL literals COPY is given (it takes no bind parameters, so quoting is the injection defence).
 * tests/compliance/export.test.ts checks the rows they select.
 */
const user = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

describe("SQL literals", () => {
  it.each([
    ["a word", "gdpr", "E'gdpr'"],
    ["a quote", "O'Brien", "E'O''Brien'"],
    ["an injection", "x'; DROP TABLE users; --", "E'x''; DROP TABLE users; --'"],
    ["two quotes", "''", "E''''''"],
    // A backslash is doubled: E'' reads it as one whatever standard_conforming_strings says.
    ["a backslash before a quote", "\\'; --", "E'\\\\''; --'"],
    ["null", null, "NULL"],
    ["true", true, "true"],
    ["false", false, "false"],
    ["a number", 12.5, "12.5"],
    ["zero", 0, "0"],
  ] as const)("%s", (_, value, text) => {
    expect(literal(value)).toBe(text);
  });

  it("refuses a number that is not finite", () => {
    expect(() => literal(Number.NaN)).toThrow("not a finite number");
    expect(() => literal(Number.POSITIVE_INFINITY)).toThrow("not a finite number");
  });
});

describe("audit-log filters", () => {
  it("take empty values as absent and trim the rest", () => {
    expect(auditLogFilters.parse({ from: " 2026-01-31 " }).from).toBe("2026-01-31");
    expect(
      auditLogFilters.parse({ framework: "", actionType: "  x.y  ", userId: "", staffId: "", from: "", to: "" }),
    ).toEqual({ actionType: "x.y" });
  });

  it.each([
    ["an unknown framework", { framework: "hipaa" }, "framework"],
    ["a user id that is no UUID", { userId: "nope" }, "userId"],
    ["a staff id that is no UUID", { staffId: "nope" }, "staffId"],
    ["a date in words", { from: "yesterday" }, "from"],
    ["a date the other way round", { to: "31/01/2026" }, "to"],
    ["an action type of 101 characters", { actionType: "x".repeat(101) }, "actionType"],
  ])("refuse %s, naming it", (_, input, field) => {
    const result = auditLogFilters.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([field]);
  });

  it("accept a day, a date and time, and each framework", () => {
    expect(auditLogFilters.parse({ from: "2026-01-31", to: "2026-01-31T12:30:00.123456Z" })).toEqual({
      from: "2026-01-31",
      to: "2026-01-31T12:30:00.123456Z",
    });
    for (const framework of ["gdpr", "eu_ai_act", "ccpa", "sb_243", "dsa"])
      expect(auditLogFilters.parse({ framework }).framework).toBe(framework);
  });

  it("become conditions on their own columns, a day's end after the whole day", () => {
    expect(
      auditLogConditions({
        framework: "gdpr",
        actionType: "staff.users.update",
        userId: user,
        staffId: user,
        from: "2026-01-01",
        to: "2026-01-31",
      }),
    ).toEqual([
      "regulatory_framework = E'gdpr'",
      "action_type = E'staff.users.update'",
      `user_id = E'${user}'`,
      `staff_id = E'${user}'`,
      `"timestamp" >= E'2026-01-01'::date`,
      `"timestamp" < E'2026-01-31'::date + 1`,
    ]);
    expect(auditLogConditions({ from: "2026-01-01T10:00:00Z", to: "2026-01-31T10:00:00Z" })).toEqual([
      `"timestamp" >= E'2026-01-01T10:00:00Z'::timestamptz`,
      `"timestamp" < E'2026-01-31T10:00:00Z'::timestamptz`,
    ]);
    expect(auditLogConditions({})).toEqual([]);
  });
});

describe("consent-log filters", () => {
  it("become conditions, granted as a boolean", () => {
    const filters = consentLogFilters.parse({
      userId: user,
      consentType: "marketing",
      granted: "false",
      jurisdiction: "DE",
      from: "2026-01-01",
      to: "2026-01-31",
    });
    expect(consentLogConditions(filters)).toEqual([
      `user_id = E'${user}'`,
      "consent_type = E'marketing'",
      "granted = false",
      "jurisdiction = E'DE'",
      `"timestamp" >= E'2026-01-01'::date`,
      `"timestamp" < E'2026-01-31'::date + 1`,
    ]);
    expect(consentLogConditions(consentLogFilters.parse({ granted: "true" }))).toEqual(["granted = true"]);
    expect(consentLogConditions(consentLogFilters.parse({ granted: "" }))).toEqual([]);
    expect(consentLogFilters.safeParse({ granted: "yes" }).success).toBe(false);
    expect(consentLogFilters.safeParse({ jurisdiction: "x".repeat(11) }).success).toBe(false);
  });
});

describe("the manifest's filters", () => {
  it("join conditions with AND, or say nothing", () => {
    expect(whereClause(["a = 1", "b = 2"])).toBe("WHERE a = 1 AND b = 2");
    expect(whereClause([])).toBe("");
  });

  it("leave out the empty ones", () => {
    expect(
      activeFilters({ framework: "gdpr", userId: undefined, from: "", granted: false, to: "2026-01-31" }),
    ).toStrictEqual({
      framework: "gdpr",
      granted: false,
      to: "2026-01-31",
    });
  });
});
