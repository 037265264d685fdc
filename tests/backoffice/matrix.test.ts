import { describe, expect, it } from "vitest";
import { sql, type Database } from "@/db/client";
import type { StaffRole } from "@/db/schema/enums";
import { can, crudResources, type CrudResource } from "@/server/auth/permissions";
import { bulkAction, createRecord, deleteRecord, updateRecord } from "@/server/actions/resourceActions";
import { refundPayment } from "@/server/actions/paymentActions";
import { registerForEvent } from "@/server/actions/eventActions";
import type { ActionResult } from "@/server/errors";
import { as, auditCount, checksum, getJson, roles, useSeededDatabase } from "./support";

/**
 * The whole role × action × resource matrix against the server code: every read route and every
 * mutation, for every role. Allowed calls succeed (and write their audit row); refused calls answer
 * 403 / "forbidden" and change nothing (table checksum and audit count unchanged).
 */
const { database, actor } = useSeededDatabase(60);

const one = async (query: ReturnType<typeof sql>) => (await database().rows<{ id: string }>(query))[0].id;
const anyId = (resource: CrudResource) =>
  one(sql.raw(`SELECT ${resource === "profiles" ? "user_id" : "id"} AS id FROM ${resource} LIMIT 1`));

/** A valid call of each mutation a resource supports (fresh data for each role that may run it). */
async function mutations(
  db: Database,
): Promise<
  { resource: CrudResource; action: "create" | "edit" | "delete"; run: () => Promise<ActionResult<unknown>> }[]
> {
  const eventValues = {
    title: "Matrix mixer",
    type: "mixer",
    startTime: "2031-05-01T18:00:00Z",
    endTime: "2031-05-01T20:00:00Z",
    capacity: 30,
    price: 12.5,
  };
  const [event] = await db.rows<{ id: string }>(sql`
    INSERT INTO events (title, type, start_time, end_time, capacity) VALUES ('Spare', 'workshop', '2031-01-01T10:00:00Z', '2031-01-01T12:00:00Z', 500)
    RETURNING id`);
  const [user] = await db.rows<{ id: string }>(sql`
    SELECT id FROM users ORDER BY id ASC LIMIT 1`);
  const [registration] = await db.rows<{ id: string }>(sql`
    INSERT INTO event_registrations (event_id, user_id) SELECT ${event.id}, id FROM users ORDER BY id DESC LIMIT 1 RETURNING id`);
  const [succeeded] = await db.rows<{ id: string }>(sql`
    INSERT INTO payments (user_id, amount, type, status) SELECT id, 5, 'super_like', 'succeeded' FROM users LIMIT 1 RETURNING id`);
  const [unverified, another] = await db.rows<{ id: string }>(sql`
    INSERT INTO users (email, password_hash)
    VALUES (${`matrix-${crypto.randomUUID()}@example.test`}, 'x'), (${`matrix-${crypto.randomUUID()}@example.test`}, 'x')
    RETURNING id`);
  return [
    { resource: "events", action: "create", run: () => createRecord("events", eventValues) },
    {
      resource: "events",
      action: "edit",
      run: () => updateRecord("events", event.id, { title: `Renamed ${Math.random()}` }),
    },
    {
      resource: "event_registrations",
      action: "create",
      run: () => registerForEvent({ eventId: event.id, userId: user.id }),
    },
    {
      resource: "event_registrations",
      action: "edit",
      run: () => updateRecord("event_registrations", registration.id, { status: "attended" }),
    },
    {
      resource: "event_registrations",
      action: "delete",
      run: () => deleteRecord("event_registrations", registration.id),
    },
    { resource: "users", action: "edit", run: async () => updateRecord("users", unverified.id, { verified: true }) },
    { resource: "users", action: "edit", run: () => bulkAction("users", "verify", { ids: [another.id] }) },
    {
      resource: "profiles",
      action: "edit",
      run: async () => updateRecord("profiles", await anyId("profiles"), { age: 44, maxAge: 99, minAge: 18 }),
    },
    {
      resource: "matches",
      action: "edit",
      run: async () => updateRecord("matches", await anyId("matches"), { status: "unmatched" }),
    },
    {
      resource: "subscriptions",
      action: "edit",
      run: async () => updateRecord("subscriptions", await anyId("subscriptions"), { status: "past_due" }),
    },
    { resource: "payments", action: "edit", run: () => refundPayment(succeeded.id) },
    { resource: "events", action: "delete", run: () => deleteRecord("events", event.id) },
  ];
}

const tablesOf: Record<string, string[]> = {
  event_registrations: ["event_registrations", "events"],
  events: ["events", "event_registrations"],
};

describe("permission matrix", () => {
  it("read routes: list, show and export answer 200 when the matrix allows and 403 when not", async () => {
    for (const role of roles) {
      for (const resource of crudResources) {
        const id = await anyId(resource);
        const paths = {
          list: `/api/resources/${resource}?pageSize=1`,
          show: `/api/resources/${resource}/${id}`,
          export: `/api/exports/${resource}`,
        };
        for (const [action, path] of Object.entries(paths) as ["list" | "show" | "export", string][]) {
          const { status } = await getJsonOrStream(actor(role).role, path);
          expect(status, `${role} ${action} ${resource}`).toBe(can(role, action, resource) ? 200 : 403);
        }
      }
    }
  });

  for (const role of roles) {
    it(`mutations as ${role}: allowed ones succeed with an audit row, refused ones change nothing`, async () => {
      for (const mutation of await mutations(database())) {
        const tables = tablesOf[mutation.resource] ?? [mutation.resource];
        const before = await Promise.all(tables.map((t) => checksum(database(), t)));
        const auditsBefore = await auditCount(database());
        const result = await as(actor(role), mutation.run);
        const label = `${role} ${mutation.action} ${mutation.resource} ${JSON.stringify(result)}`;
        if (can(role, mutation.action, mutation.resource)) {
          expect(result, label).toMatchObject({ ok: true });
          expect(await auditCount(database()), label).toBeGreaterThan(auditsBefore);
        } else {
          expect(result, label).toMatchObject({ ok: false, error: { code: "forbidden" } });
          expect(await Promise.all(tables.map((t) => checksum(database(), t))), label).toEqual(before);
          expect(await auditCount(database()), label).toBe(auditsBefore);
        }
      }
    });
  }

  it("read-only resources refuse writes for every role, admin included", async () => {
    for (const resource of [
      "messages",
      "payments",
      "consent_logs",
      "compliance_logs",
      "ai_interactions",
      "attachment_assessments",
    ] as const) {
      const id = await anyId(resource);
      const before = await checksum(database(), resource);
      for (const role of roles) {
        await as(actor(role), async () => {
          expect((await createRecord(resource, {})).ok).toBe(false);
          expect((await updateRecord(resource, id, {})).ok).toBe(false);
          expect((await deleteRecord(resource, id)).ok).toBe(false);
        });
      }
      expect(await checksum(database(), resource)).toBe(before);
    }
  });

  it("without a session every mutation is refused as unauthenticated", async () => {
    const id = await anyId("users");
    const result = await as(null, () => updateRecord("users", id, { verified: true }));
    expect(result).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    const refusedCalls: (() => Promise<{ ok: boolean }>)[] = [
      () => createRecord("payments", {}),
      () => deleteRecord("nope", id),
      () => bulkAction("payments", "verify", { ids: [id] }),
    ];
    for (const call of refusedCalls) {
      expect(await as(null, call)).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    }
  });
});

async function getJsonOrStream(role: StaffRole, path: string): Promise<{ status: number }> {
  if (path.startsWith("/api/exports")) {
    const { getResponse } = await import("./support");
    const response = await getResponse(actor(role), path);
    await response.text();
    return { status: response.status };
  }
  return getJson(actor(role), path);
}
