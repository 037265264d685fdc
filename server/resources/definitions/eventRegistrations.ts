import "server-only";
import { and, count, eq, ne } from "drizzle-orm";
import { eventRegistrations as table, events } from "@/db/schema";
import { registrationStatuses } from "@/db/schema/enums";
import { DomainError } from "../../errors";
import type { Transaction } from "../../actions/defineAction";
import { defineResource } from "../define";

/**
 * Refuses a registration beyond the event's capacity. The event row is locked FOR UPDATE, so
 * concurrent registrations for one event take turns: each counts the others' committed rows.
 */
export async function assertEventHasRoom(tx: Transaction, eventId: string): Promise<void> {
  const [event] = await tx
    .select({ capacity: events.capacity })
    .from(events)
    .where(eq(events.id, eventId))
    .for("update");
  if (!event) throw new DomainError("invalid", "This event does not exist", { eventId: "This event does not exist" });
  const [{ taken }] = await tx
    .select({ taken: count() })
    .from(table)
    .where(and(eq(table.eventId, eventId), ne(table.status, "canceled")));
  if (taken >= event.capacity) throw new DomainError("conflict", "Event is full", { eventId: "Event is full" });
}

export const eventRegistrations = defineResource({
  name: "event_registrations",
  singular: "Event registration",
  plural: "Event registrations",
  table,
  primaryKey: "id",
  userColumn: "userId",
  fields: {
    eventId: { label: "Event" },
    userId: { label: "User" },
    paymentId: { label: "Payment" },
    status: { enumValues: registrationStatuses },
  },
  list: ["eventId", "userId", "status", "paymentId", "createdAt"],
  sortable: ["createdAt", "status"],
  defaultSort: { field: "createdAt", order: "desc" },
  filters: {
    eventId: ["eq"],
    userId: ["eq"],
    status: ["in", "eq", "ne"],
    paymentId: ["eq", "isnull"],
    createdAt: ["gte", "lte"],
  },
  create: ["eventId", "userId", "status", "paymentId"],
  update: ["status"],
  delete: true,
  bulk: { cancel: { action: "edit", set: { status: "canceled" } } },
  relations: [
    { field: "eventId", resource: "events" },
    { field: "userId", resource: "users" },
    { field: "paymentId", resource: "payments" },
  ],
  people: ["userId"],
  async beforeWrite(tx, row, previous) {
    const takesSeat = row.status !== "canceled";
    const tookSeat = previous !== undefined && previous.status !== "canceled";
    if (takesSeat && !tookSeat) await assertEventHasRoom(tx, String(row.eventId));
  },
});
