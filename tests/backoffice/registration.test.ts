import { describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { registerForEvent } from "@/server/actions/eventActions";
import { as, useSeededDatabase } from "./support";

/** Capacity holds under concurrency: the event row is locked while seats are counted. */
const { database, actor } = useSeededDatabase(220);

describe("event registration capacity", () => {
  it("200 concurrent registrations for an event of capacity 50 end with exactly 50", async () => {
    const [event] = await database().rows<{ id: string }>(sql`
      INSERT INTO events (title, type, start_time, end_time, capacity)
      VALUES ('Crowded', 'mixer', '2031-06-01T18:00:00Z', '2031-06-01T21:00:00Z', 50) RETURNING id`);
    const users = await database().rows<{ id: string }>(sql`SELECT id FROM users ORDER BY id LIMIT 200`);
    expect(users).toHaveLength(200);
    const results = await as(actor("trust_safety"), () =>
      Promise.all(users.map((u) => registerForEvent({ eventId: event.id, userId: u.id }))),
    );
    const succeeded = results.filter((r) => r.ok);
    const full = results.filter((r) => !r.ok && r.error.fieldErrors?.eventId === "Event is full");
    expect(succeeded).toHaveLength(50);
    expect(full).toHaveLength(150);
    const [{ n, audits }] = await database().rows<{ n: number; audits: number }>(sql`
      SELECT (SELECT count(*)::int FROM event_registrations WHERE event_id = ${event.id} AND status <> 'canceled') AS n,
             (SELECT count(*)::int FROM compliance_logs WHERE action_type = 'staff.event_registrations.create'
                AND metadata->>'recordId' IN (SELECT id::text FROM event_registrations WHERE event_id = ${event.id})) AS audits`);
    expect(Number(n)).toBe(50);
    expect(Number(audits)).toBe(50);
  });

  it("a canceled registration frees its seat; re-activating it needs a free seat", async () => {
    const [event] = await database().rows<{ id: string }>(sql`
      INSERT INTO events (title, type, start_time, end_time, capacity)
      VALUES ('Tiny', 'workshop', '2031-07-01T18:00:00Z', '2031-07-01T19:00:00Z', 1) RETURNING id`);
    const [a, b] = await database().rows<{ id: string }>(sql`SELECT id FROM users ORDER BY id DESC LIMIT 2`);
    const { updateRecord } = await import("@/server/actions/resourceActions");
    await as(actor("admin"), async () => {
      const first = await registerForEvent({ eventId: event.id, userId: a.id });
      expect(first.ok).toBe(true);
      expect(await registerForEvent({ eventId: event.id, userId: b.id })).toMatchObject({
        ok: false,
        error: { message: "Event is full" },
      });
      if (!first.ok) return;
      expect(await updateRecord("event_registrations", first.data.id, { status: "canceled" })).toMatchObject({
        ok: true,
      });
      const second = await registerForEvent({ eventId: event.id, userId: b.id });
      expect(second.ok).toBe(true);
      expect(await updateRecord("event_registrations", first.data.id, { status: "registered" })).toMatchObject({
        ok: false,
        error: { fieldErrors: { eventId: "Event is full" } },
      });
    });
  });
});
