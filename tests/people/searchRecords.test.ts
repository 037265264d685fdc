import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { searchRecords } from "@/server/search/searchRecords";
import { useFreshDatabase } from "../support/database";
import { insertEvent } from "../support/fixtures";
import { insertPerson, token } from "./support";

/** Ctrl/⌘ K finds records: users by email or name, events by title, payments by Stripe id, any pasted id. */
const database = useFreshDatabase();
const t = token();
let leon: string;
let event: string;
let payment: string;
let consent: string;
const stripeId = `pi_${t}test1234`;

beforeAll(async () => {
  const db = database();
  leon = await insertPerson(db, { email: `leon.ivanov.${t}@example.test`, name: "Leon Ivanov" });
  event = await insertEvent(db, `Speed dating Berlin ${t}`);
  [{ id: payment }] = await db.rows<{ id: string }>(sql`
    INSERT INTO payments (user_id, amount, type, status, stripe_payment_id)
    VALUES (${leon}, 12.5, 'event_ticket', 'succeeded', ${stripeId}) RETURNING id`);
  [{ id: consent }] = await db.rows<{ id: string }>(sql`
    INSERT INTO consent_logs (user_id, consent_type, granted) VALUES (${leon}, 'marketing', true) RETURNING id`);
});

const found = (result: { hits: { resource: string; id: string }[] }) => result.hits.map((h) => `${h.resource}:${h.id}`);

describe("searchRecords (the command palette)", () => {
  it("finds a user by email prefix and by name, titled by the display name", async () => {
    const byEmail = await searchRecords(database(), "admin", `leon.ivanov.${t}`);
    expect(byEmail.hits).toEqual([
      expect.objectContaining({
        resource: "users",
        id: leon,
        title: "Leon Ivanov",
        subtitle: `leon.ivanov.${t}@example.test`,
        href: `/users/show/${leon}`,
      }),
    ]);
    expect(found(await searchRecords(database(), "trust_safety", "Ivanov"))).toContain(`users:${leon}`);
  });

  it("finds an event by its title and a payment by its Stripe id", async () => {
    const events = await searchRecords(database(), "trust_safety", `dating Berlin ${t}`);
    expect(events.hits).toEqual([
      expect.objectContaining({ resource: "events", id: event, title: `Speed dating Berlin ${t}` }),
    ]);
    const payments = await searchRecords(database(), "admin", stripeId);
    expect(payments.hits).toEqual([
      expect.objectContaining({
        resource: "payments",
        id: payment,
        title: "Payment of Leon Ivanov",
        href: `/payments/show/${payment}`,
      }),
    ]);
  });

  it("tells which tables a pasted UUID belongs to (a user's id is also their profile's)", async () => {
    const result = await searchRecords(database(), "admin", leon.toUpperCase());
    expect(found(result)).toEqual([`users:${leon}`, `profiles:${leon}`]);
    expect(result.hits[0].title).toBe("Leon Ivanov — user");
    expect(found(await searchRecords(database(), "admin", payment))).toEqual([`payments:${payment}`]);
    expect(found(await searchRecords(database(), "admin", "00000000-0000-4000-8000-000000000000"))).toEqual([]);
  });

  it("applies the role's masking: an analyst sees initials, and cannot find a user by a hidden email", async () => {
    const analyst = await searchRecords(database(), "analyst", leon);
    expect(analyst.hits[0]).toMatchObject({ title: "L. I. — user", subtitle: "l***@example.test" });
    expect(JSON.stringify(analyst)).not.toContain("ivanov");
    expect((await searchRecords(database(), "analyst", `leon.ivanov.${t}@example.test`)).hits).toEqual([]);
    expect((await searchRecords(database(), "analyst", "Leon Ivanov")).hits).toEqual([]);
    // What is not personal it still finds.
    expect(found(await searchRecords(database(), "analyst", `dating Berlin ${t}`))).toEqual([`events:${event}`]);
  });

  it("gives no results from a resource the role cannot list", async () => {
    // Trust & safety has no access to consent records; a compliance officer has.
    expect(found(await searchRecords(database(), "trust_safety", consent))).toEqual([]);
    expect(found(await searchRecords(database(), "compliance_officer", consent))).toEqual([`consent_logs:${consent}`]);
    const title = (await searchRecords(database(), "compliance_officer", consent)).hits[0].title;
    expect(title).toBe("Consent record of Leon Ivanov");
  });
});
