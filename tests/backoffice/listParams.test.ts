import { describe, expect, it } from "vitest";
import type { StaffRole } from "@/db/schema/enums";
import { DomainError } from "@/server/errors";
import { encodeCursor } from "@/server/resources/cursor";
import { parseIsoDate, parseListQuery } from "@/server/resources/listParams";
import { registry } from "@/server/resources/registry";

/**
 * The list URL as input (no database): which parameters a list accepts, what they become, and
 * which it refuses naming the parameter. Every expectation is written out here from the rules the
 * README and the definitions state (page size 1–100, at most 10,000 rows by offset, masked fields
 * neither filtered, sorted nor searched by analysts), not computed from the parser.
 */
type Name = keyof typeof registry;
const parse = (resource: Name, params: Record<string, string>, role: StaffRole = "admin") =>
  parseListQuery(registry[resource], role, params);

/** The parameter a refusal names, or "accepted". */
function verdict(resource: Name, params: Record<string, string>, role: StaffRole = "admin"): string {
  try {
    parse(resource, params, role);
    return "accepted";
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe("invalid");
    return Object.keys(error.fieldErrors ?? {}).join(",");
  }
}

const cursor = (sort: string, order: "asc" | "desc") =>
  encodeCursor({ sort, order, key: "2026-01-01 00:00:00+00", id: "00000000-0000-4000-8000-000000000001" });
const uuid = "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D";
/** A cursor as a client could forge it: any JSON, base64url. */
const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("list parameters", () => {
  it("default to the first page of 20, in the resource's default order", () => {
    const query = parse("users", {});
    expect(query).toMatchObject({ page: 1, pageSize: 20, order: "desc", filters: [], q: undefined });
    expect(query.sort.field).toBe("createdAt");
    expect(query.cursor).toBeUndefined();
  });

  it("a sort given without an order is ascending; page, size and order are taken as given", () => {
    expect(parse("users", { sort: "email" })).toMatchObject({ order: "asc", sort: { field: "email" } });
    expect(parse("users", { sort: "email", order: "desc" }).order).toBe("desc");
    expect(parse("users", { order: "asc" }).order).toBe("asc");
    expect(parse("users", { page: "3", pageSize: "100" })).toMatchObject({ page: 3, pageSize: 100 });
    expect(parse("users", { page: "", pageSize: "" })).toMatchObject({ page: 1, pageSize: 20 });
  });

  const table: [string, Name, Record<string, string>, StaffRole, string][] = [
    // resource, params, role → "accepted" or the parameter named in the refusal
    ["page size 1", "users", { pageSize: "1" }, "admin", "accepted"],
    ["page size 0", "users", { pageSize: "0" }, "admin", "pageSize"],
    ["page size 101", "users", { pageSize: "101" }, "admin", "pageSize"],
    ["page size 2.5", "users", { pageSize: "2.5" }, "admin", "pageSize"],
    ["page size ten", "users", { pageSize: "ten" }, "admin", "pageSize"],
    ["page 0", "users", { page: "0" }, "admin", "page"],
    ["page -1", "users", { page: "-1" }, "admin", "page"],
    // 10,000 rows by offset: page 501 of 20 starts at row 10,000, page 502 beyond it.
    ["page 501 of 20", "users", { page: "501", pageSize: "20" }, "admin", "accepted"],
    ["page 502 of 20", "users", { page: "502", pageSize: "20" }, "admin", "page"],
    ["page 101 of 100", "users", { page: "101", pageSize: "100" }, "admin", "accepted"],
    ["page 102 of 100", "users", { page: "102", pageSize: "100" }, "admin", "page"],
    ["page 502 with a cursor", "users", { page: "502", cursor: cursor("createdAt", "desc") }, "admin", "accepted"],
    ["a cursor of another sort", "users", { cursor: cursor("email", "asc") }, "admin", "cursor"],
    ["a cursor of another order", "users", { cursor: cursor("createdAt", "asc") }, "admin", "cursor"],
    ["a cursor for the given sort", "users", { sort: "email", cursor: cursor("email", "asc") }, "admin", "accepted"],
    ["not a cursor", "users", { cursor: "bm9wZQ" }, "admin", "cursor"],
    ["a cursor of another sort, same order", "users", { cursor: cursor("email", "desc") }, "admin", "cursor"],
    [
      "a forged ascending cursor",
      "users",
      { order: "asc", cursor: forged(["createdAt", "asc", "k", "i"]) },
      "admin",
      "accepted",
    ],
    ["a forged cursor of order up", "users", { cursor: forged(["createdAt", "up", "k", "i"]) }, "admin", "cursor"],
    ["a forged cursor with a numeric sort", "users", { cursor: forged([1, "desc", "k", "i"]) }, "admin", "cursor"],
    [
      "a forged cursor with a numeric key",
      "users",
      { cursor: forged(["createdAt", "desc", 5, "i"]) },
      "admin",
      "cursor",
    ],
    ["a forged cursor with no id", "users", { cursor: forged(["createdAt", "desc", "k", null]) }, "admin", "cursor"],
    [
      "a forged cursor with a NUL key",
      "users",
      { cursor: forged(["createdAt", "desc", "k\u0000", "i"]) },
      "admin",
      "cursor",
    ],
    [
      "a forged cursor with a NUL id",
      "users",
      { cursor: forged(["createdAt", "desc", "k", "i\u0000"]) },
      "admin",
      "cursor",
    ],
    ["text before a filter", "users", { "xf.verified.eq": "true" }, "admin", "xf.verified.eq"],
    ["text after a filter", "users", { "f.verified.eq.x": "true" }, "admin", "f.verified.eq.x"],
    ["text before a UUID", "payments", { "f.userId.eq": `x${uuid}` }, "admin", "f.userId.eq"],
    ["order up", "users", { order: "up" }, "admin", "order"],
    ["sort by a sortable column", "payments", { sort: "amount" }, "admin", "accepted"],
    ["sort by a column not sortable", "users", { sort: "verified" }, "admin", "sort"],
    ["sort by a hidden column", "users", { sort: "passwordHash" }, "admin", "sort"],
    ["sort by a masked column, as an analyst", "users", { sort: "email" }, "analyst", "sort"],
    ["sort by a masked column, as compliance", "users", { sort: "email" }, "compliance_officer", "accepted"],
    ["an unknown parameter", "users", { limit: "5" }, "admin", "limit"],
    ["include", "users", { include: "related" }, "admin", "accepted"],
    ["a filter with a capital op", "users", { "f.verified.EQ": "true" }, "admin", "f.verified.EQ"],
    ["a filter on a column with no filter", "users", { "f.passwordHash.eq": "x" }, "admin", "f.passwordHash.eq"],
    ["an operator the column has not", "users", { "f.email.gte": "a" }, "admin", "f.email.gte"],
    ["a masked filter, as an analyst", "users", { "f.email.contains": "a" }, "analyst", "f.email.contains"],
    ["a masked filter, as trust & safety", "users", { "f.email.contains": "a" }, "trust_safety", "accepted"],
    ["a masked name filter, as an analyst", "profiles", { "f.name.eq": "Leon" }, "analyst", "f.name.eq"],
    ["a joined filter", "users", { "f.gender.in": "woman,man" }, "admin", "accepted"],
    ["a joined filter's other operator", "users", { "f.gender.eq": "woman" }, "admin", "f.gender.eq"],
    ["yes for a boolean", "users", { "f.verified.eq": "yes" }, "admin", "f.verified.eq"],
    ["1 for isnull", "users", { "f.lastLoginAt.isnull": "1" }, "admin", "f.lastLoginAt.isnull"],
    ["a tier not in the list", "users", { "f.subscriptionTier.eq": "gold" }, "admin", "f.subscriptionTier.eq"],
    ["one bad tier among good", "users", { "f.subscriptionTier.in": "free,gold" }, "admin", "f.subscriptionTier.in"],
    ["an empty in", "users", { "f.subscriptionTier.in": "," }, "admin", "f.subscriptionTier.in"],
    ["100 values", "payments", { "f.status.in": Array(100).fill("failed").join(",") }, "admin", "accepted"],
    ["101 values", "payments", { "f.status.in": Array(101).fill("failed").join(",") }, "admin", "f.status.in"],
    ["a number", "payments", { "f.amount.gte": "12.5" }, "admin", "accepted"],
    ["a blank number", "payments", { "f.amount.gte": " " }, "admin", "f.amount.gte"],
    ["Infinity", "payments", { "f.amount.gte": "Infinity" }, "admin", "f.amount.gte"],
    ["twelve", "payments", { "f.amount.lte": "twelve" }, "admin", "f.amount.lte"],
    ["not a UUID", "payments", { "f.userId.eq": "nope" }, "admin", "f.userId.eq"],
    ["a UUID with text after it", "payments", { "f.userId.eq": `${uuid}0` }, "admin", "f.userId.eq"],
    ["200 characters", "profiles", { "f.name.contains": "x".repeat(200) }, "admin", "accepted"],
    ["201 characters", "profiles", { "f.name.contains": "x".repeat(201) }, "admin", "f.name.contains"],
    ["yesterday", "users", { "f.createdAt.gte": "yesterday" }, "admin", "f.createdAt.gte"],
    ["30 February", "users", { "f.createdAt.gte": "2026-02-30" }, "admin", "f.createdAt.gte"],
    ["a search, as an admin", "users", { q: "jane" }, "admin", "accepted"],
    ["a search of masked columns, as an analyst", "users", { q: "jane" }, "analyst", "q"],
    ["a search of a list without one", "payments", { q: "x" }, "admin", "q"],
    ["a search of 200 characters", "users", { q: "x".repeat(200) }, "admin", "accepted"],
    ["a search of 201 characters", "users", { q: "x".repeat(201) }, "admin", "q"],
  ];
  it.each(table)("%s", (_, resource, params, role, expected) => {
    expect(verdict(resource, params, role)).toBe(expected);
  });

  it("parse filter values to the column's kind", () => {
    const values = (resource: Name, params: Record<string, string>) =>
      parse(resource, params).filters.map((f) => [f.field.field, f.op, f.value]);
    expect(values("users", { "f.verified.eq": "true", "f.lastLoginAt.isnull": "false" })).toEqual([
      ["verified", "eq", true],
      ["lastLoginAt", "isnull", false],
    ]);
    expect(values("users", { "f.verified.eq": "false", "f.lastLoginAt.isnull": "true" })).toEqual([
      ["verified", "eq", false],
      ["lastLoginAt", "isnull", true],
    ]);
    expect(values("users", { "f.subscriptionTier.in": "free,,elite," })).toEqual([
      ["subscriptionTier", "in", ["free", "elite"]],
    ]);
    expect(values("payments", { "f.amount.gte": "12.5", "f.userId.eq": uuid })).toEqual([
      ["amount", "gte", 12.5],
      ["userId", "eq", uuid.toLowerCase()],
    ]);
    expect(values("users", { "f.createdAt.lte": "2026-02-28" })).toEqual([
      ["createdAt", "lte", new Date("2026-02-28T00:00:00.000Z")],
    ]);
    const [joined] = parse("users", { "f.gender.in": "woman" }).filters;
    expect(joined.value).toEqual(["woman"]);
    expect(joined.via).toBeTypeOf("function");
    expect(parse("users", { "f.verified.eq": "true" }).filters[0].via).toBeUndefined();
  });

  it("trim the search, and take a blank one as none", () => {
    expect(parse("users", { q: "  jane  " }).q).toBe("jane");
    expect(parse("users", { q: "   " }).q).toBeUndefined();
    expect(parse("users", { q: "   " }, "analyst").q).toBeUndefined();
  });

  it("a refusal says what is wrong with the parameter", () => {
    const message = (params: Record<string, string>, role: StaffRole = "admin") => {
      try {
        parse("users", params, role);
      } catch (error) {
        return (error as DomainError).fieldErrors;
      }
    };
    expect(message({ pageSize: "0" })).toEqual({ pageSize: "must be a whole number from 1 to 100" });
    expect(message({ page: "502" })).toEqual({
      page: "pages deeper than 10000 rows are reached with the cursor of the previous page",
    });
    expect(message({ "f.email.contains": "a" }, "analyst")).toEqual({
      "f.email.contains": "your role cannot filter by email",
    });
    expect(message({ "f.subscriptionTier.eq": "gold" })).toEqual({
      "f.subscriptionTier.eq": "must be one of free, premium, elite",
    });
    expect(message({ sort: "verified" })).toEqual({ sort: "verified is not sortable" });
    expect(message({ cursor: cursor("email", "desc") })).toEqual({ cursor: "was issued for another sort order" });
    expect(message({ cursor: forged(["createdAt", "up", "k", "i"]) })).toEqual({ cursor: "Not a valid cursor" });
  });
});

describe("ISO dates in filters", () => {
  const dates: [string, string | undefined][] = [
    ["2026-02-28", "2026-02-28T00:00:00.000Z"],
    ["2028-02-29", "2028-02-29T00:00:00.000Z"],
    ["2026-02-28T10:15Z", "2026-02-28T10:15:00.000Z"],
    ["2026-02-28T10:15:30Z", "2026-02-28T10:15:30.000Z"],
    ["2026-02-28T10:15:30.5+01:00", "2026-02-28T09:15:30.500Z"],
    ["2026-02-28t23:59:59.999z", "2026-02-28T23:59:59.999Z"],
    ["2026-02-29", undefined],
    ["2026-13-01", undefined],
    ["2026-00-10", undefined],
    ["2026-04-31", undefined],
    ["2026-02-28T24:00Z", undefined],
    ["2026-02-28T10:60Z", undefined],
    ["2026-02-28T10:15:60Z", undefined],
    ["2026-2-28", undefined],
    ["28/02/2026", undefined],
    ["March 3, 2026", undefined],
    [" 2026-02-28", undefined],
    ["2026-02-28 ", undefined],
  ];
  it.each(dates)("%s → %s", (text, instant) => {
    expect(parseIsoDate(text)?.toISOString()).toBe(instant);
  });
});
