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
  },
  list: ["userId", "tier", "status", "currentPeriodStart", "currentPeriodEnd", "createdAt"],
  sortable: ["createdAt", "status"],
  defaultSort: { field: "createdAt", order: "desc" },
  filters: {
    userId: ["eq"],
    tier: ["in", "eq"],
    status: ["in", "eq", "ne"],
    currentPeriodEnd: ["gte", "lte", "isnull"],
    createdAt: ["gte", "lte"],
  },
  update: ["status"],
  relations: [{ field: "userId", resource: "users" }],
  people: ["userId"],
});
