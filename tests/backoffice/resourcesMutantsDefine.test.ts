import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  date,
  doublePrecision,
  integer,
  json,
  jsonb,
  numeric,
  PgDialect,
  pgTable,
  real,
  text,
  timestamp,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { defineResource } from "@/server/resources/define";
import { registry } from "@/server/resources/registry";
import type { ResourceDefinition, ResourceSpec } from "@/server/resources/types";

/**
 * Mutation tests (issue #13 §5) for defineResource (define.ts) resolving a definition INSIDE the
 * test: the registry's own definitions are resolved once when the module loads, before a mutant is
 * switched on, so a test reading only `registry.*` cannot tell a mutated define.ts from the real one.
 * Here each definition is resolved again from its spec (a resolved definition carries its whole
 * spec) and from a table holding one column of each kind. Expected labels, kinds and messages are
 * written out by hand from the README's rules.
 */
const dialect = new PgDialect();
const again = (def: ResourceDefinition): ResourceDefinition => defineResource(def);
const described = (def: ResourceDefinition) =>
  Object.fromEntries([...def.fieldsByName.values()].map((f) => [f.field, [f.label, f.kind, f.nullable]]));
const errors = (schema: z.ZodType | undefined, input: unknown) => {
  const result = schema!.safeParse(input);
  return result.success
    ? { ok: result.data }
    : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
};

const point = customType<{ data: string }>({ dataType: () => "geography" });
const kinds = pgTable("kinds", {
  id: uuid("id").primaryKey(),
  stampedAt: timestamp("stamped_at", { withTimezone: true }).notNull(),
  stampText: timestamp("stamp_text", { mode: "string" }),
  day: date("day", { mode: "date" }),
  isOn: boolean("is_on").notNull(),
  count: integer("count"),
  ratio: doublePrecision("ratio"),
  share: real("share"),
  big: bigint("big", { mode: "number" }),
  amount: numeric("amount"),
  doc: jsonb("doc"),
  plainDoc: json("plain_doc"),
  place: point("place"),
  note: text("note"),
  code: varchar("code"),
  ownerId: uuid("owner_id"),
  sortAtHome: text("sort_at_home"),
});
const kindsSpec: ResourceSpec = {
  name: "events",
  singular: "Kind",
  plural: "Kinds",
  table: kinds,
  primaryKey: "id",
  list: ["note"],
  sortable: ["stampedAt"],
  defaultSort: { field: "stampedAt", order: "desc" },
  filters: {},
};

describe("a definition resolved from its columns", () => {
  it("each column type has its kind, each name its label", () => {
    expect(described(defineResource(kindsSpec))).toEqual({
      id: ["ID", "uuid", false],
      stampedAt: ["Stamped", "date", false],
      stampText: ["Stamp Text", "date", true],
      day: ["Day", "date", true],
      isOn: ["Is On", "boolean", false],
      count: ["Count", "number", true],
      ratio: ["Ratio", "number", true],
      share: ["Share", "number", true],
      big: ["Big", "number", true],
      amount: ["Amount", "money", true],
      doc: ["Doc", "json", true],
      plainDoc: ["Plain Doc", "json", true],
      place: ["Place", "json", true],
      note: ["Note", "text", true],
      code: ["Code", "text", true],
      ownerId: ["Owner ID", "uuid", true],
      sortAtHome: ["Sort At Home", "text", true],
    });
  });

  it("the registry's definitions resolve to the same labels and kinds again", () => {
    expect(described(again(registry.events))).toEqual({
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
    const users = again(registry.users);
    expect(described(users)).toMatchObject({
      id: ["Name", "uuid", false],
      verified: ["Verified", "boolean", false],
      lastLoginAt: ["Last Login", "date", true],
    });
    expect(users.visibleFields.map((f) => f.field)).not.toContain("passwordHash");
    expect(users.visibleFields.map((f) => f.field)).toContain("email");
    expect(dialect.sqlToQuery(users.fieldsByName.get("lastLoginAt")!.sortKey).sql).toBe(
      `coalesce("users"."last_login_at", '-infinity'::timestamptz)`,
    );
  });

  it("a joined filter: the related table's field, its operators, and an EXISTS on the key", () => {
    const gender = again(registry.users).joinedFilterFields.get("gender")!;
    expect([gender.field.field, gender.field.label, gender.field.kind, gender.ops]).toEqual([
      "gender",
      "Gender",
      "text",
      ["in"],
    ]);
    expect(dialect.sqlToQuery(gender.exists(sql`TRUE`)).sql).toBe(
      `EXISTS (SELECT 1 FROM "profiles" WHERE "profiles"."user_id" = "users"."id" AND TRUE)`,
    );
  });
});

describe("write schemas resolved in the test", () => {
  it("money: exact decimal text with two places", () => {
    const events = again(registry.events);
    expect(errors(events.updateSchema, { price: " 7.5 " })).toEqual({ ok: { price: "7.50" } });
    expect(errors(events.updateSchema, { price: "  " })).toEqual({ price: "Required" });
    expect(errors(events.updateSchema, { price: "x" })).toEqual({ price: "Price must be a number" });
    expect(errors(events.updateSchema, { price: "10.1001" })).toEqual({ price: "Price: at most 2 decimal places" });
    expect(errors(events.updateSchema, { price: "-1" })).toEqual({ price: "Price cannot be negative" });
    expect(errors(events.updateSchema, { price: "100000.01" })).toEqual({ price: "Price must be at most 100000" });
  });

  it("record ids, enums, required text, ranges and a field's own schema", () => {
    const events = again(registry.events);
    const registrations = again(registry.event_registrations);
    const id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    expect(errors(registrations.createSchema, { eventId: "nope", userId: id })).toEqual({
      eventId: "Event must be a record id",
    });
    expect(errors(registrations.createSchema, { eventId: id, userId: id, paymentId: null })).toEqual({
      ok: { eventId: id, userId: id, paymentId: null },
    });
    expect(errors(registrations.createSchema, { eventId: null, userId: id })).toEqual({
      eventId: "Event must be a record id",
    });
    expect(errors(registrations.createSchema, { eventId: id, userId: id, id })).toEqual({ id: "id: cannot be set" });
    expect(errors(registrations.updateSchema, { eventId: id })).toEqual({ eventId: "eventId: cannot be changed" });
    expect(errors(events.updateSchema, { type: "rave" })).toEqual({
      type: "Must be one of: speed_dating, workshop, ama, mixer",
    });
    expect(errors(events.updateSchema, { type: "ama" })).toEqual({ ok: { type: "ama" } });
    expect(errors(events.updateSchema, { title: " " })).toEqual({ title: "Required" });
    expect(errors(events.updateSchema, { title: "Gala" })).toEqual({ ok: { title: "Gala" } });
    // Optional text may be blank: only required text must say something.
    expect(errors(events.updateSchema, { hostName: " " })).toEqual({ ok: { hostName: " " } });
    // A field with no rule of its own (no range, no list of values) takes any text.
    expect(errors(events.updateSchema, { hostName: "Host A" })).toEqual({ ok: { hostName: "Host A" } });
    expect(errors(events.updateSchema, { capacity: 0 })).toEqual({ capacity: "Capacity must be between 1 and 100000" });
    expect(errors(events.updateSchema, { capacity: 100_000 })).toEqual({ ok: { capacity: 100_000 } });
    expect(errors(events.updateSchema, { videoUrl: "not a url" })).toEqual({ videoUrl: "Must be a URL" });
    expect(errors(events.updateSchema, { videoUrl: null })).toEqual({ ok: { videoUrl: null } });
    const profiles = again(registry.profiles);
    expect(errors(profiles.updateSchema, { photos: null })).toHaveProperty("photos");
    expect(errors(profiles.updateSchema, { location: null })).toEqual({ ok: { location: null } });
    expect(errors(profiles.updateSchema, { age: 121 })).toEqual({ age: "Age must be between 18 and 120" });
  });
});
