import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import type { Transaction } from "@/server/actions/defineAction";
import { createIn, updateIn } from "@/server/resources/mutations";
import { registry } from "@/server/resources/registry";
import type { ResolvedField, ResourceDefinition } from "@/server/resources/types";
import { useFreshDatabase } from "../support/database";
import { inRolledBackTransaction, refusal } from "./support";

/**
 * Mutation tests (issue #13 §5) for when an update changes a number (mutations.ts): numeric columns
 * come back from the database as numbers or as text ("0.00") and forms send either, so those compare
 * as numbers, but an empty value is never the number 0. And the definitions' own write rules
 * (definitions/events.ts, eventRegistrations.ts, profiles.ts): seats, capacity, age range. A few
 * rows written below, every check rolled back.
 */
const database = useFreshDatabase();
const [E1, E2, E3] = [1, 2, 3].map((n) => `00000000-0000-4000-9000-00000000000${n}`);
const [U1, U2, U3] = [1, 2, 3].map((n) => `00000000-0000-4000-8000-00000000000${n}`);
const [R1, R2, R3] = [1, 2, 3].map((n) => `00000000-0000-4000-a000-00000000000${n}`);
const missingEvent = "00000000-0000-4000-9000-000000000099";

beforeAll(async () => {
  await database().rows(sql`
    INSERT INTO events (id, title, type, start_time, end_time, capacity, price, host_name) VALUES
      (${E1}, 'Ball', 'mixer', '2030-01-01 18:00:00+00', '2030-01-01 20:00:00+00', 2, 10, NULL),
      (${E2}, 'Talk', 'ama', '2030-02-01 18:00:00+00', '2030-02-01 19:00:00+00', 5, 0, ''),
      (${E3}, 'Dinner', 'mixer', '2030-03-01 18:00:00+00', '2030-03-01 19:00:00+00', 3, 30, NULL)`);
  await database().rows(sql`
    INSERT INTO users (id, email, password_hash) VALUES
      (${U1}, 'ann@example.test', 'x'), (${U2}, 'bob@example.test', 'x'), (${U3}, 'cid@example.test', 'x')`);
  await database().rows(sql`
    INSERT INTO profiles (user_id, name, age, gender, min_age, max_age) VALUES (${U1}, 'Ann Lee', 30, 'woman', 25, 35)`);
  // E1 (capacity 2): one seat taken, one canceled registration. E3 (capacity 3): two seats taken.
  await database().rows(sql`
    INSERT INTO event_registrations (id, event_id, user_id, status) VALUES
      (${R1}, ${E1}, ${U1}, 'registered'), (${R2}, ${E1}, ${U2}, 'canceled'),
      (${R3}, ${E3}, ${U1}, 'registered'), (gen_random_uuid(), ${E3}, ${U2}, 'attended')`);
});

const rolledBack = <T>(fn: (tx: Transaction) => Promise<T>) => inRolledBackTransaction(database(), fn);
const update = (def: ResourceDefinition, id: string, values: Record<string, unknown>) =>
  rolledBack((tx) => updateIn(def, tx, "admin", id, values));

describe("numbers in an update", () => {
  it("an integer typed as text is the same number; another number is a change", async () => {
    expect((await update(registry.events, E1, { capacity: "2" })).audit).toEqual([]);
    const changed = await update(registry.events, E1, { capacity: "3" });
    expect(changed.audit).toMatchObject({ changedFields: ["capacity"] });
    expect(changed.data).toMatchObject({ capacity: 3 });
  });

  it("a price of 0.00 is the number 0, but empty or null is not 0 (the database then refuses it)", async () => {
    expect((await update(registry.events, E2, { price: 0 })).audit).toEqual([]);
    expect((await update(registry.events, E2, { price: "0" })).audit).toEqual([]);
    await expect(update(registry.events, E2, { price: null })).rejects.toThrow();
    await expect(update(registry.events, E2, { price: "" })).rejects.toThrow();
  });

  it("a stored empty or missing value is not the number 0 either", async () => {
    // Host name is text; read as a number field here, its missing (E1) and empty (E2) values stay apart from 0.
    const fields = new Map(registry.events.fieldsByName);
    fields.set("hostName", { ...(fields.get("hostName") as ResolvedField), kind: "number" });
    const numericHost: ResourceDefinition = { ...registry.events, fieldsByName: fields };
    const fromNull = await update(numericHost, E1, { hostName: 0 });
    expect(fromNull.audit).toMatchObject({ changedFields: ["hostName"] });
    expect(fromNull.data).toMatchObject({ hostName: "0" });
    const fromEmpty = await update(numericHost, E2, { hostName: 0 });
    expect(fromEmpty.audit).toMatchObject({ changedFields: ["hostName"] });
    expect(fromEmpty.data).toMatchObject({ hostName: "0" });
  });
});

describe("the definitions' write rules", () => {
  it("an event's capacity may come down to its seats taken, not below; canceled registrations take none", async () => {
    expect((await update(registry.events, E3, { capacity: 2 })).data).toMatchObject({ capacity: 2 });
    const message = "Capacity cannot be below the 2 current registrations";
    expect(await refusal(() => update(registry.events, E3, { capacity: 1 }))).toEqual({
      code: "invalid",
      message,
      fieldErrors: { capacity: message },
    });
    // E1: one registered, one canceled.
    expect((await update(registry.events, E1, { capacity: 1 })).data).toMatchObject({ capacity: 1 });
  });

  it("a registration takes a seat unless canceled; only one that starts taking a seat needs a free one", async () => {
    const full = { code: "conflict", message: "Event is full", fieldErrors: { eventId: "Event is full" } };
    const setStatus = (id: string, status: string, capacity: number) =>
      rolledBack(async (tx) => {
        await tx.execute(sql`UPDATE events SET capacity = ${capacity} WHERE id = ${E1}`);
        return (await updateIn(registry.event_registrations, tx, "admin", id, { status })).data;
      });
    // E1 at capacity 1 is full with R1: R1 may move to attended or canceled, R2 may not come back.
    expect(await setStatus(R1, "attended", 1)).toMatchObject({ id: R1, status: "attended" });
    expect(await setStatus(R1, "canceled", 1)).toMatchObject({ id: R1, status: "canceled" });
    expect(await refusal(() => setStatus(R2, "registered", 1))).toEqual(full);
    expect(await setStatus(R2, "registered", 2)).toMatchObject({ id: R2, status: "registered" });
    // A new registration: E3 has a third seat, E1 one at capacity 2 (the canceled one takes none) and
    // none at capacity 1, where a canceled registration may still be recorded.
    const create = (eventId: string, status: string, capacity = 2) =>
      rolledBack(async (tx) => {
        await tx.execute(sql`UPDATE events SET capacity = ${capacity} WHERE id = ${E1}`);
        return (await createIn(registry.event_registrations, tx, "admin", { eventId, userId: U3, status })).data;
      });
    expect(await create(E3, "registered")).toMatchObject({ eventId: E3, userId: U3, status: "registered" });
    expect(await create(E1, "registered")).toMatchObject({ eventId: E1, userId: U3, status: "registered" });
    expect(await refusal(() => create(E1, "registered", 1))).toEqual(full);
    expect(await create(E1, "canceled", 1)).toMatchObject({ eventId: E1, status: "canceled" });
    expect(await refusal(() => create(missingEvent, "registered"))).toEqual({
      code: "invalid",
      message: "This event does not exist",
      fieldErrors: { eventId: "This event does not exist" },
    });
  });

  it("a profile's minimum age may equal its maximum, not exceed it", async () => {
    expect((await update(registry.profiles, U1, { minAge: 35 })).data).toMatchObject({ minAge: 35, maxAge: 35 });
    const message = "Maximum age must not be below minimum age";
    expect(await refusal(() => update(registry.profiles, U1, { maxAge: 24 }))).toEqual({
      code: "invalid",
      message,
      fieldErrors: { maxAge: message },
    });
  });
});
