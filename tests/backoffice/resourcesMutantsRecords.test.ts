import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { sql } from "@/db/client";
import { events } from "@/db/schema";
import type { StaffRole } from "@/db/schema/enums";
import type { Transaction } from "@/server/actions/defineAction";
import { runAsActor, type StaffActor } from "@/server/auth/actor";
import { firstListPage } from "@/server/resources/firstListPage";
import { getRecord, showRecord } from "@/server/resources/getRecord";
import { bulkIn, createIn, deleteIn, updateIn } from "@/server/resources/mutations";
import { recordExists } from "@/server/resources/recordNotFound";
import { recordPageTitle } from "@/server/resources/recordTitle";
import { refund } from "@/server/resources/refund";
import { register } from "@/server/resources/registerForEvent";
import { requireRecord } from "@/server/resources/requireRecord";
import { registry } from "@/server/resources/registry";
import type { ResourceDefinition } from "@/server/resources/types";
import { useFreshDatabase } from "../support/database";
import { getJson, getResponse, inRolledBackTransaction, insertStaff, refusal, staff } from "./support";

/**
 * Mutation tests (issue #13 §5) for the write path (mutations.ts), one record and a user's related
 * records (getRecord.ts), the route handlers (routes.ts), the server-rendered first page
 * (firstListPage.ts) and page titles (recordTitle.ts), on a fresh database holding only the rows
 * written below. Writes run in a transaction rolled back after each check, so every check starts
 * from the same rows; every expected value is written out by hand from them.
 */
const database = useFreshDatabase();
const u = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const [U1, U2, U3, U4] = [1, 2, 3, 4].map(u);
const [E1, E2, E3] = [1, 2, 3].map((n) => `00000000-0000-4000-9000-00000000000${n}`);
const M1 = "00000000-0000-4000-a000-000000000001";
const M2 = "00000000-0000-4000-a000-000000000002";
const payment = (n: number) => `00000000-0000-4000-c000-0000000000${String(n).padStart(2, "0")}`;
const missing = "00000000-0000-4000-8000-000000000099";

beforeAll(async () => {
  const db = database();
  await insertStaff(db);
  await db.rows(sql`
    INSERT INTO users (id, email, password_hash, verified, subscription_tier, created_at) VALUES
      (${U1}, 'ann@example.test', 'x', false, 'free', '2026-01-01 00:00:00+00'),
      (${U2}, 'bob@example.test', 'x', true, 'premium', '2026-01-02 00:00:00+00'),
      (${U3}, 'cid@example.test', 'x', false, 'free', '2026-01-03 00:00:00+00'),
      (${U4}, 'dan@example.test', 'x', false, 'elite', '2026-01-04 00:00:00+00')`);
  await db.rows(sql`
    INSERT INTO profiles (user_id, name, age, gender, bio) VALUES
      (${U1}, 'Ann Lee', 30, 'woman', '0'), (${U2}, 'Bob Stone', 41, 'man', NULL)`);
  await db.rows(sql`
    INSERT INTO events (id, title, type, start_time, end_time, capacity, price) VALUES
      (${E1}, 'Ball', 'mixer', '2030-01-01 18:00:00+00', '2030-01-01 20:00:00+00', 2, 10),
      (${E2}, 'Talk', 'ama', '2030-02-01 18:00:00+00', '2030-02-01 19:00:00+00', 5, 0),
      (${E3}, 'Dinner', 'mixer', '2030-03-01 18:00:00+00', '2030-03-01 19:00:00+00', 2, 30)`);
  await db.rows(sql`
    INSERT INTO event_registrations (event_id, user_id, status) VALUES
      (${E1}, ${U1}, 'registered'), (${E1}, ${U2}, 'canceled'), (${E3}, ${U1}, 'registered'), (${E3}, ${U2}, 'attended')`);
  for (let n = 1; n <= 21; n++)
    await db.rows(sql`INSERT INTO payments (id, user_id, amount, type, status, created_at)
      VALUES (${payment(n)}, ${U1}, ${n}, 'super_like', 'succeeded', ${`2026-01-${String(22 - n).padStart(2, "0")} 00:00:00+00`})`);
  await db.rows(sql`
    INSERT INTO consent_logs (user_id, consent_type, granted, timestamp) VALUES
      (${U1}, 'marketing', true, '2026-01-10 00:00:00+00'),
      (${U1}, 'marketing', false, '2026-01-11 00:00:00+00'),
      (${U1}, 'ai_features', true, '2026-01-05 00:00:00+00'),
      (${U2}, 'marketing', true, '2026-01-12 00:00:00+00')`);
  await db.rows(sql`
    INSERT INTO messages (from_user_id, to_user_id, content) VALUES
      (${U1}, ${U2}, 'x'), (${U1}, ${U2}, 'y'), (${U2}, ${U1}, 'z'), (${U2}, ${U3}, 'w')`);
  await db.rows(sql`INSERT INTO ai_interactions (user_id, ai_type) VALUES (${U1}, 'relationship_coach')`);
  await db.rows(sql`
    INSERT INTO matches (id, user_a_id, user_b_id, compatibility_score, status) VALUES
      (${M1}, ${U1}, ${U2}, 80, 'matched'), (${M2}, ${U2}, ${U3}, 40, 'pending')`);
  await db.rows(sql`INSERT INTO subscriptions (user_id, tier, status) VALUES (${U1}, 'premium', 'active')`);
  await db.rows(sql`INSERT INTO attachment_assessments (user_id, anxiety_score, avoidance_score, style, total_questions)
    VALUES (${U1}, 1.5, 2.5, 'secure', 36)`);
});

const rolledBack = <T>(fn: (tx: Transaction) => Promise<T>) => inRolledBackTransaction(database(), fn);
const at = (text: string) => new Date(text);

describe("create", () => {
  it("inserts, returns the client row and audits the field names given", async () => {
    const result = await rolledBack((tx) =>
      createIn(registry.events, tx, "admin", {
        title: "Gala",
        type: "mixer",
        startTime: at("2031-01-01T18:00:00Z"),
        endTime: at("2031-01-01T20:00:00Z"),
        capacity: 10,
        price: "5.00",
        description: undefined,
      }),
    );
    expect(result.data).toMatchObject({
      title: "Gala",
      price: "5.00",
      capacity: 10,
      description: null,
      startTime: "2031-01-01T18:00:00.000Z",
    });
    expect(result.audit).toEqual({
      resource: "events",
      action: "create",
      recordId: result.data.id,
      userId: null,
      changedFields: ["title", "type", "startTime", "endTime", "capacity", "price"],
    });
  });

  it("names the platform user the record concerns, and runs the definition's capacity check first", async () => {
    const result = await rolledBack((tx) =>
      createIn(registry.event_registrations, tx, "analyst", { eventId: E1, userId: U3, status: "registered" }),
    );
    expect(result.audit).toMatchObject({ action: "create", recordId: result.data.id, userId: U3 });
    expect(result.data).toMatchObject({ eventId: E1, userId: U3, status: "registered" });
    expect(
      await refusal(() =>
        rolledBack((tx) =>
          createIn(registry.event_registrations, tx, "admin", { eventId: E3, userId: U3, status: "registered" }),
        ),
      ),
    ).toEqual({ code: "conflict", message: "Event is full", fieldErrors: { eventId: "Event is full" } });
  });

  it("rules across fields refuse with the first message; an empty verdict is no refusal", async () => {
    const values = {
      title: "Late",
      type: "ama",
      startTime: at("2031-01-01T18:00:00Z"),
      endTime: at("2031-01-01T18:00:00Z"),
      capacity: 1,
      price: "0.00",
    };
    expect(await refusal(() => rolledBack((tx) => createIn(registry.events, tx, "admin", values)))).toEqual({
      code: "invalid",
      message: "End time must be after start time",
      fieldErrors: { endTime: "End time must be after start time" },
    });
    const lenient: ResourceDefinition = { ...registry.events, check: () => ({}) };
    const created = await rolledBack((tx) =>
      createIn(lenient, tx, "admin", { ...values, endTime: at("2031-01-01T19:00:00Z") }),
    );
    expect(created.data.title).toBe("Late");
    const twoProblems: ResourceDefinition = {
      ...registry.events,
      check: () => ({ capacity: "First problem", price: "Second problem" }),
    };
    expect(await refusal(() => rolledBack((tx) => createIn(twoProblems, tx, "admin", values)))).toEqual({
      code: "invalid",
      message: "First problem",
      fieldErrors: { capacity: "First problem", price: "Second problem" },
    });
  });
});

describe("update", () => {
  const update = (def: ResourceDefinition, id: string, values: Record<string, unknown>) =>
    rolledBack((tx) => updateIn(def, tx, "admin", id, values));

  it("writes and audits only the fields whose value changes, naming the user", async () => {
    const result = await update(registry.profiles, U1, { bio: "", name: "Ann Lee", age: 30 });
    expect(result.data).toMatchObject({ id: U1, bio: "", name: "Ann Lee" });
    expect(result.audit).toEqual({
      resource: "profiles",
      action: "update",
      recordId: U1,
      userId: U1,
      changedFields: ["bio"],
    });
  });

  it("empty and null are not zero", async () => {
    expect((await update(registry.profiles, U1, { bio: null })).audit).toMatchObject({ changedFields: ["bio"] });
    expect((await update(registry.profiles, U2, { bio: "0" })).audit).toMatchObject({ changedFields: ["bio"] });
    expect((await update(registry.profiles, U2, { bio: "" })).audit).toMatchObject({ changedFields: ["bio"] });
    const fromEmpty = await rolledBack(async (tx) => {
      await tx.execute(sql`UPDATE profiles SET bio = '' WHERE user_id = ${U2}`);
      return updateIn(registry.profiles, tx, "admin", U2, { bio: "0" });
    });
    expect(fromEmpty.audit).toMatchObject({ changedFields: ["bio"] });
  });

  it("an update that changes nothing writes nothing and returns the record as it is", async () => {
    const same = await update(registry.profiles, U1, { bio: "0", age: 30, gender: undefined });
    expect(same.audit).toEqual([]);
    expect(same.data).toMatchObject({ id: U1, bio: "0", age: 30, gender: "woman" });
    // Money comes back as text ("10.00"); a form sends a number or other text for the same amount.
    expect((await update(registry.events, E1, { price: 10 })).audit).toEqual([]);
    expect((await update(registry.events, E1, { price: "10.0" })).audit).toEqual([]);
    expect((await update(registry.events, E1, { capacity: 2, startTime: at("2030-01-01T18:00:00Z") })).audit).toEqual(
      [],
    );
    expect((await update(registry.users, U1, { verified: false })).audit).toEqual([]);
    // JSON values compare by content: the same photo list again is no change, another one is.
    const photos = ["https://x.test/a.jpg", "https://x.test/b.jpg"];
    const samePhotos = await rolledBack(async (tx) => {
      await tx.execute(sql`UPDATE profiles SET photos = ${JSON.stringify(photos)}::jsonb WHERE user_id = ${U1}`);
      return updateIn(registry.profiles, tx, "admin", U1, { photos: [...photos] });
    });
    expect(samePhotos.audit).toEqual([]);
    const otherPhotos = await rolledBack(async (tx) => {
      await tx.execute(sql`UPDATE profiles SET photos = ${JSON.stringify(photos)}::jsonb WHERE user_id = ${U1}`);
      return updateIn(registry.profiles, tx, "admin", U1, { photos: [photos[1], photos[0]] });
    });
    expect(otherPhotos.audit).toMatchObject({ changedFields: ["photos"] });
    const changed = await update(registry.events, E1, { price: "10.50", capacity: 2, title: "Ball" });
    expect(changed.audit).toMatchObject({ changedFields: ["price"] });
    expect(changed.data).toMatchObject({ price: "10.50", capacity: 2 });
  });

  it("text that reads as the same number is still other text; a point is the same whatever its key order", async () => {
    // Bio "0" → "0.0" and title "100" → "1e2" are edits: only numeric columns compare as numbers.
    const bio = await update(registry.profiles, U1, { bio: "0.0" });
    expect(bio.audit).toMatchObject({ changedFields: ["bio"] });
    expect(bio.data).toMatchObject({ bio: "0.0" });
    const title = await rolledBack(async (tx) => {
      await tx.execute(sql`UPDATE events SET title = '100' WHERE id = ${E1}`);
      return updateIn(registry.events, tx, "admin", E1, { title: "1e2" });
    });
    expect(title.audit).toMatchObject({ changedFields: ["title"] });
    // The database returns a point as {lng, lat}; a form sends {lat, lng}: the same point is no change.
    const samePoint = await rolledBack(async (tx) => {
      await tx.execute(sql`UPDATE profiles SET location = 'SRID=4326;POINT(2 1)'::geography WHERE user_id = ${U1}`);
      return updateIn(registry.profiles, tx, "admin", U1, { location: { lat: 1, lng: 2 } });
    });
    expect(samePoint.audit).toEqual([]);
    const otherPoint = await rolledBack(async (tx) => {
      await tx.execute(sql`UPDATE profiles SET location = 'SRID=4326;POINT(2 1)'::geography WHERE user_id = ${U1}`);
      return updateIn(registry.profiles, tx, "admin", U1, { location: { lat: 2, lng: 1 } });
    });
    expect(otherPoint.audit).toMatchObject({ changedFields: ["location"] });
  });

  it("a boolean is not the number 1", async () => {
    expect((await update(registry.users, U2, { verified: true })).audit).toEqual([]);
    // true for a capacity of 1 is a change (which the database then refuses), not "nothing to do".
    const outcome = rolledBack(async (tx) => {
      await tx.execute(sql`UPDATE events SET capacity = 1 WHERE id = ${E2}`);
      return updateIn(registry.events, tx, "admin", E2, { capacity: true });
    });
    await expect(outcome).rejects.toThrow();
  });

  it("rules across fields run on the merged row; the capacity check sees the previous row", async () => {
    expect(await refusal(() => update(registry.events, E1, { startTime: at("2030-01-01T21:00:00Z") }))).toEqual({
      code: "invalid",
      message: "End time must be after start time",
      fieldErrors: { endTime: "End time must be after start time" },
    });
    expect(await refusal(() => update(registry.events, E3, { capacity: 1 }))).toEqual({
      code: "invalid",
      message: "Capacity cannot be below the 2 current registrations",
      fieldErrors: { capacity: "Capacity cannot be below the 2 current registrations" },
    });
    expect((await update(registry.events, E3, { capacity: 3 })).data.capacity).toBe(3);
  });

  it("a malformed or missing id is not found, naming it", async () => {
    expect(await refusal(() => update(registry.events, "xyz", { title: "T" }))).toEqual({
      code: "not_found",
      message: 'Event not found: "xyz" is not a record id.',
      fieldErrors: undefined,
    });
    expect(await refusal(() => update(registry.events, missing, { title: "T" }))).toEqual({
      code: "not_found",
      message: `Event not found: no event has the id "${missing}".`,
      fieldErrors: undefined,
    });
  });
});

describe("delete", () => {
  it("deletes the record and audits the deletion with no fields", async () => {
    const result = await rolledBack(async (tx) => {
      const deleted = await deleteIn(registry.events, tx, E2);
      const left = await tx.select({ id: events.id }).from(events).where(eq(events.id, E2));
      return { deleted, left };
    });
    expect(result.deleted).toEqual({
      data: { id: E2 },
      audit: { resource: "events", action: "delete", recordId: E2, userId: null, changedFields: [] },
    });
    expect(result.left).toEqual([]);
    const [row] = await database().rows<{ id: string }>(
      sql`SELECT id FROM event_registrations WHERE event_id = ${E1} AND user_id = ${U1}`,
    );
    const registration = await rolledBack((tx) => deleteIn(registry.event_registrations, tx, row.id));
    expect(registration.audit).toMatchObject({ action: "delete", userId: U1 });
    expect(await refusal(() => rolledBack((tx) => deleteIn(registry.events, tx, missing)))).toMatchObject({
      code: "not_found",
    });
    expect(await refusal(() => rolledBack((tx) => deleteIn(registry.events, tx, "nope")))).toMatchObject({
      code: "not_found",
      message: 'Event not found: "nope" is not a record id.',
    });
  });
});

describe("bulk actions", () => {
  const bulk = (def: ResourceDefinition, role: StaffRole, action: string, selection: Parameters<typeof bulkIn>[4]) =>
    rolledBack((tx) => bulkIn(def, tx, role, action, selection));

  it("an action the resource has not is refused by name", async () => {
    expect(await refusal(() => bulk(registry.events, "admin", "archive", { ids: [E1] }))).toEqual({
      code: "invalid",
      message: "Events have no bulk action archive",
      fieldErrors: undefined,
    });
  });

  it("changes and audits only the selected records not already in the target state", async () => {
    expect(await bulk(registry.users, "admin", "verify", { ids: [U1, U2] })).toEqual({
      data: { matched: 2, changed: 1 },
      audit: [{ resource: "users", action: "bulk_verify", recordId: U1, userId: U1, changedFields: ["verified"] }],
    });
    expect(await bulk(registry.users, "admin", "verify", { ids: [missing] })).toEqual({
      data: { matched: 0, changed: 0 },
      audit: [],
    });
    const cancel = await bulk(registry.event_registrations, "trust_safety", "cancel", {
      query: { "f.eventId.eq": E1 },
      expectedCount: 2,
    });
    expect(cancel.data).toEqual({ matched: 2, changed: 1 });
    expect(cancel.audit).toEqual([
      expect.objectContaining({ action: "bulk_cancel", userId: U1, changedFields: ["status"] }),
    ]);
  });

  it("select-all: the count must still be the one the person saw, and the role's filters apply", async () => {
    const query = { "f.verified.eq": "false" };
    const message = "The selection changed: 3 records match now, 2 were selected. Review the list and try again.";
    expect(await refusal(() => bulk(registry.users, "admin", "verify", { query, expectedCount: 2 }))).toEqual({
      code: "conflict",
      message,
      fieldErrors: { selection: message },
    });
    const all = await bulk(registry.users, "admin", "verify", { query, expectedCount: 3 });
    expect(all.data).toEqual({ matched: 3, changed: 3 });
    expect((all.audit as { recordId: string }[]).map((a) => a.recordId).sort()).toEqual([U1, U3, U4]);
    expect(
      await refusal(() =>
        bulk(registry.users, "analyst", "verify", { query: { "f.email.contains": "ann" }, expectedCount: 1 }),
      ),
    ).toMatchObject({ code: "invalid", fieldErrors: { "f.email.contains": "your role cannot filter by email" } });
  });

  it("refuses more than 5,000 matching records and takes exactly 5,000", async () => {
    const outcome = await rolledBack(async (tx) => {
      await tx.execute(sql`INSERT INTO users (email, password_hash)
        SELECT 'bulk-' || g || '@example.test', 'x' FROM generate_series(1, 5001) AS g`);
      const tooMany = await refusal(() =>
        bulkIn(registry.users, tx, "admin", "verify", { query: { "f.email.contains": "bulk-" }, expectedCount: 5000 }),
      );
      await tx.execute(sql`DELETE FROM users WHERE email = 'bulk-5001@example.test'`);
      const fine = await bulkIn(registry.users, tx, "admin", "verify", {
        query: { "f.email.contains": "bulk-" },
        expectedCount: 5000,
      });
      return { tooMany, fine: fine.data };
    });
    const message = "More than 5000 records match; narrow the filters (bulk actions take at most 5000)";
    expect(outcome.tooMany).toEqual({ code: "invalid", message, fieldErrors: { selection: message } });
    expect(outcome.fine).toEqual({ matched: 5000, changed: 5000 });
  });
});

describe("one record and a user's related records", () => {
  it("one record as the role sees it; a malformed or missing id is not found", async () => {
    expect(await getRecord(database(), registry.users, "analyst", U1)).toMatchObject({
      id: U1,
      email: "a***@example.test",
    });
    expect(await refusal(() => getRecord(database(), registry.users, "admin", "nope"))).toEqual({
      code: "not_found",
      message: 'User not found: "nope" is not a record id.',
      fieldErrors: undefined,
    });
    expect(await refusal(() => getRecord(database(), registry.users, "admin", missing))).toMatchObject({
      code: "not_found",
      message: `User not found: no user has the id "${missing}".`,
    });
  });

  it("related records only for users, and only when asked", async () => {
    const event = await showRecord(database(), registry.events, "admin", E1, "related");
    expect(Object.keys(event).sort()).toEqual(["data", "people"]);
    expect(event.data).toMatchObject({ id: E1, title: "Ball" });
    const user = await showRecord(database(), registry.users, "admin", U1);
    expect(Object.keys(user).sort()).toEqual(["data", "people"]);
    expect(Object.keys(user.people)).toEqual([U1]);
    const match = await showRecord(database(), registry.matches, "admin", M1);
    expect(Object.keys(match.people).sort()).toEqual([U1, U2]);
  });

  it("everything about a user, newest first, 20 at most, for a role that may list each part", async () => {
    const shown = await showRecord(database(), registry.users, "compliance_officer", U1, "related");
    const related = shown.related!;
    expect(related.profile).toMatchObject({ id: U1, name: "Ann Lee" });
    expect(related.assessment).toMatchObject({ userId: U1, style: "secure" });
    expect(related.subscription).toMatchObject({ userId: U1, tier: "premium" });
    expect(related.payments.map((p) => p.id)).toEqual(Array.from({ length: 20 }, (_, i) => payment(i + 1)));
    expect(related.matches.map((m) => m.id)).toEqual([M1]);
    expect(related.messageCounts).toEqual({ sent: 2, received: 1 });
    expect(related.consentState).toEqual([
      { consentType: "ai_features", granted: true, timestamp: "2026-01-05T00:00:00.000Z" },
      { consentType: "marketing", granted: false, timestamp: "2026-01-11T00:00:00.000Z" },
    ]);
    expect(related.aiInteractions.map((a) => a.aiType)).toEqual(["relationship_coach"]);
    expect(Object.keys(shown.people).sort()).toEqual([U1, U2]);

    const limited = (await showRecord(database(), registry.users, "trust_safety", U1, "related")).related!;
    expect(limited.consentState).toEqual([]);
    expect(limited.aiInteractions).toEqual([]);
    expect(limited.payments).toHaveLength(20);
    expect(limited.messageCounts).toEqual({ sent: 2, received: 1 });

    const nobody = (await showRecord(database(), registry.users, "admin", U4, "related")).related!;
    expect(nobody).toEqual({
      profile: null,
      assessment: null,
      subscription: null,
      payments: [],
      matches: [],
      messageCounts: { sent: 0, received: 0 },
      consentState: [],
      aiInteractions: [],
    });
    const other = (await showRecord(database(), registry.users, "admin", U3, "related")).related!;
    expect(other.matches.map((m) => m.id)).toEqual([M2]);
    expect(other.messageCounts).toEqual({ sent: 0, received: 1 });
  });
});

describe("route handlers", () => {
  it("an unknown resource is 404 to a signed-in caller and 401 to anyone else, on every route", async () => {
    for (const path of ["/api/resources/nope", `/api/resources/nope/${U1}`, "/api/exports/nope"]) {
      expect(await getJson(staff.admin, path), path).toEqual({
        status: 404,
        body: { error: { code: "not_found", message: "Unknown resource: nope" } },
      });
      expect(await getJson(null, path), path).toEqual({
        status: 401,
        body: { error: { code: "unauthenticated", message: "Please sign in." } },
      });
    }
  });

  it("lists and shows through the registry, with include=related only", async () => {
    const list = await getJson(staff.admin, "/api/resources/users?f.verified.eq=true");
    expect(list.status).toBe(200);
    expect((list.body.data as { id: string }[]).map((r) => r.id)).toEqual([U2]);
    const analyst = await getJson(staff.analyst, `/api/resources/users/${U1}`);
    expect(analyst.status).toBe(200);
    expect(analyst.body.data).toMatchObject({ id: U1, email: "a***@example.test" });
    expect(analyst.body.related).toBeUndefined();
    const related = await getJson(staff.admin, `/api/resources/users/${U1}?include=related`);
    expect((related.body.related as { matches: unknown[] }).matches).toHaveLength(1);
    expect((await getJson(staff.admin, `/api/resources/users/${U1}?include=everything`)).status).toBe(400);
    expect((await getJson(staff.trust_safety, "/api/resources/consent_logs")).status).toBe(403);
    // A role other than admin is let through by its own permission to list or export.
    expect((await getJson(staff.analyst, "/api/resources/events")).status).toBe(200);
    expect((await getResponse(staff.analyst, "/api/exports/events")).status).toBe(200);
  });

  it("exports a CSV attachment, uncached, audited with the filters but not the paging", async () => {
    const response = await getResponse(
      staff.admin,
      "/api/exports/users?f.verified.eq=true&page=1&pageSize=5&sort=createdAt",
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="users-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = (await response.text()).split("\r\n");
    expect(lines[0]).toBe("id,email,verified,subscriptionTier,createdAt,updatedAt,lastLoginAt,erasedAt");
    expect(lines.slice(1).map((l) => l.slice(0, 36))).toEqual([U2, ""]);
    const audits = await database().rows<{ staff_id: string; metadata: Record<string, unknown> }>(
      sql`SELECT staff_id, metadata FROM compliance_logs WHERE action_type = 'staff.users.export'`,
    );
    expect(audits).toHaveLength(1);
    expect(audits[0].staff_id).toBe(staff.admin.staffId);
    expect(audits[0].metadata).toMatchObject({
      rowCount: 1,
      filters: { fields: ["f.verified.eq", "sort"] },
    });
  });
});

describe("the first list page rendered on the server", () => {
  const first = (actor: StaffActor | null, resource: string, params: Record<string, string | string[] | undefined>) =>
    runAsActor(actor, () => firstListPage(resource, params));

  it("is the page for the screen's own form of the query", async () => {
    const result = await first(staff.admin, "users", {
      pageSize: "20",
      "f.verified.eq": "false",
      sort: "createdAt",
      order: undefined,
      q: undefined,
      "f.subscriptionTier.in": ["elite", "free"],
    });
    expect(result?.resource).toBe("users");
    expect(result?.query).toBe("sort=createdAt&f.subscriptionTier.in=free&f.verified.eq=false");
    expect(result?.page.data.map((r) => r.id)).toEqual([U1, U3]);
    expect(result?.page.data[0].createdAt).toBe("2026-01-01T00:00:00.000Z");
    expect(result?.page.total).toBe(2);
  });

  it("is nothing when the route would refuse: unknown resource, no session, no access, a bad filter", async () => {
    expect(await first(staff.admin, "nope", {})).toBeNull();
    expect(await first(null, "users", {})).toBeNull();
    expect(await first(staff.trust_safety, "consent_logs", {})).toBeNull();
    expect(await first(staff.admin, "users", { "f.verified.eq": "maybe" })).toBeNull();
    expect(await first(staff.analyst, "consent_logs", {})).not.toBeNull();
  });
});

describe("page titles", () => {
  const title = (
    actor: StaffActor | null,
    resource: Parameters<typeof recordPageTitle>[0],
    id: string,
    mode: "show" | "edit" = "show",
  ) => runAsActor(actor, () => recordPageTitle(resource, id, mode));

  it("name the record as the role may see it", async () => {
    expect(await title(staff.admin, "events", E1)).toEqual({ title: "Ball — event" });
    expect(await title(staff.admin, "events", E1, "edit")).toEqual({ title: "Edit: Ball — event" });
    expect(await title(staff.admin, "users", U1)).toEqual({ title: "Ann Lee — user" });
    expect(await title(staff.admin, "matches", M1)).toEqual({ title: "Match of Ann Lee and Bob Stone" });
    expect(await title(staff.analyst, "users", U1)).toEqual({ title: "A. L. — user" });
  });

  it("say nothing without a session, access or such a record", async () => {
    expect(await title(null, "events", E1)).toEqual({});
    expect(await title(staff.admin, "events", "nope")).toEqual({});
    expect(await title(staff.trust_safety, "consent_logs", E1)).toEqual({});
    expect(await title(staff.admin, "events", missing)).toEqual({});
  });
});

describe("whether a record exists (show and edit pages)", () => {
  it("looks the id up only when it is one", async () => {
    expect(await recordExists(database(), registry.events, E1)).toBe(true);
    expect(await recordExists(database(), registry.events, missing)).toBe(false);
    expect(await recordExists(database(), registry.events, "nope")).toBe(false);
    expect(await recordExists(database(), registry.profiles, U1)).toBe(true);
    expect(await recordExists(database(), registry.profiles, U3)).toBe(false);
  });

  const outcome = async (actor: StaffActor | null, resource: "events" | "consent_logs", id: string) => {
    try {
      await runAsActor(actor, () => requireRecord(resource, id));
      return "rendered";
    } catch (error) {
      if (String((error as { digest?: string }).digest).includes("404")) return "not found";
      throw error;
    }
  };
  it("the page is not found for a malformed or missing id, and says nothing to a role that may not open it", async () => {
    expect(await outcome(staff.admin, "events", E1)).toBe("rendered");
    expect(await outcome(staff.admin, "events", missing)).toBe("not found");
    expect(await outcome(staff.admin, "events", "nope")).toBe("not found");
    expect(await outcome(staff.trust_safety, "consent_logs", missing)).toBe("rendered");
    expect(await outcome(staff.analyst, "events", missing)).toBe("not found");
    expect(await outcome(null, "events", missing)).toBe("rendered");
    expect(await outcome(null, "events", "nope")).toBe("not found");
  });
});

describe("the two special writes", () => {
  it("a refund: only of a succeeded payment, audited as a refund", async () => {
    const done = await runAsActor(staff.admin, () => refund({ id: payment(21) }));
    expect(done).toMatchObject({ ok: true, data: { id: payment(21), status: "refunded" } });
    const audits = await database().rows<{ metadata: { recordId: string; changedFields: string[] } }>(
      sql`SELECT metadata FROM compliance_logs WHERE action_type = 'staff.payments.refund'`,
    );
    expect(audits.map((a) => a.metadata)).toEqual([
      expect.objectContaining({ recordId: payment(21), changedFields: ["status"] }),
    ]);
    const message = "Only succeeded payments can be refunded (this one is refunded)";
    expect(await runAsActor(staff.admin, () => refund({ id: payment(21) }))).toEqual({
      ok: false,
      error: { code: "invalid", message, fieldErrors: { status: message } },
    });
    for (const id of ["nope", missing])
      expect(await runAsActor(staff.admin, () => refund({ id }))).toEqual({
        ok: false,
        error: { code: "not_found", message: "No such payment" },
      });
  });

  it("a registration: registered, through the capacity check", async () => {
    const done = await runAsActor(staff.trust_safety, () => register({ eventId: E2, userId: U3 }));
    expect(done).toMatchObject({ ok: true, data: { eventId: E2, userId: U3, status: "registered" } });
    expect(await runAsActor(staff.admin, () => register({ eventId: E3, userId: U4 }))).toMatchObject({
      ok: false,
      error: { code: "conflict", message: "Event is full" },
    });
    expect(await runAsActor(staff.admin, () => register({ eventId: "x", userId: "y" }))).toMatchObject({
      ok: false,
      error: { code: "invalid", fieldErrors: { eventId: "Choose an event", userId: "Choose a user" } },
    });
  });
});
