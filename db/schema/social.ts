import { sql } from "drizzle-orm";
import {
  check,
  doublePrecision,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, updatedAt } from "./columns";
import { matchStatuses } from "./enums";
import { users } from "./accounts";

export const matches = pgTable(
  "matches",
  {
    id: id(),
    userAId: uuid("user_a_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    userBId: uuid("user_b_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    compatibilityScore: doublePrecision("compatibility_score").notNull(),
    status: varchar("status", { length: 20 }).notNull().default("pending"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("ix_matches_user_a_id").on(t.userAId),
    index("ix_matches_user_b_id").on(t.userBId),
    index("ix_matches_status").on(t.status),
    // Back-office list sort (newest first).
    index("ix_matches_created_at").on(t.createdAt),
    // List sorts (issue #12): a status alone would leave a whole status's rows to sort by id.
    index("ix_matches_status_id").on(t.status, t.id),
    index("ix_matches_compatibility_score_id").on(t.compatibilityScore, t.id),
    // A pair of users is matched at most once, whichever of them is "a".
    uniqueIndex("uq_matches_pair").on(
      sql`least(${t.userAId}, ${t.userBId})`,
      sql`greatest(${t.userAId}, ${t.userBId})`,
    ),
    check("different_users", sql`user_a_id <> user_b_id`),
    check("valid_score", sql`compatibility_score >= 0 AND compatibility_score <= 100`),
    check("ck_matches_status", oneOf("status", matchStatuses)),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: id(),
    fromUserId: uuid("from_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    toUserId: uuid("to_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    content: text("content").notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("ix_messages_from_user_id").on(t.fromUserId),
    index("ix_messages_to_user_id").on(t.toUserId),
    index("ix_messages_sent_at").on(t.sentAt),
    check("ck_messages_different_users", sql`from_user_id <> to_user_id`),
    check("ck_messages_read_after_sent", sql`read_at IS NULL OR read_at >= sent_at`),
  ],
);
