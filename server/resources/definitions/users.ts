import "server-only";
import { users as table } from "@/db/schema";
import { subscriptionTiers } from "@/db/schema/enums";
import { defineResource } from "../define";

export const users = defineResource({
  name: "users",
  singular: "User",
  plural: "Users",
  table,
  primaryKey: "id",
  userColumn: "id",
  fields: {
    // The row's own person (name, avatar, restriction) in the list; the id is on hover.
    id: { label: "Name" },
    email: { mask: "email" },
    passwordHash: { hidden: true },
    subscriptionTier: { label: "Tier", enumValues: subscriptionTiers },
  },
  list: ["email", "id", "verified", "subscriptionTier", "createdAt", "lastLoginAt"],
  sortable: ["createdAt", "email"],
  defaultSort: { field: "createdAt", order: "desc" },
  filters: {
    email: ["contains", "eq"],
    verified: ["eq"],
    subscriptionTier: ["in", "eq", "ne"],
    createdAt: ["gte", "lte"],
    lastLoginAt: ["gte", "lte", "isnull"],
  },
  search: { fields: ["email"], hint: "Email" },
  update: ["verified", "subscriptionTier"],
  people: ["id"],
  bulk: { verify: { action: "edit", set: { verified: true } } },
});
