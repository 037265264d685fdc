import { describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { bulkAction, createRecord, deleteRecord, updateRecord } from "@/server/actions/resourceActions";
import { refundPayment } from "@/server/actions/paymentActions";
import { as, auditCount, checksum, useSeededDatabase } from "./support";

/**
 * Validation and constraint-to-field mapping for each writable resource; every successful mutation
 * has its audit row (changed field names only), a failed one has none and changes nothing.
 */
const { database, actor } = useSeededDatabase(40);
const admin = () => actor("admin");
const first = async (query: ReturnType<typeof sql>) => (await database().rows<Record<string, string>>(query))[0];

type AuditRow = {
  action_type: string;
  user_id: string | null;
  staff_id: string;
  metadata: { recordId: string; changedFields: string[] };
};
const auditsFor = (recordId: string) =>
  database().rows<AuditRow>(sql`SELECT action_type, user_id, staff_id, metadata FROM compliance_logs
    WHERE metadata->>'recordId' = ${recordId} ORDER BY timestamp`);

/** Runs a failing write and checks it changed nothing and wrote no audit row. */
async function refused(table: string, run: () => Promise<unknown>) {
  const before = await checksum(database(), table);
  const audits = await auditCount(database());
  const result = await as(admin(), run);
  expect(await checksum(database(), table)).toBe(before);
  expect(await auditCount(database())).toBe(audits);
  return result;
}

const event = {
  title: "Speed dating night",
  type: "speed_dating",
  startTime: "2031-03-01T19:00:00Z",
  endTime: "2031-03-01T21:00:00Z",
  capacity: 20,
  price: "15.00",
};

describe("writes", () => {
  it("creates an event, audited with the field names it set", async () => {
    const result = await as(admin(), () => createRecord("events", event));
    expect(result).toMatchObject({ ok: true, data: { title: event.title, capacity: 20, price: "15.00" } });
    if (!result.ok) return;
    const [audit] = await auditsFor(result.data.id);
    expect(audit.action_type).toBe("staff.events.create");
    expect(audit.staff_id).toBe(admin().staffId);
    expect(audit.metadata.changedFields.sort()).toEqual(Object.keys(event).sort());
    expect(JSON.stringify(audit.metadata)).not.toContain(event.title);
  });

  it("an event ending before it starts comes back as fieldErrors.endTime, not a 500", async () => {
    const result = await refused("events", () => createRecord("events", { ...event, endTime: "2031-03-01T18:00:00Z" }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: "invalid", fieldErrors: { endTime: "End time must be after start time" } },
    });
  });

  it("an update that moves an existing event's start past its end is refused on endTime", async () => {
    const { id } = await first(sql`SELECT id FROM events LIMIT 1`);
    const result = await refused("events", () => updateRecord("events", id, { startTime: "2099-01-01T00:00:00Z" }));
    expect(result).toMatchObject({
      ok: false,
      error: { fieldErrors: { endTime: "End time must be after start time" } },
    });
  });

  it("refuses bad values per field: enum, range, type, capacity below registrations", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...event, type: "rave" }, "type"],
      [{ ...event, capacity: 0 }, "capacity"],
      [{ ...event, price: -1 }, "price"],
      [{ ...event, startTime: "soon" }, "startTime"],
      [{ ...event, title: "" }, "title"],
      [{ ...event, videoUrl: "not a url" }, "videoUrl"],
    ];
    for (const [values, field] of cases) {
      const result = await refused("events", () => createRecord("events", values));
      expect(result, field).toMatchObject({ ok: false, error: { code: "invalid" } });
      expect(Object.keys((result as { error: { fieldErrors: object } }).error.fieldErrors), field).toContain(field);
    }
    const { event_id } = await first(sql`SELECT event_id FROM event_registrations WHERE status <> 'canceled'
      GROUP BY event_id HAVING count(*) >= 2 LIMIT 1`);
    const result = await refused("events", () => updateRecord("events", event_id, { capacity: 1 }));
    expect(result).toMatchObject({ ok: false, error: { fieldErrors: { capacity: expect.stringContaining("below") } } });
  });

  it("profiles: ranges, min age ≤ max age, location as {lat,lng}", async () => {
    const { user_id } = await first(sql`SELECT user_id FROM profiles LIMIT 1`);
    const bad: [Record<string, unknown>, string, string][] = [
      [{ age: 17 }, "age", "Age must be between 18 and 120"],
      [{ minAge: 40, maxAge: 30 }, "maxAge", "Maximum age must not be below minimum age"],
      [{ location: { lat: 91, lng: 0 } }, "location.lat", "Latitude must be between -90 and 90"],
      [{ location: { lat: 0, lng: 200 } }, "location.lng", "Longitude must be between -180 and 180"],
      [{ maxDistanceKm: 0 }, "maxDistanceKm", "Distance must be between 1 and 20000 km"],
    ];
    for (const [values, field, message] of bad) {
      const result = await refused("profiles", () => updateRecord("profiles", user_id, values));
      expect(result, field).toMatchObject({ ok: false, error: { fieldErrors: { [field]: message } } });
    }
    const ok = await as(admin(), () =>
      updateRecord("profiles", user_id, { location: { lat: 48.8566, lng: 2.3522 }, bio: "Updated" }),
    );
    expect(ok).toMatchObject({ ok: true, data: { location: { lat: 48.8566, lng: 2.3522 }, bio: "Updated" } });
    const audits = await auditsFor(user_id);
    const last = audits[audits.length - 1];
    expect(last.user_id).toBe(user_id);
    expect(last.metadata.changedFields.sort()).toEqual(["bio", "location"]);
  });

  it("users: verification and tier are editable, audited with the user's id; an unchanged value writes nothing", async () => {
    const { id } = await first(sql`SELECT id FROM users WHERE subscription_tier = 'free' LIMIT 1`);
    expect(await as(admin(), () => updateRecord("users", id, { subscriptionTier: "gold" }))).toMatchObject({
      ok: false,
      error: { fieldErrors: { subscriptionTier: expect.stringContaining("free, premium, elite") } },
    });
    expect(await as(admin(), () => updateRecord("users", id, { subscriptionTier: "elite" }))).toMatchObject({
      ok: true,
    });
    const [audit] = (await auditsFor(id)).filter((a) => a.action_type === "staff.users.update");
    expect(audit).toMatchObject({ user_id: id, metadata: { changedFields: ["subscriptionTier"] } });
    const audits = await auditCount(database());
    await as(admin(), () => updateRecord("users", id, { subscriptionTier: "elite" }));
    expect(await auditCount(database())).toBe(audits);
  });

  it("a price with a third decimal place is refused on the field, not rounded; two places are kept exactly", async () => {
    const { id } = await first(sql`SELECT id FROM events LIMIT 1`);
    for (const price of [10.999, "10.999", "10.001"]) {
      const result = await refused("events", () => updateRecord("events", id, { price }));
      expect(result, String(price)).toMatchObject({
        ok: false,
        error: { code: "invalid", fieldErrors: { price: "Price: at most 2 decimal places" } },
      });
    }
    const created = await refused("events", () => createRecord("events", { ...event, price: "10.999" }));
    expect(created).toMatchObject({ ok: false, error: { fieldErrors: { price: "Price: at most 2 decimal places" } } });

    expect(await as(admin(), () => updateRecord("events", id, { price: 10.5 }))).toMatchObject({
      ok: true,
      data: { price: "10.50" },
    });
    const { price } = await first(sql`SELECT price::text AS price FROM events WHERE id = ${id}`);
    expect(price).toBe("10.50");
    // Trailing zeros add no precision: "12.300" is 12.30.
    expect(await as(admin(), () => updateRecord("events", id, { price: "12.300" }))).toMatchObject({
      ok: true,
      data: { price: "12.30" },
    });
    for (const bad of ["1e3", "12,50", "ten"]) {
      const result = await refused("events", () => updateRecord("events", id, { price: bad }));
      expect(result, bad).toMatchObject({ ok: false, error: { fieldErrors: { price: "Price must be a number" } } });
    }
  });

  it("a field the write may not set refuses the whole write, naming the field; nothing changes, no audit row", async () => {
    const { id: match, status } = await first(sql`SELECT id, status FROM matches WHERE status <> 'unmatched' LIMIT 1`);
    const score = await refused("matches", () =>
      updateRecord("matches", match, { status: "unmatched", compatibilityScore: 99 }),
    );
    expect(score).toMatchObject({
      ok: false,
      error: { code: "invalid", fieldErrors: { compatibilityScore: "compatibilityScore: cannot be changed" } },
    });
    const { status: after } = await first(sql`SELECT status FROM matches WHERE id = ${match}`);
    expect(after).toBe(status);

    const { id: user } = await first(sql`SELECT id FROM users LIMIT 1`);
    const email = await refused("users", () => updateRecord("users", user, { verified: true, email: "x@y.z" }));
    expect(email).toMatchObject({ ok: false, error: { fieldErrors: { email: "email: cannot be changed" } } });
    const hash = await refused("users", () => updateRecord("users", user, { passwordHash: "x" }));
    expect(hash).toMatchObject({
      ok: false,
      error: { fieldErrors: { passwordHash: "passwordHash: cannot be changed" } },
    });
    const unknown = await refused("users", () => updateRecord("users", user, { verified: true, isAdmin: true }));
    expect(unknown).toMatchObject({
      ok: false,
      error: { fieldErrors: { isAdmin: "isAdmin: is not a field of users" } },
    });

    // Every problem in one answer: the stray key and the bad value of an editable field.
    const both = await refused("events", () => createRecord("events", { ...event, capacity: 0, id: match }));
    expect(both).toMatchObject({
      ok: false,
      error: { fieldErrors: { id: "id: cannot be set", capacity: expect.any(String) } },
    });
  });

  it("matches and subscriptions change status within their enums", async () => {
    const { id: match } = await first(sql`SELECT id FROM matches LIMIT 1`);
    expect(await as(admin(), () => updateRecord("matches", match, { status: "exploded" }))).toMatchObject({
      ok: false,
      error: { fieldErrors: { status: expect.any(String) } },
    });
    expect(await as(admin(), () => updateRecord("matches", match, { status: "unmatched" }))).toMatchObject({
      ok: true,
      data: { status: "unmatched" },
    });
    const { id: sub } = await first(sql`SELECT id FROM subscriptions WHERE status <> 'canceled' LIMIT 1`);
    expect(await as(admin(), () => updateRecord("subscriptions", sub, { status: "canceled" }))).toMatchObject({
      ok: true,
      data: { status: "canceled" },
    });
  });

  it("refunds only succeeded payments", async () => {
    const { id: ok } = await first(sql`SELECT id FROM payments WHERE status = 'succeeded' LIMIT 1`);
    expect(await as(admin(), () => refundPayment(ok))).toMatchObject({ ok: true, data: { status: "refunded" } });
    expect((await auditsFor(ok)).map((a) => a.action_type)).toEqual(["staff.payments.refund"]);
    const again = await refused("payments", () => refundPayment(ok));
    expect(again).toMatchObject({ ok: false, error: { fieldErrors: { status: expect.stringContaining("refunded") } } });
  });

  it("deletes an event once; deleting it again is not_found", async () => {
    const { id } = await first(sql`SELECT id FROM events LIMIT 1`);
    expect(await as(admin(), () => deleteRecord("events", id))).toMatchObject({ ok: true });
    expect(await as(admin(), () => deleteRecord("events", id))).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });

  it("registration: unknown user or duplicate registration map to their fields", async () => {
    const { event_id, user_id } = await first(sql`SELECT event_id, user_id FROM event_registrations LIMIT 1`);
    const dup = await refused("event_registrations", () =>
      createRecord("event_registrations", { eventId: event_id, userId: user_id }),
    );
    expect(dup).toMatchObject({
      ok: false,
      error: { fieldErrors: { userId: "This user is already registered for the event" } },
    });
  });

  it("bulk verify writes one audit row per changed record; select-all refuses a changed count or more than 5000", async () => {
    const unverified = await database().rows<{ id: string }>(
      sql`SELECT id FROM users WHERE NOT verified ORDER BY id LIMIT 3`,
    );
    const ids = unverified.map((u) => u.id);
    const result = await as(admin(), () => bulkAction("users", "verify", { ids }));
    expect(result).toMatchObject({ ok: true, data: { matched: 3, changed: 3 } });
    const rows = await database().rows<{ user_id: string }>(
      sql`SELECT user_id FROM compliance_logs WHERE action_type = 'staff.users.bulk_verify'`,
    );
    expect(rows.map((r) => r.user_id).sort()).toEqual([...ids].sort());

    const query = { "f.verified.eq": "false", "f.subscriptionTier.eq": "free" };
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM users WHERE NOT verified AND subscription_tier = 'free'`,
    );
    const stale = await refused("users", () => bulkAction("users", "verify", { query, expectedCount: Number(n) + 1 }));
    expect(stale).toMatchObject({
      ok: false,
      error: { code: "conflict", fieldErrors: { selection: expect.stringContaining("changed") } },
    });
    expect(await as(admin(), () => bulkAction("users", "verify", { query, expectedCount: 6000 }))).toMatchObject({
      ok: false,
      error: { code: "invalid" },
    });
    expect(await as(admin(), () => bulkAction("users", "verify", { query, expectedCount: Number(n) }))).toMatchObject({
      ok: true,
      data: { changed: Number(n) },
    });
    const [{ left }] = await database().rows<{ left: number }>(
      sql`SELECT count(*)::int AS left FROM users WHERE NOT verified AND subscription_tier = 'free'`,
    );
    expect(Number(left)).toBe(0);
  });

  it("bulk cancel of registrations cancels only the selected, audited per record", async () => {
    const { event_id } = await first(
      sql`SELECT event_id FROM event_registrations WHERE status <> 'canceled' GROUP BY event_id ORDER BY count(*) DESC LIMIT 1`,
    );
    const query = { "f.eventId.eq": event_id, "f.status.ne": "canceled" };
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM event_registrations WHERE event_id = ${event_id} AND status <> 'canceled'`,
    );
    const result = await as(actor("trust_safety"), () =>
      bulkAction("event_registrations", "cancel", { query, expectedCount: Number(n) }),
    );
    expect(result).toMatchObject({ ok: true, data: { changed: Number(n) } });
    const [{ audits }] = await database().rows<{ audits: number }>(
      sql`SELECT count(*)::int AS audits FROM compliance_logs WHERE action_type = 'staff.event_registrations.bulk_cancel'`,
    );
    expect(Number(audits)).toBe(Number(n));
  });
});
