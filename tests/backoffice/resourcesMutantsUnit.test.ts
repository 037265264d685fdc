import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Database } from "@/db/client";
import { events, users } from "@/db/schema";
import type { ResourceRow } from "@/lib/resources/types";
import { DomainError } from "@/server/errors";
import { defineResource } from "@/server/resources/define";
import { csvCell, csvLine } from "@/server/resources/exportCsv";
import { countMatching } from "@/server/resources/listQuery";
import {
  maskEmail,
  maskPersonName,
  personNameFor,
  present,
  seesVerbatim,
  toClientRow,
} from "@/server/resources/masking";
import { recordNotFoundMessage } from "@/server/resources/recordNotFound";
import { registry, resourceNamed } from "@/server/resources/registry";
import type { ResolvedField, ResourceSpec } from "@/server/resources/types";
import { writableOnly } from "@/server/resources/writableOnly";

/**
 * Mutation tests (issue #13 §5) for the parts of server/resources that need no database: masks,
 * CSV cells and lines, the write allow-list, the definition checks and schemas, the count's
 * exact-or-estimate decision (on a stand-in handle answering the two queries), and the not-found
 * message. Expected values are written out by hand from the README's rules.
 */

const field = (resource: keyof typeof registry, name: string) =>
  registry[resource].fieldsByName.get(name) as ResolvedField;
const uuid = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

describe("masks", () => {
  it("an email keeps its first character and everything from the last @", () => {
    expect(maskEmail("jane.doe@example.com")).toBe("j***@example.com");
    expect(maskEmail("j@example.com")).toBe("j***@example.com");
    expect(maskEmail("ab@x")).toBe("a***@x");
    expect(maskEmail("two@at@signs.test")).toBe("t***@signs.test");
    expect(maskEmail("@no-name.test")).toBe("***");
    expect(maskEmail("no-at-all")).toBe("***");
    expect(maskEmail("")).toBe("***");
  });

  it("a name becomes the initials of its first and last word, blank stays blank", () => {
    expect(maskPersonName("ana")).toBe("A.");
    expect(maskPersonName("ana maria kovač")).toBe("A. K.");
    expect(maskPersonName("   ")).toBe("");
    expect(maskPersonName("")).toBe("");
    expect(maskPersonName("\t𝒜lice\n smith ")).toBe("𝒜. S.");
    expect(personNameFor("compliance_officer", "ana kovač")).toBe("ana kovač");
    expect(personNameFor("analyst", "ana kovač")).toBe("A. K.");
    expect(personNameFor("admin", null)).toBeNull();
    expect(personNameFor("analyst", null)).toBeNull();
  });

  it("an analyst sees each masked field masked, missing values as null", () => {
    const email = field("users", "email");
    expect(present(email, "analyst", "jane@example.com")).toBe("j***@example.com");
    expect(present(email, "analyst", null)).toBeNull();
    expect(present(email, "analyst", undefined)).toBeNull();
    expect(present(field("profiles", "bio"), "analyst", "I like hiking")).toBeNull();
    expect(present(field("profiles", "name"), "analyst", "Leon Ivanov")).toBe("L. I.");
    expect(present(field("profiles", "location"), "analyst", { lat: 48.8566, lng: 2.3522 })).toEqual({
      lat: 48.9,
      lng: 2.4,
    });
    expect(present(field("profiles", "location"), "analyst", { lat: -33.8688, lng: 151.2093 })).toEqual({
      lat: -33.9,
      lng: 151.2,
    });
    expect(present(field("profiles", "location"), "analyst", null)).toBeNull();
    expect(present(field("profiles", "location"), "analyst", undefined)).toBeNull();
  });

  it("other roles see values as stored, dates as ISO text, missing as null", () => {
    expect(present(field("users", "email"), "trust_safety", "jane@example.com")).toBe("jane@example.com");
    expect(present(field("profiles", "location"), "admin", { lat: 48.8566, lng: 2.3522 })).toEqual({
      lat: 48.8566,
      lng: 2.3522,
    });
    expect(present(field("users", "createdAt"), "analyst", new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)))).toBe(
      "2026-01-02T03:04:05.006Z",
    );
    expect(present(field("events", "description"), "admin", undefined)).toBeNull();
    expect(present(field("users", "verified"), "admin", false)).toBe(false);
    expect(present(field("events", "capacity"), "analyst", 0)).toBe(0);
  });

  it("a field restricted to some roles is null for the others, and none of them may filter by it", () => {
    const restricted: ResolvedField = { ...field("events", "hostName"), spec: { visibleTo: ["admin"] } };
    expect(present(restricted, "admin", "Host")).toBe("Host");
    expect(present(restricted, "trust_safety", "Host")).toBeNull();
    expect(seesVerbatim(restricted, "admin")).toBe(true);
    expect(seesVerbatim(restricted, "compliance_officer")).toBe(false);
    expect(seesVerbatim(field("users", "email"), "analyst")).toBe(false);
    expect(seesVerbatim(field("users", "email"), "compliance_officer")).toBe(true);
    expect(seesVerbatim(field("users", "verified"), "analyst")).toBe(true);
  });

  it("a row for the client: every visible field, masks applied, the primary key as id", () => {
    const createdAt = new Date("2026-02-03T04:05:06.789Z");
    const row = toClientRow(registry.profiles, "analyst", {
      userId: uuid,
      name: "Leon Ivanov",
      age: 30,
      gender: "man",
      bio: "secret",
      photos: ["https://example.com/a.jpg"],
      location: { lat: 1.04, lng: -1.06 },
      createdAt,
    });
    expect(row.id).toBe(uuid);
    expect(row).toMatchObject({ userId: uuid, name: "L. I.", age: 30, gender: "man", bio: null, photos: null });
    expect(row.location).toEqual({ lat: 1, lng: -1.1 });
    expect(row.createdAt).toBe("2026-02-03T04:05:06.789Z");
    expect(row.lookingForGender).toBeNull();
    const user = toClientRow(registry.users, "admin", { id: uuid, email: "a@b.c", passwordHash: "hash" });
    expect("passwordHash" in user).toBe(false);
    expect(Object.keys(user).sort()).toEqual(
      ["createdAt", "email", "erasedAt", "id", "lastLoginAt", "subscriptionTier", "updatedAt", "verified"].sort(),
    );
  });
});

describe("CSV cells and lines", () => {
  it("empty for nothing, JSON for objects, text as is", () => {
    expect(csvCell(null, true)).toBe("");
    expect(csvCell(undefined, false)).toBe("");
    expect(csvCell("plain", true)).toBe("plain");
    expect(csvCell(12.5, false)).toBe("12.5");
    expect(csvCell(false, false)).toBe("false");
    expect(csvCell({ lat: 1, lng: 2 }, false)).toBe(`"{""lat"":1,""lng"":2}"`);
    expect(csvCell([1, 2], false)).toBe(`"[1,2]"`);
  });

  it("text starting like a formula gets a ' in front; other kinds and later characters do not", () => {
    expect(csvCell("=1+2", true)).toBe("'=1+2");
    expect(csvCell("+49 30", true)).toBe("'+49 30");
    expect(csvCell("-5", true)).toBe("'-5");
    expect(csvCell("@home", true)).toBe("'@home");
    expect(csvCell("\tindent", true)).toBe("'\tindent");
    expect(csvCell("\rfirst", true)).toBe(`"'\rfirst"`);
    expect(csvCell("a=b+c-d@e", true)).toBe("a=b+c-d@e");
    expect(csvCell("-5", false)).toBe("-5");
    expect(csvCell(-5, false)).toBe("-5");
  });

  it("quotes a cell holding a quote, comma, CR or LF, doubling quotes", () => {
    expect(csvCell('say "hi"', true)).toBe(`"say ""hi"""`);
    expect(csvCell("a,b", true)).toBe(`"a,b"`);
    expect(csvCell("a\nb", true)).toBe(`"a\nb"`);
    expect(csvCell("a\rb", true)).toBe(`"a\rb"`);
    expect(csvCell('=a,"b"', true)).toBe(`"'=a,""b"""`);
  });

  it("a line is the visible fields in table order, comma-separated, CRLF-terminated; text and enums guarded", () => {
    const row: ResourceRow = {
      id: "-1",
      email: "=x@y.z",
      verified: true,
      subscriptionTier: "-free",
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-02T00:00:00.000Z",
      lastLoginAt: null,
      erasedAt: null,
    };
    expect(csvLine(registry.users, row)).toBe(
      "-1,'=x@y.z,true,'-free,2026-01-01T00:00:00.000Z,2026-01-02T00:00:00.000Z,,\r\n",
    );
  });
});

describe("the write allow-list", () => {
  const fields = z.object({
    name: z.string().trim().min(1, "Name is required").optional(),
    place: z.object({ lat: z.number().max(90, "Latitude at most 90") }).optional(),
  });
  const schema = writableOnly(
    fields,
    ["name", "place"],
    new Set(["name", "place", "score"]),
    "cannot be changed",
    "Widgets",
  );
  const issues = (input: unknown) => {
    const result = schema.safeParse(input);
    return result.success ? result.data : result.error.issues.map((i) => [i.path.join("."), i.message]);
  };

  it("passes the writable fields through the field schema", () => {
    expect(issues({ name: "  Bolt " })).toEqual({ name: "Bolt" });
    expect(issues({ name: "Bolt", score: undefined })).toEqual({ name: "Bolt" });
  });

  it("names every key it may not write, a column or not, with the field schema's own errors", () => {
    expect(issues({ name: "Bolt", score: 3 })).toEqual([["score", "score: cannot be changed"]]);
    const codes = schema.safeParse({ name: " ", score: 3 });
    expect(codes.error?.issues.map((i) => i.code)).toEqual(["custom", "custom"]);
    expect(issues({ name: "Bolt", colour: "red" })).toEqual([["colour", "colour: is not a field of widgets"]]);
    expect(issues({ name: " ", score: null, place: { lat: 91 } })).toEqual([
      ["score", "score: cannot be changed"],
      ["name", "Name is required"],
      ["place.lat", "Latitude at most 90"],
    ]);
    const create = writableOnly(fields, ["name"], new Set(["name", "id"]), "cannot be set", "Gadgets");
    const result = create.safeParse({ id: uuid });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(["id: cannot be set"]);
  });

  it("something that is not an object is left to the field schema", () => {
    for (const input of [null, ["name"], "name", 5]) {
      const result = schema.safeParse(input);
      expect(result.success, JSON.stringify(input)).toBe(false);
      expect(
        result.error?.issues.map((i) => i.path.join(".")),
        JSON.stringify(input),
      ).toEqual([""]);
    }
  });
});

describe("resources by name", () => {
  it("an unknown name is not found", () => {
    expect(resourceNamed("events")).toBe(registry.events);
    let caught: unknown;
    try {
      resourceNamed("constructor");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: "not_found", message: "Unknown resource: constructor" });
  });
});

describe("record not found", () => {
  it("names the record and the id, shortened past 64 characters", () => {
    expect(recordNotFoundMessage(registry.compliance_logs, uuid)).toBe(
      `Compliance log entry not found: no compliance log entry has the id "${uuid}".`,
    );
    expect(recordNotFoundMessage(registry.events, "x".repeat(64))).toBe(
      `Event not found: "${"x".repeat(64)}" is not a record id.`,
    );
    expect(recordNotFoundMessage(registry.events, "y".repeat(65))).toBe(
      `Event not found: "${"y".repeat(64)}…" is not a record id.`,
    );
    expect(recordNotFoundMessage(registry.users, 'a"b')).toBe(`User not found: "a\\"b" is not a record id.`);
  });
});

/** A stand-in handle: answers the EXPLAIN with `planRows` and the LIMITed count with `n`, and records the SQL. */
function countingHandle(plan: unknown, n: unknown) {
  const dialect = new PgDialect();
  const queries: { sql: string; params: unknown[] }[] = [];
  const database = {
    async rows(query: SQL) {
      const rendered = dialect.sqlToQuery(query);
      queries.push(rendered);
      return queries.length === 1 ? [{ "QUERY PLAN": plan }] : [{ n }];
    },
  } as unknown as Database;
  return { database, queries };
}
const planOf = (rows: number) => [{ Plan: { "Plan Rows": rows } }];

describe("totals: exact up to 10,000, the planner's estimate beyond", () => {
  const where = users.verified;
  it("counts exactly when the planner expects at most 100,000 rows and at most 10,000 match", async () => {
    const { database, queries } = countingHandle(planOf(100_000), 10_000);
    expect(await countMatching(database, registry.users, undefined)).toEqual({ total: 10_000, totalIsEstimate: false });
    expect(queries).toHaveLength(2);
    expect(queries[0].sql).toBe(`EXPLAIN (FORMAT JSON) SELECT 1 FROM "users" `);
    expect(queries[1].sql).toBe(`SELECT count(*)::int AS n FROM (SELECT 1 FROM "users"  LIMIT $1) AS matching`);
    expect(queries[1].params).toEqual([10_001]);
  });

  it("the WHERE goes into both queries", async () => {
    const { database, queries } = countingHandle(planOf(3), "3");
    const { eq } = await import("drizzle-orm");
    expect(await countMatching(database, registry.users, eq(where, true))).toEqual({
      total: 3,
      totalIsEstimate: false,
    });
    expect(queries[0].sql).toBe(`EXPLAIN (FORMAT JSON) SELECT 1 FROM "users" WHERE "users"."verified" = $1`);
    expect(queries[1].sql).toContain(`FROM "users" WHERE "users"."verified" = $1 LIMIT $2`);
  });

  it("skips the count when the planner expects more than 100,000 rows", async () => {
    const { database, queries } = countingHandle(planOf(100_001), 5);
    expect(await countMatching(database, registry.users, undefined)).toEqual({ total: 100_001, totalIsEstimate: true });
    expect(queries).toHaveLength(1);
  });

  it("rounds the estimate before comparing it", async () => {
    const { database, queries } = countingHandle(planOf(100_000.4), 10_001);
    expect(await countMatching(database, registry.users, undefined)).toEqual({ total: 100_000, totalIsEstimate: true });
    expect(queries).toHaveLength(2);
    const rounded = countingHandle(planOf(20_000.6), 10_001);
    expect(await countMatching(rounded.database, registry.users, undefined)).toEqual({
      total: 20_001,
      totalIsEstimate: true,
    });
  });

  it("beyond 10,000 matching rows the total is the estimate, never below 10,001", async () => {
    const { database } = countingHandle(planOf(40), 10_001);
    expect(await countMatching(database, registry.users, undefined)).toEqual({ total: 10_001, totalIsEstimate: true });
  });

  it("reads a plan given as JSON text (postgres.js) or as parsed JSON (PGlite)", async () => {
    const { database } = countingHandle(JSON.stringify(planOf(7)), "7");
    expect(await countMatching(database, registry.users, undefined)).toEqual({ total: 7, totalIsEstimate: false });
  });
});

describe("definitions", () => {
  const base: ResourceSpec = {
    name: "events",
    singular: "Event",
    plural: "Events",
    table: events,
    primaryKey: "id",
    list: ["title"],
    sortable: ["startTime"],
    defaultSort: { field: "startTime", order: "desc" },
    filters: {},
  };
  const refusal = (spec: Partial<ResourceSpec>) => {
    try {
      defineResource({ ...base, ...spec });
      return "accepted";
    } catch (error) {
      return (error as Error).message;
    }
  };

  it("a typo or a rule broken in a definition throws at load time, naming it", () => {
    expect(refusal({})).toBe("accepted");
    expect(refusal({ fields: { titel: {} } })).toBe("events: unknown field titel");
    expect(refusal({ list: ["title", "titel"] })).toBe("resource events: list names unknown field titel");
    expect(refusal({ fields: { description: { hidden: true } }, list: ["description"] })).toBe(
      "resource events: list names hidden field description",
    );
    expect(refusal({ sortable: ["hostName"] })).toBe(
      "resource events: sortable hostName is nullable (keyset needs NOT NULL or sortNullsAsEarliest)",
    );
    expect(refusal({ fields: { hostName: { sortNullsAsEarliest: true } }, sortable: ["hostName"] })).toBe(
      "resource events: sortNullsAsEarliest on hostName is for dates only",
    );
    expect(refusal({ sortable: ["startTime", "nope"] })).toBe("resource events: sortable names unknown field nope");
    expect(refusal({ defaultSort: { field: "nope", order: "asc" } })).toBe(
      "resource events: defaultSort names unknown field nope",
    );
    expect(refusal({ filters: { nope: ["eq"] } })).toBe("resource events: filters names unknown field nope");
    expect(refusal({ search: { fields: ["nope"] } })).toBe("resource events: search names unknown field nope");
    expect(refusal({ create: ["nope"] })).toBe("resource events: create/update names unknown field nope");
    expect(refusal({ update: ["title", "nope"] })).toBe("resource events: create/update names unknown field nope");
    expect(refusal({ primaryKey: "nope" })).toBe("resource events: primaryKey names unknown field nope");
    expect(refusal({ userColumn: "nope" })).toBe("resource events: userColumn names unknown field nope");
    expect(refusal({ staff: ["nope"] })).toBe("resource events: staff names unknown field nope");
    const joined = { table: users, key: "id", field: "email", ops: ["eq" as const] };
    expect(refusal({ joinedFilters: { title: joined } })).toBe(
      "resource events: joined filter title clashes with a field",
    );
    expect(refusal({ joinedFilters: { hostEmail: { ...joined, field: "mail" } } })).toBe(
      "resource events: joined filter hostEmail names an unknown field",
    );
    expect(refusal({ joinedFilters: { hostEmail: { ...joined, key: "userId" } } })).toBe(
      "resource events: joined filter hostEmail names an unknown field",
    );
    expect(refusal({ joinedFilters: { hostEmail: joined } })).toBe("accepted");
  });

  it("a nullable date may be sorted when missing values sort as the earliest", () => {
    const def = defineResource({
      ...base,
      name: "users",
      table: users,
      list: ["email"],
      sortable: ["lastLoginAt"],
      defaultSort: { field: "createdAt", order: "desc" },
      fields: { lastLoginAt: { sortNullsAsEarliest: true } },
    });
    const sortKey = new PgDialect().sqlToQuery(def.fieldsByName.get("lastLoginAt")!.sortKey).sql;
    expect(sortKey).toBe(`coalesce("users"."last_login_at", '-infinity'::timestamptz)`);
    expect(new PgDialect().sqlToQuery(def.fieldsByName.get("createdAt")!.sortKey).sql).toBe(`"users"."created_at"`);
    expect(def.visibleFields.map((f) => f.field)).toContain("passwordHash");
    expect(def.pk.field).toBe("id");
    expect(new PgDialect().sqlToQuery(def.byId(uuid))).toMatchObject({ sql: `"users"."id" = $1`, params: [uuid] });
    expect(def.createSchema).toBeUndefined();
    expect(def.updateSchema).toBeUndefined();
  });

  it("labels and kinds come from the column unless the definition says otherwise", () => {
    const described = (resource: keyof typeof registry) =>
      Object.fromEntries(
        [...registry[resource].fieldsByName.values()].map((f) => [f.field, [f.label, f.kind, f.nullable]]),
      );
    expect(described("events")).toEqual({
      id: ["ID", "uuid", false],
      title: ["Title", "text", false],
      description: ["Description", "text", true],
      type: ["Type", "enum", false],
      startTime: ["Start Time", "date", false],
      endTime: ["End Time", "date", false],
      capacity: ["Capacity", "number", false],
      price: ["Price", "money", false],
      hostName: ["Host Name", "text", true],
      videoUrl: ["Video URL", "text", true],
      createdAt: ["Created", "date", false],
      updatedAt: ["Updated", "date", false],
    });
    expect(described("users")).toMatchObject({ verified: ["Verified", "boolean", false], id: ["Name", "uuid", false] });
    expect(described("matches")).toMatchObject({ compatibilityScore: ["Compatibility", "number", false] });
    expect(described("compliance_logs")).toMatchObject({ metadata: ["Metadata", "json", false] });
    expect(described("profiles")).toMatchObject({
      location: ["Location", "json", true],
      photos: ["Photos", "json", false],
    });
    expect(described("event_registrations")).toMatchObject({ paymentId: ["Payment", "uuid", true] });
    expect(described("ai_interactions")).toMatchObject({ aiType: ["AI type", "enum", false] });
    const plain = defineResource({
      ...base,
      name: "event_registrations",
      table: registry.event_registrations.table,
      list: ["paymentId"],
      sortable: [],
      defaultSort: { field: "createdAt", order: "desc" },
    });
    expect(plain.fieldsByName.get("paymentId")?.label).toBe("Payment ID");
    expect(plain.fieldsByName.get("userId")?.label).toBe("User ID");
  });
});

describe("write schemas from the definitions", () => {
  const errors = (schema: z.ZodType | undefined, input: unknown) => {
    const result = schema!.safeParse(input);
    return result.success
      ? { ok: result.data }
      : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
  };
  const update = registry.events.updateSchema;

  it("money: exact decimal text with two places; a third place, a sign or an exponent refused", () => {
    expect(errors(update, { price: 5 })).toEqual({ ok: { price: "5.00" } });
    expect(errors(update, { price: " 7.5 " })).toEqual({ ok: { price: "7.50" } });
    expect(errors(update, { price: "10.100" })).toEqual({ ok: { price: "10.10" } });
    expect(errors(update, { price: "0" })).toEqual({ ok: { price: "0.00" } });
    expect(errors(update, { price: "7.55" })).toEqual({ ok: { price: "7.55" } });
    expect(errors(update, { price: "100000" })).toEqual({ ok: { price: "100000.00" } });
    expect(errors(update, { price: "10.101" })).toEqual({ price: "Price: at most 2 decimal places" });
    expect(errors(update, { price: "10.001" })).toEqual({ price: "Price: at most 2 decimal places" });
    expect(errors(update, { price: "1e3" })).toEqual({ price: "Price must be a number" });
    expect(errors(update, { price: "12." })).toEqual({ price: "Price must be a number" });
    expect(errors(update, { price: "x12" })).toEqual({ price: "Price must be a number" });
    expect(errors(update, { price: "12x" })).toEqual({ price: "Price must be a number" });
    expect(errors(update, { price: "-1" })).toEqual({ price: "Price cannot be negative" });
    expect(errors(update, { price: "100000.01" })).toEqual({ price: "Price must be at most 100000" });
    expect(errors(update, { price: "  " })).toEqual({ price: "Required" });
  });

  it("ranges, enums, required text, URLs and record ids say what is wrong", () => {
    expect(errors(update, { capacity: 0 })).toEqual({ capacity: "Capacity must be between 1 and 100000" });
    expect(errors(update, { capacity: 100_001 })).toEqual({ capacity: "Capacity must be between 1 and 100000" });
    expect(errors(update, { capacity: 1 })).toEqual({ ok: { capacity: 1 } });
    expect(errors(update, { capacity: "100000" })).toEqual({ ok: { capacity: 100_000 } });
    expect(errors(update, { type: "rave" })).toEqual({ type: "Must be one of: speed_dating, workshop, ama, mixer" });
    expect(errors(update, { type: "mixer" })).toEqual({ ok: { type: "mixer" } });
    expect(errors(update, { title: "  " })).toEqual({ title: "Required" });
    expect(errors(update, { videoUrl: "not a url" })).toEqual({ videoUrl: "Must be a URL" });
    expect(errors(update, { videoUrl: null })).toEqual({ ok: { videoUrl: null } });
    expect(errors(update, { description: null })).toEqual({ ok: { description: null } });
    const registration = registry.event_registrations.createSchema;
    expect(errors(registration, { eventId: "nope", userId: uuid })).toEqual({ eventId: "Event must be a record id" });
    expect(errors(registration, { eventId: uuid, userId: uuid, paymentId: null })).toEqual({
      ok: { eventId: uuid, userId: uuid, paymentId: null },
    });
    expect(errors(registry.profiles.updateSchema, { age: 17 })).toEqual({ age: "Age must be between 18 and 120" });
    expect(errors(registry.profiles.updateSchema, { age: 121 })).toEqual({ age: "Age must be between 18 and 120" });
    expect(errors(registry.profiles.updateSchema, { age: 18 })).toEqual({ ok: { age: 18 } });
    expect(errors(registration, { eventId: null, userId: uuid })).toEqual({ eventId: "Event must be a record id" });
    expect(errors(registration, { eventId: uuid, userId: uuid, id: uuid })).toEqual({ id: "id: cannot be set" });
    expect(errors(registry.profiles.updateSchema, { photos: null })).toHaveProperty("photos");
    expect(errors(registry.profiles.updateSchema, { photos: ["https://x.test/a.jpg"] })).toEqual({
      ok: { photos: ["https://x.test/a.jpg"] },
    });
    expect(errors(registry.users.updateSchema, { subscriptionTier: "gold" })).toEqual({
      subscriptionTier: "Must be one of: free, premium, elite",
    });
  });

  it("a range without its own message says the range, open ends as infinity", () => {
    const spec: ResourceSpec = {
      name: "events",
      singular: "Event",
      plural: "Events",
      table: events,
      primaryKey: "id",
      list: ["title"],
      sortable: [],
      defaultSort: { field: "startTime", order: "desc" },
      filters: {},
      update: ["capacity"],
    };
    const atLeast = defineResource({ ...spec, fields: { capacity: { min: 2 } } }).updateSchema;
    expect(errors(atLeast, { capacity: 1 })).toEqual({ capacity: "Must be between 2 and Infinity" });
    expect(errors(atLeast, { capacity: 2 })).toEqual({ ok: { capacity: 2 } });
    const atMost = defineResource({ ...spec, fields: { capacity: { max: 9 } } }).updateSchema;
    expect(errors(atMost, { capacity: 10 })).toEqual({ capacity: "Must be between -Infinity and 9" });
    expect(errors(atMost, { capacity: 9 })).toEqual({ ok: { capacity: 9 } });
    const money = defineResource({ ...spec, update: ["price"], fields: { price: {} } }).updateSchema;
    expect(errors(money, { price: "99999999" })).toEqual({ ok: { price: "99999999.00" } });
    expect(errors(money, { price: "100000000" })).toEqual({ price: "Price must be at most 99999999" });
    const retyped = defineResource({
      ...spec,
      fields: { capacity: { kind: "money" }, hostName: { enumValues: ["A"] } },
    });
    expect(retyped.fieldsByName.get("capacity")?.kind).toBe("money");
    expect(retyped.fieldsByName.get("hostName")?.kind).toBe("enum");
    const updateOnly = defineResource(spec);
    expect(updateOnly.createSchema).toBeUndefined();
    expect(errors(updateOnly.updateSchema, { title: "x" })).toEqual({ title: "title: cannot be changed" });
    expect(errors(updateOnly.updateSchema, { colour: "x" })).toEqual({ colour: "colour: is not a field of events" });
  });
});
