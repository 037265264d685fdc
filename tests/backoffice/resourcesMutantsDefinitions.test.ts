import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { toClientRow } from "@/server/resources/masking";
import { registry } from "@/server/resources/registry";
import type { ResourceDefinition } from "@/server/resources/types";
import {
  createdColumn,
  createdFilter,
  fullMetaOf,
  metaOf,
  newestFirst,
  readOnlyUserEvidence,
  userColumn,
  userFilter,
} from "./resourceMetaOf";

/**
 * Mutation tests (issue #13 §5) for the definitions themselves (server/resources/definitions/*.ts),
 * no database. What each resource offers the browser (columns, filters, forms, relations), what a
 * record shows and hides, what an analyst sees masked, whose record it is and what a bulk action
 * writes are written out by hand here from the schema (../shared/seed/saltbitter-schema.md), the
 * permission matrix's rules and the README's labelling rules (a column's name in words, "At" dropped).
 * resourcesMutantsMeta.test.ts covers events, messages, attachment assessments and AI interactions.
 */
const meta = metaOf;
const tiers = ["free", "premium", "elite"];
const subscriptionStatuses = ["active", "canceled", "past_due", "trialing"];
const paymentStatuses = ["succeeded", "pending", "failed", "refunded"];
const paymentTypes = ["subscription", "profile_boost", "super_like", "event_ticket"];
const matchStatuses = ["pending", "liked", "passed", "matched", "unmatched"];
const registrationStatuses = ["registered", "attended", "no_show", "canceled"];
// The schema's four frameworks, and the Digital Services Act for trust & safety decisions.
const frameworks = ["gdpr", "eu_ai_act", "ccpa", "sb_243", "dsa"];

describe("what each resource offers the browser", () => {
  it("users, for an admin", () => {
    expect(meta("admin", "users")).toStrictEqual({
      name: "users",
      singular: "User",
      plural: "Users",
      primaryKey: "id",
      listColumns: [
        { field: "email", label: "Email", kind: "text", sortable: true },
        { field: "id", label: "Name", kind: "person", sortable: false },
        { field: "verified", label: "Verified", kind: "boolean", sortable: false },
        { field: "subscriptionTier", label: "Tier", kind: "enum", sortable: true, enumValues: tiers },
        createdColumn,
        { field: "lastLoginAt", label: "Last Login", kind: "date", sortable: true },
      ],
      filters: [
        { field: "email", label: "Email", kind: "text", ops: ["contains", "eq"] },
        { field: "verified", label: "Verified", kind: "boolean", ops: ["eq"] },
        { field: "subscriptionTier", label: "Tier", kind: "enum", ops: ["in", "eq", "ne"], enumValues: tiers },
        createdFilter,
        { field: "lastLoginAt", label: "Last Login", kind: "date", ops: ["gte", "lte", "isnull"] },
        { field: "gender", label: "Gender", kind: "enum", ops: ["in"], enumValues: ["woman", "man", "non-binary"] },
      ],
      searchable: true,
      searchHint: "Email",
      defaultSort: newestFirst,
      formFields: [
        { field: "verified", label: "Verified", kind: "boolean", required: false },
        { field: "subscriptionTier", label: "Tier", kind: "enum", required: false, enumValues: tiers },
      ],
      can: { list: true, show: true, create: false, edit: true, delete: false, export: true },
      bulkActions: ["verify"],
      relations: [],
      people: ["id"],
    });
  });

  it("profiles, for an admin: edited, never created here; the user set once", () => {
    expect(meta("admin", "profiles")).toStrictEqual({
      name: "profiles",
      singular: "Profile",
      plural: "Profiles",
      primaryKey: "userId",
      listColumns: [
        { field: "name", label: "Name", kind: "text", sortable: true },
        { field: "age", label: "Age", kind: "number", sortable: true },
        { field: "gender", label: "Gender", kind: "text", sortable: false },
        { field: "lookingForGender", label: "Looking For Gender", kind: "text", sortable: false },
        { field: "completenessScore", label: "Completeness Score", kind: "number", sortable: true },
        createdColumn,
      ],
      filters: [
        { field: "name", label: "Name", kind: "text", ops: ["contains", "eq"] },
        { field: "age", label: "Age", kind: "number", ops: ["gte", "lte", "eq"], min: 18, max: 120 },
        {
          field: "gender",
          label: "Gender",
          kind: "enum",
          ops: ["eq", "in"],
          enumValues: ["woman", "man", "non-binary"],
        },
        {
          field: "lookingForGender",
          label: "Looking For Gender",
          kind: "enum",
          ops: ["eq", "in", "isnull"],
          enumValues: ["woman", "man", "non-binary", "everyone"],
        },
        {
          field: "completenessScore",
          label: "Completeness Score",
          kind: "number",
          ops: ["gte", "lte"],
          min: 0,
          max: 100,
        },
        createdFilter,
      ],
      searchable: true,
      searchHint: "Name",
      defaultSort: newestFirst,
      formFields: [
        { field: "name", label: "Name", kind: "text", required: false },
        { field: "age", label: "Age", kind: "number", required: false, min: 18, max: 120 },
        { field: "gender", label: "Gender", kind: "text", required: false },
        { field: "bio", label: "Bio", kind: "text", required: false },
        { field: "photos", label: "Photos", kind: "json", required: false },
        { field: "location", label: "Location", kind: "json", required: false },
        { field: "lookingForGender", label: "Looking For Gender", kind: "text", required: false },
        { field: "minAge", label: "Min Age", kind: "number", required: false, min: 18, max: 120 },
        { field: "maxAge", label: "Max Age", kind: "number", required: false, min: 18, max: 120 },
        { field: "maxDistanceKm", label: "Max distance (km)", kind: "number", required: false, min: 1, max: 20000 },
      ],
      can: { list: true, show: true, create: false, edit: true, delete: false, export: true },
      bulkActions: [],
      relations: [{ field: "userId", resource: "users" }],
      people: ["userId"],
    });
  });

  it("matches, for an admin: two people, a score out of 100, only the status edited", () => {
    expect(meta("admin", "matches")).toStrictEqual({
      name: "matches",
      singular: "Match",
      plural: "Matches",
      primaryKey: "id",
      listColumns: [
        { field: "userAId", label: "User A", kind: "person", sortable: false },
        { field: "userBId", label: "User B", kind: "person", sortable: false },
        { field: "compatibilityScore", label: "Compatibility", kind: "number", sortable: true },
        { field: "status", label: "Status", kind: "enum", sortable: true, enumValues: matchStatuses },
        createdColumn,
      ],
      filters: [
        { field: "userAId", label: "User A", kind: "person", ops: ["eq"] },
        { field: "userBId", label: "User B", kind: "person", ops: ["eq"] },
        { field: "status", label: "Status", kind: "enum", ops: ["in", "eq", "ne"], enumValues: matchStatuses },
        { field: "compatibilityScore", label: "Compatibility", kind: "number", ops: ["gte", "lte"], min: 0, max: 100 },
        createdFilter,
      ],
      searchable: false,
      defaultSort: newestFirst,
      formFields: [{ field: "status", label: "Status", kind: "enum", required: false, enumValues: matchStatuses }],
      can: { list: true, show: true, create: false, edit: true, delete: false, export: true },
      bulkActions: [],
      relations: [
        { field: "userAId", resource: "users" },
        { field: "userBId", resource: "users" },
      ],
      people: ["userAId", "userBId"],
    });
  });

  it("subscriptions, for an admin: only the status edited", () => {
    expect(meta("admin", "subscriptions")).toStrictEqual({
      name: "subscriptions",
      singular: "Subscription",
      plural: "Subscriptions",
      primaryKey: "id",
      listColumns: [
        userColumn,
        { field: "tier", label: "Tier", kind: "enum", sortable: true, enumValues: tiers },
        { field: "status", label: "Status", kind: "enum", sortable: true, enumValues: subscriptionStatuses },
        { field: "currentPeriodStart", label: "Current Period Start", kind: "date", sortable: true },
        { field: "currentPeriodEnd", label: "Current Period End", kind: "date", sortable: true },
        createdColumn,
      ],
      filters: [
        userFilter,
        { field: "tier", label: "Tier", kind: "enum", ops: ["in", "eq"], enumValues: tiers },
        {
          field: "status",
          label: "Status",
          kind: "enum",
          ops: ["in", "eq", "ne"],
          enumValues: subscriptionStatuses,
        },
        { field: "currentPeriodStart", label: "Current Period Start", kind: "date", ops: ["gte", "lte"] },
        { field: "currentPeriodEnd", label: "Current Period End", kind: "date", ops: ["gte", "lte", "isnull"] },
        createdFilter,
      ],
      searchable: false,
      defaultSort: newestFirst,
      formFields: [
        { field: "status", label: "Status", kind: "enum", required: false, enumValues: subscriptionStatuses },
      ],
      can: { list: true, show: true, create: false, edit: true, delete: false, export: true },
      bulkActions: [],
      relations: [{ field: "userId", resource: "users" }],
      people: ["userId"],
    });
  });

  it("payments, for an admin: read-only (a refund is its own action), amounts never negative", () => {
    expect(meta("admin", "payments")).toStrictEqual({
      name: "payments",
      singular: "Payment",
      plural: "Payments",
      primaryKey: "id",
      listColumns: [
        userColumn,
        { field: "amount", label: "Amount", kind: "money", sortable: true },
        { field: "type", label: "Type", kind: "enum", sortable: true, enumValues: paymentTypes },
        { field: "status", label: "Status", kind: "enum", sortable: true, enumValues: paymentStatuses },
        createdColumn,
      ],
      filters: [
        userFilter,
        { field: "amount", label: "Amount", kind: "money", ops: ["gte", "lte"], min: 0 },
        { field: "type", label: "Type", kind: "enum", ops: ["in", "eq"], enumValues: paymentTypes },
        { field: "status", label: "Status", kind: "enum", ops: ["in", "eq", "ne"], enumValues: paymentStatuses },
        createdFilter,
      ],
      searchable: false,
      defaultSort: newestFirst,
      ...readOnlyUserEvidence,
    });
  });

  it("consent records, for an admin: evidence, never edited", () => {
    expect(meta("admin", "consent_logs")).toStrictEqual({
      name: "consent_logs",
      singular: "Consent record",
      plural: "Consent records",
      primaryKey: "id",
      listColumns: [
        userColumn,
        { field: "consentType", label: "Consent Type", kind: "text", sortable: true },
        { field: "granted", label: "Granted", kind: "boolean", sortable: false },
        { field: "ipAddress", label: "IP address", kind: "text", sortable: false },
        { field: "timestamp", label: "Timestamp", kind: "date", sortable: true },
      ],
      filters: [
        userFilter,
        {
          field: "consentType",
          label: "Consent Type",
          kind: "enum",
          ops: ["eq", "in"],
          enumValues: ["terms_of_service", "special_category_data", "ai_features", "marketing"],
        },
        { field: "granted", label: "Granted", kind: "boolean", ops: ["eq"] },
        { field: "timestamp", label: "Timestamp", kind: "date", ops: ["gte", "lte"] },
      ],
      searchable: false,
      defaultSort: { field: "timestamp", order: "desc" },
      ...readOnlyUserEvidence,
    });
  });

  it("compliance log entries, for an admin: the append-only audit trail", () => {
    expect(meta("admin", "compliance_logs")).toStrictEqual({
      name: "compliance_logs",
      singular: "Compliance log entry",
      plural: "Compliance log entries",
      primaryKey: "id",
      listColumns: [
        { field: "timestamp", label: "Timestamp", kind: "date", sortable: true },
        { field: "actionType", label: "Action Type", kind: "text", sortable: true },
        { field: "regulatoryFramework", label: "Framework", kind: "enum", sortable: false, enumValues: frameworks },
        userColumn,
        { field: "staffId", label: "Staff", kind: "uuid", sortable: false },
        { field: "metadata", label: "Metadata", kind: "json", sortable: false },
      ],
      filters: [
        { field: "userId", label: "User", kind: "person", ops: ["eq", "isnull"] },
        { field: "staffId", label: "Staff", kind: "uuid", ops: ["eq", "isnull"] },
        { field: "actionType", label: "Action Type", kind: "text", ops: ["eq", "contains", "in"] },
        { field: "regulatoryFramework", label: "Framework", kind: "enum", ops: ["in", "eq"], enumValues: frameworks },
        { field: "timestamp", label: "Timestamp", kind: "date", ops: ["gte", "lte"] },
      ],
      searchable: true,
      searchHint: "Action Type",
      defaultSort: { field: "timestamp", order: "desc" },
      ...readOnlyUserEvidence,
    });
  });

  it("event registrations, for an admin: created and cancelled here, one person each", () => {
    const registrations = meta("admin", "event_registrations");
    expect(registrations.listColumns).toStrictEqual([
      { field: "eventId", label: "Event", kind: "uuid", sortable: false },
      userColumn,
      { field: "status", label: "Status", kind: "enum", sortable: true, enumValues: registrationStatuses },
      { field: "paymentId", label: "Payment", kind: "uuid", sortable: false },
      createdColumn,
    ]);
    expect(registrations.filters.map((f) => [f.field, f.ops])).toStrictEqual([
      ["eventId", ["eq"]],
      ["userId", ["eq"]],
      ["status", ["in", "eq", "ne"]],
      ["paymentId", ["eq", "isnull"]],
      ["createdAt", ["gte", "lte"]],
    ]);
    expect(registrations.searchable).toBe(false);
    expect(registrations.defaultSort).toStrictEqual({ field: "createdAt", order: "desc" });
    expect(registrations.singular).toBe("Event registration");
    expect(registrations.plural).toBe("Event registrations");
  });
});

describe("what a record's page calls its fields", () => {
  it("every visible field, in table order, in the definition's words where it has its own", () => {
    const labels = (name: string) => fullMetaOf("admin", name).recordLabels;
    expect(labels("users")).toStrictEqual({
      id: "Name",
      email: "Email",
      verified: "Verified",
      subscriptionTier: "Tier",
      createdAt: "Created",
      updatedAt: "Updated",
      lastLoginAt: "Last Login",
      erasedAt: "Erased",
    });
    expect(labels("profiles")).toMatchObject({ userId: "User", maxDistanceKm: "Max distance (km)", bio: "Bio" });
    expect(labels("payments")).toStrictEqual({
      id: "ID",
      userId: "User",
      amount: "Amount",
      type: "Type",
      stripePaymentId: "Stripe payment",
      stripeInvoiceId: "Stripe invoice",
      status: "Status",
      createdAt: "Created",
    });
    expect(labels("subscriptions")).toMatchObject({
      stripeSubscriptionId: "Stripe subscription",
      stripeCustomerId: "Stripe customer",
    });
    expect(labels("consent_logs")).toMatchObject({ ipAddress: "IP address", consentText: "Consent Text" });
    expect(labels("compliance_logs")).toMatchObject({ staffId: "Staff", regulatoryFramework: "Framework" });
    expect(labels("event_registrations")).toMatchObject({ eventId: "Event", paymentId: "Payment" });
    expect(labels("events")).toMatchObject({ videoUrl: "Video URL" });
    expect(labels("messages")).toStrictEqual({
      id: "ID",
      fromUserId: "From",
      toUserId: "To",
      readAt: "Read",
      sentAt: "Sent",
    });
  });
});

/** One row holding every column of the resource's table, each value telling which column it is. */
function fullRow(def: ResourceDefinition): Record<string, unknown> {
  return Object.fromEntries([...def.fieldsByName.keys()].map((field) => [field, `<${field}>`]));
}

describe("what a record shows", () => {
  const shown = (name: keyof typeof registry) =>
    Object.keys(toClientRow(registry[name], "admin", fullRow(registry[name])));

  it("a password hash and a message's content are never part of a record", () => {
    expect(shown("users")).toStrictEqual([
      "id",
      "email",
      "verified",
      "subscriptionTier",
      "createdAt",
      "updatedAt",
      "lastLoginAt",
      "erasedAt",
    ]);
    expect(shown("messages")).toStrictEqual(["id", "fromUserId", "toUserId", "readAt", "sentAt"]);
  });

  it("every other column of a record is shown (the audit chain's own columns included)", () => {
    expect(shown("compliance_logs")).toStrictEqual([
      "id",
      "userId",
      "staffId",
      "actionType",
      "metadata",
      "regulatoryFramework",
      "timestamp",
      "seq",
      "prevHash",
      "hash",
    ]);
    expect(shown("consent_logs")).toStrictEqual([
      "id",
      "userId",
      "consentType",
      "granted",
      "consentText",
      "ipAddress",
      "timestamp",
      "noticeVersion",
      "collectionMethod",
      "jurisdiction",
    ]);
  });

  it("an analyst sees names as initials, no bio, photos, IP address or audit metadata, places to 0.1°", () => {
    const profile = toClientRow(registry.profiles, "analyst", {
      userId: "a0000000-0000-4000-8000-000000000001",
      name: "Ada Lovelace",
      age: 36,
      bio: "Poet of science",
      photos: ["https://example.test/a.jpg"],
      location: { lat: 51.5074, lng: -0.1278 },
    });
    expect(profile).toMatchObject({
      name: "A. L.",
      age: 36,
      bio: null,
      photos: null,
      location: { lat: 51.5, lng: -0.1 },
    });
    expect(toClientRow(registry.users, "analyst", { id: "u1", email: "ada@example.test" }).email).toBe(
      "a***@example.test",
    );
    expect(toClientRow(registry.consent_logs, "analyst", { id: "c1", ipAddress: "203.0.113.7" }).ipAddress).toBeNull();
    expect(
      toClientRow(registry.compliance_logs, "analyst", { id: "l1", metadata: { staffEmail: "x@y.test" } }).metadata,
    ).toBeNull();
    // Whoever does not see masked data sees them as stored.
    expect(
      toClientRow(registry.consent_logs, "compliance_officer", { id: "c1", ipAddress: "203.0.113.7" }),
    ).toMatchObject({
      ipAddress: "203.0.113.7",
    });
  });
});

describe("whose record it is and what a bulk action writes", () => {
  it("each resource names the column holding the user a write is about (the audit row's user)", () => {
    const userColumns = Object.fromEntries(Object.values(registry).map((def) => [def.name, def.userColumn ?? null]));
    expect(userColumns).toStrictEqual({
      users: "id",
      profiles: "userId",
      attachment_assessments: "userId",
      matches: "userAId",
      messages: "fromUserId",
      events: null,
      event_registrations: "userId",
      subscriptions: "userId",
      payments: "userId",
      consent_logs: "userId",
      compliance_logs: "userId",
      ai_interactions: "userId",
    });
  });

  it("an audit row's staff member is shown as the staff member, not an id", () => {
    const staffFields = Object.fromEntries(
      Object.values(registry).flatMap((def) => (def.staff ? [[def.name, def.staff]] : [])),
    );
    expect(staffFields).toStrictEqual({ compliance_logs: ["staffId"] });
  });

  it("verifying users sets verified; cancelling registrations sets the status canceled", () => {
    const bulk = Object.fromEntries(Object.values(registry).flatMap((def) => (def.bulk ? [[def.name, def.bulk]] : [])));
    expect(bulk).toStrictEqual({
      users: { verify: { action: "edit", set: { verified: true } } },
      event_registrations: { cancel: { action: "edit", set: { status: "canceled" } } },
    });
  });

  it("never signed in, or no period bound, sorts as the earliest", () => {
    const dialect = new PgDialect();
    const sortSql = (name: keyof typeof registry, field: string) =>
      dialect.sqlToQuery(registry[name].fieldsByName.get(field)!.sortKey).sql;
    expect(sortSql("users", "lastLoginAt")).toBe(`coalesce("users"."last_login_at", '-infinity'::timestamptz)`);
    expect(sortSql("subscriptions", "currentPeriodStart")).toBe(
      `coalesce("subscriptions"."current_period_start", '-infinity'::timestamptz)`,
    );
    expect(sortSql("subscriptions", "currentPeriodEnd")).toBe(
      `coalesce("subscriptions"."current_period_end", '-infinity'::timestamptz)`,
    );
    expect(sortSql("users", "createdAt")).toBe(`"users"."created_at"`);
  });
});

describe("what a form accepts", () => {
  const issues = (name: keyof typeof registry, input: Record<string, unknown>) => {
    const result = registry[name].updateSchema!.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };

  it("a place is a latitude in [-90, 90] and a longitude in [-180, 180], each bound included", () => {
    expect(issues("profiles", { location: { lat: 90, lng: 180 } })).toEqual([]);
    expect(issues("profiles", { location: { lat: -90, lng: -180 } })).toEqual([]);
    expect(issues("profiles", { location: { lat: 90.001, lng: 0 } })).toEqual([
      "location.lat: Latitude must be between -90 and 90",
    ]);
    expect(issues("profiles", { location: { lat: -90.001, lng: 0 } })).toEqual([
      "location.lat: Latitude must be between -90 and 90",
    ]);
    expect(issues("profiles", { location: { lat: 0, lng: 180.5 } })).toEqual([
      "location.lng: Longitude must be between -180 and 180",
    ]);
    expect(issues("profiles", { location: { lat: 0, lng: -180.5 } })).toEqual([
      "location.lng: Longitude must be between -180 and 180",
    ]);
  });

  it("photos are at most 20 URLs", () => {
    const url = (n: number) => `https://photos.example.test/${n}.jpg`;
    expect(issues("profiles", { photos: Array.from({ length: 20 }, (_, n) => url(n)) })).toEqual([]);
    expect(issues("profiles", { photos: Array.from({ length: 21 }, (_, n) => url(n)) })).toHaveLength(1);
    expect(issues("profiles", { photos: ["not a url"] })).toEqual(["photos.0: Each photo must be a URL"]);
  });

  it("ages and distances say their own range", () => {
    expect(issues("profiles", { age: 17 })).toEqual(["age: Age must be between 18 and 120"]);
    expect(issues("profiles", { minAge: 121 })).toEqual(["minAge: Minimum age must be between 18 and 120"]);
    expect(issues("profiles", { maxAge: 17 })).toEqual(["maxAge: Maximum age must be between 18 and 120"]);
    expect(issues("profiles", { maxDistanceKm: 0 })).toEqual([
      "maxDistanceKm: Distance must be between 1 and 20000 km",
    ]);
    expect(issues("profiles", { age: 18, minAge: 120, maxDistanceKm: 20000 })).toEqual([]);
  });

  it("an event's video link is a URL of at most 500 characters", () => {
    const link = (length: number) => `https://video.example.test/${"v".repeat(length - 27)}`;
    expect(link(500)).toHaveLength(500);
    expect(issues("events", { videoUrl: link(500) })).toEqual([]);
    expect(issues("events", { videoUrl: link(501) })).toHaveLength(1);
    expect(issues("events", { videoUrl: "video" })).toEqual(["videoUrl: Must be a URL"]);
  });

  it("a profile's age preferences may not cross; an event ends after it starts", () => {
    expect(registry.profiles.check!({ minAge: 40, maxAge: 30 })).toEqual({
      maxAge: "Maximum age must not be below minimum age",
    });
    expect(registry.profiles.check!({ minAge: 30, maxAge: 30 })).toBeUndefined();
    const at = (iso: string) => new Date(iso);
    expect(registry.events.check!({ startTime: at("2026-05-01T18:00Z"), endTime: at("2026-05-01T18:00Z") })).toEqual({
      endTime: "End time must be after start time",
    });
    expect(
      registry.events.check!({ startTime: at("2026-05-01T18:00Z"), endTime: at("2026-05-01T18:00:01Z") }),
    ).toBeUndefined();
    expect(registry.events.check!({ startTime: at("2026-05-01T18:00Z"), endTime: at("2026-05-01T17:00Z") })).toEqual({
      endTime: "End time must be after start time",
    });
    // Without both times (a missing one is the field rules' to report) there is nothing to compare.
    expect(registry.events.check!({ startTime: at("2026-05-01T18:00Z"), endTime: null })).toBeUndefined();
  });
});
