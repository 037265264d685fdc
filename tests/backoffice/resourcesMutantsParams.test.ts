import { describe, expect, it } from "vitest";
import type { StaffRole } from "@/db/schema/enums";
import { DomainError } from "@/server/errors";
import { decodeCursor, encodeCursor } from "@/server/resources/cursor";
import { isUuid, parseIsoDate, parseListQuery, searchFields } from "@/server/resources/listParams";
import { registry } from "@/server/resources/registry";

/**
 * Mutation tests (issue #13 §5) for the list URL parser and the keyset cursor, no database: each
 * refusal's exact message (the person reads it), the boundaries of every range, and the values a
 * parameter becomes. Every expected message and value is written out here from the README's rules
 * and the definitions, not computed by the parser.
 */
type Name = keyof typeof registry;
const parse = (resource: Name, params: Record<string, string>, role: StaffRole = "admin") =>
  parseListQuery(registry[resource], role, params);

/** The refusal as the browser gets it: the error's message and its field errors. */
function refusal(resource: Name, params: Record<string, string>, role: StaffRole = "admin") {
  try {
    parse(resource, params, role);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  }
  return "accepted";
}

/** A refusal of one parameter, with the message `${param}: ${problem}`. */
const refused = (param: string, problem: string) => ({
  code: "invalid",
  message: `${param}: ${problem}`,
  fieldErrors: { [param]: problem },
});

const uuid = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("list parameter refusals, word for word", () => {
  const cases: [string, Name, Record<string, string>, StaffRole, ReturnType<typeof refused>][] = [
    ["an unknown parameter", "users", { limit: "5" }, "admin", refused("limit", "unknown parameter")],
    [
      "a field without filters",
      "users",
      { "f.passwordHash.eq": "x" },
      "admin",
      refused("f.passwordHash.eq", "passwordHash cannot be filtered"),
    ],
    [
      "a field no table has",
      "users",
      { "f.nickname.eq": "x" },
      "admin",
      refused("f.nickname.eq", "nickname cannot be filtered"),
    ],
    [
      "an operator the field has not",
      "users",
      { "f.email.gte": "a" },
      "admin",
      refused("f.email.gte", "operator gte is not allowed on email"),
    ],
    [
      "a masked field, as an analyst",
      "profiles",
      { "f.name.contains": "Le" },
      "analyst",
      refused("f.name.contains", "your role cannot filter by name"),
    ],
    [
      "yes for a boolean",
      "users",
      { "f.verified.eq": "yes" },
      "admin",
      refused("f.verified.eq", "must be true or false"),
    ],
    [
      "1 for isnull",
      "messages",
      { "f.readAt.isnull": "1" },
      "admin",
      refused("f.readAt.isnull", "must be true or false"),
    ],
    [
      "an empty in",
      "payments",
      { "f.status.in": "" },
      "admin",
      refused("f.status.in", "must list 1 to 100 values, comma-separated"),
    ],
    [
      "101 values",
      "payments",
      { "f.status.in": Array(101).fill("failed").join(",") },
      "admin",
      refused("f.status.in", "must list 1 to 100 values, comma-separated"),
    ],
    ["not a UUID", "payments", { "f.userId.eq": "nope" }, "admin", refused("f.userId.eq", "must be a UUID")],
    ["a word for money", "payments", { "f.amount.gte": "ten" }, "admin", refused("f.amount.gte", "must be a number")],
    ["a blank number", "profiles", { "f.age.gte": "  " }, "admin", refused("f.age.gte", "must be a number")],
    ["a word for a number", "profiles", { "f.age.lte": "old" }, "admin", refused("f.age.lte", "must be a number")],
    [
      "a day that is not a date",
      "payments",
      { "f.createdAt.gte": "2026-02-30" },
      "admin",
      refused("f.createdAt.gte", "must be a date as YYYY-MM-DD or an ISO 8601 date and time"),
    ],
    [
      "a status not in the list",
      "payments",
      { "f.status.eq": "lost" },
      "admin",
      refused("f.status.eq", "must be one of succeeded, pending, failed, refunded"),
    ],
    [
      "201 characters of text",
      "events",
      { "f.title.contains": "t".repeat(201) },
      "admin",
      refused("f.title.contains", "is too long (200 characters at most)"),
    ],
    ["a sort not sortable", "users", { sort: "verified" }, "admin", refused("sort", "verified is not sortable")],
    ["a sort by no field", "users", { sort: "nickname" }, "admin", refused("sort", "nickname is not sortable")],
    [
      "a masked sort, as an analyst",
      "users",
      { sort: "email" },
      "analyst",
      refused("sort", "your role cannot sort by email"),
    ],
    ["order up", "users", { order: "up" }, "admin", refused("order", "must be asc or desc")],
    ["page size 0", "users", { pageSize: "0" }, "admin", refused("pageSize", "must be a whole number from 1 to 100")],
    [
      "page 0",
      "users",
      { page: "0" },
      "admin",
      refused("page", `must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`),
    ],
    [
      "page 1.5",
      "users",
      { page: "1.5" },
      "admin",
      refused("page", `must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`),
    ],
    [
      "a page past the safe integers",
      "users",
      { page: "9007199254740992", cursor: forged(["createdAt", "desc", "k", "i"]) },
      "admin",
      refused("page", `must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`),
    ],
    [
      "page 102 of 100",
      "events",
      { page: "102", pageSize: "100" },
      "admin",
      refused("page", "pages deeper than 10000 rows are reached with the cursor of the previous page"),
    ],
    [
      "a cursor of another sort",
      "users",
      { sort: "email", cursor: forged(["createdAt", "asc", "k", "i"]) },
      "admin",
      refused("cursor", "was issued for another sort order"),
    ],
    [
      "a cursor of another order",
      "users",
      { sort: "email", order: "asc", cursor: forged(["email", "desc", "k", "i"]) },
      "admin",
      refused("cursor", "was issued for another sort order"),
    ],
    ["a search of a list without one", "payments", { q: "x" }, "admin", refused("q", "payments has no search")],
    [
      "a search of 201 characters",
      "events",
      { q: "e".repeat(201) },
      "admin",
      refused("q", "is too long (200 characters at most)"),
    ],
    [
      "a search of masked columns, as an analyst",
      "profiles",
      { q: "Leon" },
      "analyst",
      refused("q", "your role cannot search this list"),
    ],
  ];
  it.each(cases)("%s", (_, resource, params, role, expected) => {
    expect(refusal(resource, params, role)).toEqual(expected);
  });

  it("a cursor that is not one is refused with its own message", () => {
    for (const text of ["bm9wZQ", forged({ sort: "createdAt" }), forged(["createdAt", "desc", "k"]), forged(5)]) {
      expect(refusal("users", { cursor: text }), text).toEqual({
        code: "invalid",
        message: "cursor: not a cursor returned by this API",
        fieldErrors: { cursor: "Not a valid cursor" },
      });
    }
  });
});

describe("a field typed as a closed list without its values", () => {
  it("accepts no value, and says so", () => {
    const events = registry.events;
    const host = events.fieldsByName.get("hostName")!;
    const def = {
      ...events,
      fieldsByName: new Map([...events.fieldsByName, ["hostName", { ...host, kind: "enum" as const, spec: {} }]]),
      filters: { ...events.filters, hostName: ["eq" as const] },
    };
    let caught: unknown;
    try {
      parseListQuery(def, "admin", { "f.hostName.eq": "Host" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      message: "f.hostName.eq: must be one of ",
      fieldErrors: { "f.hostName.eq": "must be one of " },
    });
  });
});

describe("list parameters accepted at their limits", () => {
  it("page 1 and page size 1 and 100 are accepted as given", () => {
    expect(parse("users", { page: "1", pageSize: "1" })).toMatchObject({ page: 1, pageSize: 1 });
    expect(parse("users", { pageSize: "100" }).pageSize).toBe(100);
    // The last safe integer is a page number like any other once a cursor carries the position.
    const deep = parse("users", {
      page: String(Number.MAX_SAFE_INTEGER),
      cursor: forged(["createdAt", "desc", "k", "i"]),
    });
    expect(deep.page).toBe(Number.MAX_SAFE_INTEGER);
    // 100 rows per page: page 101 starts at row 10,000, the last one reachable by offset.
    expect(parse("events", { page: "101", pageSize: "100" }).page).toBe(101);
  });

  it("an empty cursor is no cursor", () => {
    expect(parse("users", { cursor: "" }).cursor).toBeUndefined();
    expect(parse("users", { cursor: "", page: "2" }).page).toBe(2);
  });

  it("a cursor for the list's own sort is decoded into the query", () => {
    const query = parse("events", { sort: "title", order: "desc", cursor: forged(["title", "desc", "Ball", uuid]) });
    expect(query.cursor).toEqual({ sort: "title", order: "desc", key: "Ball", id: uuid });
    expect(query.sort.field).toBe("title");
    expect(query.order).toBe("desc");
  });

  it("with no sort the list keeps its default field and order; a sort alone is ascending", () => {
    const events = parse("events", {});
    expect([events.sort.field, events.order]).toEqual(["startTime", "desc"]);
    const logs = parse("compliance_logs", {});
    expect([logs.sort.field, logs.order]).toEqual(["timestamp", "desc"]);
    const byTitle = parse("events", { sort: "title" });
    expect([byTitle.sort.field, byTitle.order]).toEqual(["title", "asc"]);
    const primaryKey = parse("profiles", { sort: "userId", order: "desc" });
    expect([primaryKey.sort.field, primaryKey.order]).toEqual(["userId", "desc"]);
  });

  it("every known parameter passes without being taken for a filter", () => {
    const query = parse("events", {
      page: "2",
      pageSize: "5",
      sort: "title",
      order: "asc",
      q: "ball",
      cursor: "",
      include: "related",
    });
    expect(query).toMatchObject({ page: 2, pageSize: 5, order: "asc", q: "ball", filters: [] });
  });

  it("filters are parsed to numbers, money, dates, UUIDs, booleans and text as typed", () => {
    const values = (resource: Name, params: Record<string, string>, role: StaffRole = "admin") =>
      parse(resource, params, role).filters.map((f) => [f.field.field, f.op, f.value]);
    expect(values("profiles", { "f.age.gte": "30", "f.age.lte": " 41 " })).toEqual([
      ["age", "gte", 30],
      ["age", "lte", 41],
    ]);
    expect(values("events", { "f.price.gte": "9.5", "f.title.eq": "=SUM(A1)" })).toEqual([
      ["price", "gte", 9.5],
      ["title", "eq", "=SUM(A1)"],
    ]);
    expect(values("matches", { "f.userAId.eq": uuid.toUpperCase(), "f.status.ne": "unmatched" })).toEqual([
      ["userAId", "eq", uuid],
      ["status", "ne", "unmatched"],
    ]);
    expect(values("ai_interactions", { "f.disclosureShown.eq": "false" })).toEqual([["disclosureShown", "eq", false]]);
    expect(values("compliance_logs", { "f.userId.isnull": "true", "f.actionType.in": "a,b" })).toEqual([
      ["userId", "isnull", true],
      ["actionType", "in", ["a", "b"]],
    ]);
    expect(values("events", { "f.startTime.gte": "2026-03-01T18:30:00+01:00" })).toEqual([
      ["startTime", "gte", new Date("2026-03-01T17:30:00.000Z")],
    ]);
    expect(values("events", { "f.title.contains": "t".repeat(200) })).toEqual([["title", "contains", "t".repeat(200)]]);
    // An open list (consent types) is filtered by any value, known or not.
    expect(values("consent_logs", { "f.consentType.eq": "smoke_signals" }, "analyst")).toEqual([
      ["consentType", "eq", "smoke_signals"],
    ]);
  });

  it("a search is kept trimmed, and a list's search columns are the ones the role sees verbatim", () => {
    expect(parse("events", { q: " ball " }).q).toBe("ball");
    expect(parse("events", { q: "e".repeat(200) }).q).toBe("e".repeat(200));
    expect(parse("events", { q: "" }).q).toBeUndefined();
    expect(searchFields(registry.events, "analyst").map((f) => f.field)).toEqual(["title", "hostName"]);
    expect(searchFields(registry.users, "admin").map((f) => f.field)).toEqual(["email"]);
    expect(searchFields(registry.users, "analyst")).toEqual([]);
    expect(searchFields(registry.payments, "admin")).toEqual([]);
    expect(parse("compliance_logs", { q: "export" }, "analyst").q).toBe("export");
  });
});

describe("UUIDs and ISO dates", () => {
  it("a UUID is 8-4-4-4-12 hex digits, either case, nothing around it", () => {
    expect(isUuid(uuid)).toBe(true);
    expect(isUuid(uuid.toUpperCase())).toBe(true);
    expect(isUuid("00000000-0000-0000-0000-000000000000")).toBe(true);
    expect(isUuid(` ${uuid}`)).toBe(false);
    expect(isUuid(`${uuid}a`)).toBe(false);
    expect(isUuid(uuid.replaceAll("-", ""))).toBe(false);
    expect(isUuid("0a1b2c3g-4e5f-4a6b-8c7d-9e0f1a2b3c4d")).toBe(false);
    expect(isUuid("0a1b2c3-d4e5f-4a6b-8c7d-9e0f1a2b3c4d")).toBe(false);
  });

  const dates: [string, string | undefined][] = [
    ["2026-02-28T10:15:30+0100", "2026-02-28T09:15:30.000Z"],
    ["2026-02-28T10:15:30-05:00", "2026-02-28T15:15:30.000Z"],
    ["2026-02-28T10:15:30.123456789Z", "2026-02-28T10:15:30.123Z"],
    ["2026-02-28T00:00", "2026-02-28T00:00:00.000Z"],
    ["2026-12-31T23:59:59Z", "2026-12-31T23:59:59.000Z"],
    ["2026-01-01", "2026-01-01T00:00:00.000Z"],
    ["2026-02-28t10:15z", "2026-02-28T10:15:00.000Z"],
    // Ten digits of a second: more than a nanosecond, not ISO 8601 as the filter controls send it.
    ["2026-02-28T10:15:30.1234567890Z", undefined],
    // JavaScript reads a year of five digits; the filter does not.
    ["12026-02-28", undefined],
    ["2026-02-28T10:15:30+01", undefined],
    ["2026-02-28T10:15+99:00", undefined],
    ["2026-02-28T10:15:30.Z", undefined],
    ["2026-02-28T1:15Z", undefined],
    ["2026-02-28T10:5Z", undefined],
    ["2026-02-28T10:15:3Z", undefined],
    ["2026-02-8", undefined],
    ["226-02-28", undefined],
    ["2026-02-28T", undefined],
    ["2026-02-28x", undefined],
    ["2027-02-29", undefined],
    ["2026-06-31", undefined],
    ["2026-01-32", undefined],
  ];
  it.each(dates)("%s → %s", (text, instant) => {
    expect(parseIsoDate(text)?.toISOString()).toBe(instant);
  });
});

describe("keyset cursors", () => {
  it("are base64url JSON of [sort, order, key, id], and decode back to the same four", () => {
    const cursor = { sort: "createdAt", order: "asc" as const, key: "2026-01-01 00:00:00.123456+00", id: uuid };
    const text = encodeCursor(cursor);
    expect(JSON.parse(Buffer.from(text, "base64url").toString("utf8"))).toEqual([
      "createdAt",
      "asc",
      "2026-01-01 00:00:00.123456+00",
      uuid,
    ]);
    expect(text).not.toMatch(/[+/=]/);
    expect(decodeCursor(text)).toEqual(cursor);
    // Hand-encoded: ["a","desc","k","i"] in base64url.
    expect(encodeCursor({ sort: "a", order: "desc", key: "k", id: "i" })).toBe("WyJhIiwiZGVzYyIsImsiLCJpIl0");
    expect(decodeCursor("WyJhIiwiZGVzYyIsImsiLCJpIl0")).toEqual({ sort: "a", order: "desc", key: "k", id: "i" });
  });

  it("keep text beyond ASCII exactly", () => {
    const cursor = { sort: "title", order: "desc" as const, key: 'Ünïcødé 🙂 "q"', id: uuid };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it("refuse anything else with one message", () => {
    const bad = [
      "",
      "!!!",
      forged(null),
      forged(["createdAt", "desc", "k", 7]),
      forged(["createdAt", null, "k", "i"]),
      forged([{}, "desc", "k", "i"]),
      forged(["createdAt\u0000", "desc", "k", "i"]),
      forged(["createdAt", "DESC", "k", "i"]),
    ];
    for (const text of bad) {
      let caught: unknown;
      try {
        decodeCursor(text);
      } catch (error) {
        caught = error;
      }
      expect(caught, text).toBeInstanceOf(DomainError);
      expect((caught as DomainError).code).toBe("invalid");
      expect((caught as DomainError).message).toBe("cursor: not a cursor returned by this API");
      expect((caught as DomainError).fieldErrors).toEqual({ cursor: "Not a valid cursor" });
    }
  });
});
