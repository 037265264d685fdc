import "server-only";
import { profiles, users as table } from "@/db/schema";
import { knownGenders, subscriptionTiers } from "@/db/schema/enums";
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
    // Never signed in sorts as the earliest: last when the most recent come first.
    lastLoginAt: { sortNullsAsEarliest: true },
  },
  list: ["email", "id", "verified", "subscriptionTier", "createdAt", "lastLoginAt"],
  sortable: ["createdAt", "email", "subscriptionTier", "lastLoginAt"],
  defaultSort: { field: "createdAt", order: "desc" },
  filters: {
    email: ["contains", "eq"],
    verified: ["eq"],
    subscriptionTier: ["in", "eq", "ne"],
    createdAt: ["gte", "lte"],
    lastLoginAt: ["gte", "lte", "isnull"],
  },
  // The member's gender is on the profile: "users who are …" without leaving the users list.
  joinedFilters: {
    gender: { table: profiles, key: "userId", field: "gender", ops: ["in"], spec: { knownValues: knownGenders } },
  },
  search: { fields: ["email"] },
  update: ["verified", "subscriptionTier"],
  people: ["id"],
  bulk: { verify: { action: "edit", set: { verified: true } } },
});
