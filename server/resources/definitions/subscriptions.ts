import "server-only";
import { subscriptions as table } from "@/db/schema";
import { subscriptionStatuses, subscriptionTiers } from "@/db/schema/enums";
import { defineResource } from "../define";

export const subscriptions = defineResource({
  name: "subscriptions",
  singular: "Subscription",
  plural: "Subscriptions",
  table,
  primaryKey: "id",
  userColumn: "userId",
  fields: {
    userId: { label: "User" },
    tier: { enumValues: subscriptionTiers },
    status: { enumValues: subscriptionStatuses },
    stripeSubscriptionId: { label: "Stripe subscription" },
    stripeCustomerId: { label: "Stripe customer" },
    // A missing period bound sorts as the earliest (first ascending, last descending).
    currentPeriodStart: { sortNullsAsEarliest: true },
    currentPeriodEnd: { sortNullsAsEarliest: true },
  },
  list: ["userId", "tier", "status", "currentPeriodStart", "currentPeriodEnd", "createdAt"],
  sortable: ["createdAt", "status", "tier", "currentPeriodStart", "currentPeriodEnd"],
  defaultSort: { field: "createdAt", order: "desc" },
  filters: {
    userId: ["eq"],
    tier: ["in", "eq"],
    status: ["in", "eq", "ne"],
    currentPeriodStart: ["gte", "lte"],
    currentPeriodEnd: ["gte", "lte", "isnull"],
    createdAt: ["gte", "lte"],
  },
  update: ["status"],
  relations: [{ field: "userId", resource: "users" }],
  people: ["userId"],
});
