import "server-only";
import { matches as table } from "@/db/schema";
import { matchStatuses } from "@/db/schema/enums";
import { defineResource } from "../define";

export const matches = defineResource({
  name: "matches",
  singular: "Match",
  plural: "Matches",
  table,
  primaryKey: "id",
  userColumn: "userAId",
  fields: {
    userAId: { label: "User A" },
    userBId: { label: "User B" },
    status: { enumValues: matchStatuses },
    compatibilityScore: { label: "Compatibility", min: 0, max: 100 },
  },
  list: ["userAId", "userBId", "compatibilityScore", "status", "createdAt"],
  sortable: ["createdAt", "status", "compatibilityScore"],
  defaultSort: { field: "createdAt", order: "desc" },
  filters: {
    userAId: ["eq"],
    userBId: ["eq"],
    status: ["in", "eq", "ne"],
    compatibilityScore: ["gte", "lte"],
    createdAt: ["gte", "lte"],
  },
  update: ["status"],
  relations: [
    { field: "userAId", resource: "users" },
    { field: "userBId", resource: "users" },
  ],
  people: ["userAId", "userBId"],
});
