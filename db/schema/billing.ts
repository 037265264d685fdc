import { sql } from "drizzle-orm";
import { check, index, numeric, pgTable, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, updatedAt } from "./columns";
import { paymentStatuses, subscriptionStatuses, subscriptionTiers } from "./enums";
import { users } from "./accounts";

export const subscriptions = pgTable(
  "subscriptions",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tier: varchar("tier", { length: 20 }).notNull(),
    stripeSubscriptionId: varchar("stripe_subscription_id", { length: 255 }),
    stripeCustomerId: varchar("stripe_customer_id", { length: 255 }),
    status: varchar("status", { length: 20 }).notNull(),
    currentPeriodStart: timestamp("current_period_start", { withTimezone: true }),
    currentPeriodEnd: timestamp("current_period_end", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Unique: one subscription per user.
    uniqueIndex("ix_subscriptions_user_id").on(t.userId),
    index("ix_subscriptions_status").on(t.status),
    // Back-office list sort (newest first).
    index("ix_subscriptions_created_at").on(t.createdAt),
    // List sorts (issue #12); the nullable period bounds sort as if a missing one were -infinity.
    index("ix_subscriptions_tier_id").on(t.tier, t.id),
    index("ix_subscriptions_status_id").on(t.status, t.id),
    index("ix_subscriptions_current_period_start_id").on(
      sql`coalesce(${t.currentPeriodStart}, '-infinity'::timestamptz)`,
      t.id,
    ),
    index("ix_subscriptions_current_period_end_id").on(
      sql`coalesce(${t.currentPeriodEnd}, '-infinity'::timestamptz)`,
      t.id,
    ),
    check("ck_subscriptions_tier", oneOf("tier", subscriptionTiers)),
    check("ck_subscriptions_status", oneOf("status", subscriptionStatuses)),
    check(
      "ck_subscriptions_period_order",
      sql`current_period_end IS NULL OR current_period_start IS NULL OR current_period_end > current_period_start`,
    ),
  ],
);

/**
 * Payment history. ON DELETE RESTRICT: payments are kept for legal (tax, accounting)
 * retention even after erasure, which tombstones the user row rather than deleting it.
 */
export const payments = pgTable(
  "payments",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    amount: numeric("amount", { precision: 10, scale: 2 }).notNull(),
    type: varchar("type", { length: 50 }).notNull(),
    stripePaymentId: varchar("stripe_payment_id", { length: 255 }),
    stripeInvoiceId: varchar("stripe_invoice_id", { length: 255 }),
    status: varchar("status", { length: 20 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("ix_payments_user_id").on(t.userId),
    index("ix_payments_created_at").on(t.createdAt),
    index("ix_payments_status").on(t.status),
    // List sorts (issue #12). Renewals are charged in batches at one instant, so created_at has
    // large ties: (created_at, id) keeps the default sort from sorting a whole batch by id.
    index("ix_payments_created_at_id").on(t.createdAt, t.id),
    index("ix_payments_amount_id").on(t.amount, t.id),
    index("ix_payments_type_id").on(t.type, t.id),
    index("ix_payments_status_id").on(t.status, t.id),
    // The command palette finds a payment by its Stripe id.
    index("ix_payments_stripe_payment_id").on(t.stripePaymentId),
    check("ck_payments_amount_non_negative", sql`amount >= 0`),
    check("ck_payments_status", oneOf("status", paymentStatuses)),
  ],
);
