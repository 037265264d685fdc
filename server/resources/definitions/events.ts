import "server-only";
import { z } from "zod";
import { and, count, eq, ne } from "drizzle-orm";
import { eventRegistrations, events as table } from "@/db/schema";
import { knownEventTypes } from "@/db/schema/enums";
import { DomainError } from "../../errors";
import { defineResource } from "../define";

export const events = defineResource({
  name: "events",
  singular: "Event",
  plural: "Events",
  table,
  primaryKey: "id",
  fields: {
    type: { enumValues: knownEventTypes },
    capacity: { min: 1, max: 100_000, rangeMessage: "Capacity must be between 1 and 100000" },
    price: { max: 100_000 },
    videoUrl: { label: "Video URL", schema: z.url("Must be a URL").max(500) },
  },
  list: ["title", "type", "startTime", "endTime", "capacity", "price", "hostName"],
  sortable: ["startTime", "endTime", "title", "type", "capacity", "price"],
  defaultSort: { field: "startTime", order: "desc" },
  filters: {
    title: ["contains", "eq"],
    type: ["in", "eq"],
    startTime: ["gte", "lte"],
    endTime: ["gte", "lte"],
    capacity: ["gte", "lte"],
    price: ["gte", "lte"],
  },
  search: { fields: ["title", "hostName"] },
  titleField: "title",
  create: ["title", "description", "type", "startTime", "endTime", "capacity", "price", "hostName", "videoUrl"],
  update: ["title", "description", "type", "startTime", "endTime", "capacity", "price", "hostName", "videoUrl"],
  delete: true,
  check: (row) =>
    row.startTime instanceof Date && row.endTime instanceof Date && row.endTime <= row.startTime
      ? { endTime: "End time must be after start time" }
      : undefined,
  async beforeWrite(tx, row, previous) {
    if (!previous || row.capacity === previous.capacity) return;
    const [{ taken }] = await tx
      .select({ taken: count() })
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.eventId, String(previous.id)), ne(eventRegistrations.status, "canceled")));
    if (Number(row.capacity) < taken) {
      const message = `Capacity cannot be below the ${taken} current registrations`;
      throw new DomainError("invalid", message, { capacity: message });
    }
  },
});
