import { describe, expect, it } from "vitest";
import { resourceMetadata } from "@/server/resources/metadata";
import {
  createdColumn,
  createdFilter,
  metaOf,
  newestFirst,
  readOnlyUserEvidence,
  userColumn,
  userFilter,
} from "./resourceMetaOf";

/**
 * Mutation tests (issue #13 §5) for resourceMetadata (metadata.ts), the registry as the browser
 * gets it, no database. The expected metadata is written out by hand from the definitions
 * (server/resources/definitions/*.ts), the schema's NOT NULL and defaults, and the permission
 * matrix (server/auth/permissions.ts).
 */
const meta = metaOf;
const eventTypes = ["speed_dating", "workshop", "ama", "mixer"];
const tiers = ["free", "premium", "elite"];

describe("resource metadata for the browser", () => {
  it("each role gets the resources it may list, in the registry's order", () => {
    const all = [
      "users",
      "profiles",
      "attachment_assessments",
      "matches",
      "messages",
      "events",
      "event_registrations",
      "subscriptions",
      "payments",
      "consent_logs",
      "compliance_logs",
      "ai_interactions",
    ];
    expect(resourceMetadata("admin").map((m) => m.name)).toEqual(all);
    expect(resourceMetadata("analyst").map((m) => m.name)).toEqual(all);
    expect(resourceMetadata("trust_safety").map((m) => m.name)).toEqual([
      "users",
      "profiles",
      "attachment_assessments",
      "matches",
      "messages",
      "events",
      "event_registrations",
      "subscriptions",
      "payments",
    ]);
  });

  it("events, for an admin", () => {
    expect(meta("admin", "events")).toStrictEqual({
      name: "events",
      singular: "Event",
      plural: "Events",
      primaryKey: "id",
      listColumns: [
        { field: "title", label: "Title", kind: "text", sortable: true },
        { field: "type", label: "Type", kind: "enum", sortable: true, enumValues: eventTypes },
        { field: "startTime", label: "Start Time", kind: "date", sortable: true },
        { field: "endTime", label: "End Time", kind: "date", sortable: true },
        { field: "capacity", label: "Capacity", kind: "number", sortable: true },
        { field: "price", label: "Price", kind: "money", sortable: true },
        { field: "hostName", label: "Host Name", kind: "text", sortable: false },
      ],
      filters: [
        { field: "title", label: "Title", kind: "text", ops: ["contains", "eq"] },
        { field: "type", label: "Type", kind: "enum", ops: ["in", "eq"], enumValues: eventTypes },
        { field: "startTime", label: "Start Time", kind: "date", ops: ["gte", "lte"] },
        { field: "endTime", label: "End Time", kind: "date", ops: ["gte", "lte"] },
        { field: "capacity", label: "Capacity", kind: "number", ops: ["gte", "lte"], min: 1, max: 100_000 },
        { field: "price", label: "Price", kind: "money", ops: ["gte", "lte"], min: 0, max: 100_000 },
      ],
      searchable: true,
      searchHint: "Title, Host Name",
      defaultSort: { field: "startTime", order: "desc" },
      formFields: [
        { field: "title", label: "Title", kind: "text", required: true },
        { field: "description", label: "Description", kind: "text", required: false },
        { field: "type", label: "Type", kind: "enum", required: true, enumValues: eventTypes },
        { field: "startTime", label: "Start Time", kind: "date", required: true },
        { field: "endTime", label: "End Time", kind: "date", required: true },
        { field: "capacity", label: "Capacity", kind: "number", required: true, min: 1, max: 100_000 },
        { field: "price", label: "Price", kind: "money", required: false, max: 100_000 },
        { field: "hostName", label: "Host Name", kind: "text", required: false },
        { field: "videoUrl", label: "Video URL", kind: "text", required: false },
      ],
      can: { list: true, show: true, create: true, edit: true, delete: true, export: true },
      bulkActions: [],
      relations: [],
      people: [],
      titleField: "title",
    });
  });

  it("users, for an analyst: masked columns neither sorted, filtered nor searched", () => {
    expect(meta("analyst", "users")).toStrictEqual({
      name: "users",
      singular: "User",
      plural: "Users",
      primaryKey: "id",
      listColumns: [
        { field: "email", label: "Email", kind: "text", sortable: false },
        { field: "id", label: "Name", kind: "person", sortable: false },
        { field: "verified", label: "Verified", kind: "boolean", sortable: false },
        { field: "subscriptionTier", label: "Tier", kind: "enum", sortable: true, enumValues: tiers },
        createdColumn,
        { field: "lastLoginAt", label: "Last Login", kind: "date", sortable: true },
      ],
      filters: [
        { field: "verified", label: "Verified", kind: "boolean", ops: ["eq"] },
        { field: "subscriptionTier", label: "Tier", kind: "enum", ops: ["in", "eq", "ne"], enumValues: tiers },
        createdFilter,
        { field: "lastLoginAt", label: "Last Login", kind: "date", ops: ["gte", "lte", "isnull"] },
        { field: "gender", label: "Gender", kind: "enum", ops: ["in"], enumValues: ["woman", "man", "non-binary"] },
      ],
      searchable: false,
      defaultSort: newestFirst,
      formFields: [
        { field: "verified", label: "Verified", kind: "boolean", required: false },
        { field: "subscriptionTier", label: "Tier", kind: "enum", required: false, enumValues: tiers },
      ],
      can: { list: true, show: true, create: false, edit: false, delete: false, export: true },
      bulkActions: [],
      relations: [],
      people: ["id"],
    });
  });

  it("users, for an admin: the email sortable, filterable and searchable; bulk verify", () => {
    const users = meta("admin", "users");
    expect(users.listColumns[0]).toEqual({ field: "email", label: "Email", kind: "text", sortable: true });
    expect(users.filters[0]).toEqual({ field: "email", label: "Email", kind: "text", ops: ["contains", "eq"] });
    expect(users.searchable).toBe(true);
    expect(users.searchHint).toBe("Email");
    expect(users.bulkActions).toEqual(["verify"]);
    expect(users.can).toEqual({ list: true, show: true, create: false, edit: true, delete: false, export: true });
  });

  it("event registrations, for trust & safety: people, ids set once, bulk cancel, relations", () => {
    const registrations = meta("trust_safety", "event_registrations");
    expect(registrations.formFields).toStrictEqual([
      { field: "eventId", label: "Event", kind: "uuid", required: true, readOnlyOnEdit: true },
      { field: "userId", label: "User", kind: "person", required: true, readOnlyOnEdit: true },
      {
        field: "status",
        label: "Status",
        kind: "enum",
        required: false,
        enumValues: ["registered", "attended", "no_show", "canceled"],
      },
      { field: "paymentId", label: "Payment", kind: "uuid", required: false, readOnlyOnEdit: true },
    ]);
    expect(registrations.filters.map((f) => [f.field, f.kind])).toEqual([
      ["eventId", "uuid"],
      ["userId", "person"],
      ["status", "enum"],
      ["paymentId", "uuid"],
      ["createdAt", "date"],
    ]);
    expect(registrations.can).toEqual({ list: true, show: true, create: true, edit: true, delete: true, export: true });
    expect(registrations.bulkActions).toEqual(["cancel"]);
    expect(registrations.relations).toEqual([
      { field: "eventId", resource: "events" },
      { field: "userId", resource: "users" },
      { field: "paymentId", resource: "payments" },
    ]);
    expect(registrations.people).toEqual(["userId"]);
    expect(registrations).not.toHaveProperty("titleField");
  });

  it("messages, for an admin: read-only evidence between two people, the content never a column", () => {
    expect(meta("admin", "messages")).toStrictEqual({
      name: "messages",
      singular: "Message",
      plural: "Messages",
      primaryKey: "id",
      listColumns: [
        { field: "fromUserId", label: "From", kind: "person", sortable: false },
        { field: "toUserId", label: "To", kind: "person", sortable: false },
        { field: "sentAt", label: "Sent", kind: "date", sortable: true },
        { field: "readAt", label: "Read", kind: "date", sortable: false },
      ],
      filters: [
        { field: "fromUserId", label: "From", kind: "person", ops: ["eq"] },
        { field: "toUserId", label: "To", kind: "person", ops: ["eq"] },
        { field: "sentAt", label: "Sent", kind: "date", ops: ["gte", "lte"] },
        { field: "readAt", label: "Read", kind: "date", ops: ["gte", "lte", "isnull"] },
      ],
      searchable: false,
      defaultSort: { field: "sentAt", order: "desc" },
      formFields: [],
      can: { list: true, show: true, create: false, edit: false, delete: false, export: true },
      bulkActions: [],
      relations: [
        { field: "fromUserId", resource: "users" },
        { field: "toUserId", resource: "users" },
      ],
      people: ["fromUserId", "toUserId"],
    });
  });

  it("attachment assessments, for an admin: read-only, scores on the schema's 0–100 scale", () => {
    const styles = ["secure", "anxious", "avoidant", "fearful-avoidant"];
    expect(meta("admin", "attachment_assessments")).toStrictEqual({
      name: "attachment_assessments",
      singular: "Attachment assessment",
      plural: "Attachment assessments",
      primaryKey: "id",
      listColumns: [
        userColumn,
        { field: "style", label: "Style", kind: "enum", sortable: true, enumValues: styles },
        { field: "anxietyScore", label: "Anxiety Score", kind: "number", sortable: true },
        { field: "avoidanceScore", label: "Avoidance Score", kind: "number", sortable: true },
        { field: "assessmentVersion", label: "Assessment Version", kind: "text", sortable: false },
        createdColumn,
      ],
      filters: [
        userFilter,
        { field: "style", label: "Style", kind: "enum", ops: ["in", "eq"], enumValues: styles },
        { field: "anxietyScore", label: "Anxiety Score", kind: "number", ops: ["gte", "lte"], min: 0, max: 100 },
        { field: "avoidanceScore", label: "Avoidance Score", kind: "number", ops: ["gte", "lte"], min: 0, max: 100 },
        createdFilter,
      ],
      searchable: false,
      defaultSort: newestFirst,
      ...readOnlyUserEvidence,
    });
  });

  it("AI interactions, for a compliance officer: read-only EU AI Act evidence", () => {
    const aiTypes = ["practice_companion", "relationship_coach", "profile_optimizer", "conversation_starter"];
    expect(meta("compliance_officer", "ai_interactions")).toStrictEqual({
      name: "ai_interactions",
      singular: "AI interaction",
      plural: "AI interactions",
      primaryKey: "id",
      listColumns: [
        userColumn,
        { field: "aiType", label: "AI type", kind: "enum", sortable: true, enumValues: aiTypes },
        { field: "disclosureShown", label: "Disclosure Shown", kind: "boolean", sortable: false },
        { field: "userConsented", label: "User Consented", kind: "boolean", sortable: false },
        createdColumn,
      ],
      filters: [
        userFilter,
        { field: "aiType", label: "AI type", kind: "enum", ops: ["in", "eq"], enumValues: aiTypes },
        { field: "disclosureShown", label: "Disclosure Shown", kind: "boolean", ops: ["eq"] },
        { field: "userConsented", label: "User Consented", kind: "boolean", ops: ["eq"] },
        createdFilter,
      ],
      searchable: false,
      defaultSort: newestFirst,
      ...readOnlyUserEvidence,
    });
  });

  it("what each role may do follows the matrix and what the definition allows", () => {
    const none = { create: false, edit: false, delete: false };
    expect(meta("compliance_officer", "events").can).toEqual({ list: true, show: true, ...none, export: true });
    expect(meta("admin", "payments").can).toEqual({ list: true, show: true, ...none, export: true });
    expect(meta("admin", "matches").can).toEqual({
      list: true,
      show: true,
      create: false,
      edit: true,
      delete: false,
      export: true,
    });
    expect(meta("compliance_officer", "event_registrations").bulkActions).toEqual([]);
    expect(meta("analyst", "event_registrations").bulkActions).toEqual([]);
  });

  it("open lists filter as a choice of their known values; numbers carry their range", () => {
    expect(meta("analyst", "consent_logs").filters).toEqual([
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
    ]);
    expect(meta("admin", "profiles").filters.find((f) => f.field === "age")).toEqual({
      field: "age",
      label: "Age",
      kind: "number",
      ops: ["gte", "lte", "eq"],
      min: 18,
      max: 120,
    });
    expect(meta("admin", "matches").filters.find((f) => f.field === "compatibilityScore")).toEqual({
      field: "compatibilityScore",
      label: "Compatibility",
      kind: "number",
      ops: ["gte", "lte"],
      min: 0,
      max: 100,
    });
    const profileForm = meta("admin", "profiles").formFields;
    expect(profileForm.find((f) => f.field === "maxDistanceKm")).toStrictEqual({
      field: "maxDistanceKm",
      label: "Max distance (km)",
      kind: "number",
      required: false,
      min: 1,
      max: 20000,
    });
    // An edit-only form requires nothing, NOT NULL or not: the record already has every value.
    expect(profileForm.find((f) => f.field === "name")).toStrictEqual({
      field: "name",
      label: "Name",
      kind: "text",
      required: false,
    });
    expect(meta("admin", "subscriptions").formFields).toStrictEqual([
      {
        field: "status",
        label: "Status",
        kind: "enum",
        required: false,
        enumValues: ["active", "canceled", "past_due", "trialing"],
      },
    ]);
    expect(meta("analyst", "profiles").searchable).toBe(false);
    expect(meta("analyst", "compliance_logs")).toMatchObject({ searchable: true, searchHint: "Action Type" });
  });
});
