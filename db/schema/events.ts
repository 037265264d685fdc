import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, updatedAt } from "./columns";
import { registrationStatuses } from "./enums";
import { users } from "./accounts";
import { payments } from "./billing";

export const events = pgTable(
  "events",
  {
    id: id(),
    title: varchar("title", { length: 200 }).notNull(),
    description: text("description"),
    type: varchar("type", { length: 50 }).notNull(),
    startTime: timestamp("start_time", { withTimezone: true }).notNull(),
    endTime: timestamp("end_time", { withTimezone: true }).notNull(),
    capacity: integer("capacity").notNull(),
    price: numeric("price", { precision: 10, scale: 2 }).notNull().default("0.00"),
    hostName: varchar("host_name", { length: 100 }),
    videoUrl: varchar("video_url", { length: 500 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("ix_events_type").on(t.type),
    index("ix_events_start_time").on(t.startTime),
    // List sorts (issue #12).
    index("ix_events_title_id").on(t.title, t.id),
    index("ix_events_type_id").on(t.type, t.id),
    index("ix_events_end_time_id").on(t.endTime, t.id),
    index("ix_events_capacity_id").on(t.capacity, t.id),
    index("ix_events_price_id").on(t.price, t.id),
    check("valid_event_duration", sql`end_time > start_time`),
    check("positive_capacity", sql`capacity > 0`),
    check("non_negative_price", sql`price >= 0`),
  ],
);

export const eventRegistrations = pgTable(
  "event_registrations",
  {
    id: id(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: varchar("status", { length: 20 }).notNull().default("registered"),
    // A payment outlives the registration it paid for (see payments).
    paymentId: uuid("payment_id").references(() => payments.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("ix_event_registrations_event_id").on(t.eventId),
    index("ix_event_registrations_user_id").on(t.userId),
    // Back-office list sort (newest first).
    index("ix_event_registrations_created_at").on(t.createdAt),
    index("ix_event_registrations_status_id").on(t.status, t.id),
    uniqueIndex("uq_event_registrations_event_user").on(t.eventId, t.userId),
    // payments (1) → (0..1) event_registrations
    uniqueIndex("uq_event_registrations_payment_id").on(t.paymentId),
    check("ck_event_registrations_status", oneOf("status", registrationStatuses)),
  ],
);
