import "server-only";
import { aiInteractions as table } from "@/db/schema";
import { knownAiTypes } from "@/db/schema/enums";
import { defineResource } from "../define";

/** EU AI Act transparency evidence: read-only. */
export const aiInteractions = defineResource({
  name: "ai_interactions",
  singular: "AI interaction",
  plural: "AI interactions",
  table,
  primaryKey: "id",
  userColumn: "userId",
  fields: { userId: { label: "User" }, aiType: { label: "AI type", enumValues: knownAiTypes } },
  list: ["userId", "aiType", "disclosureShown", "userConsented", "createdAt"],
  sortable: ["createdAt", "aiType"],
  defaultSort: { field: "createdAt", order: "desc" },
  filters: {
    userId: ["eq"],
    aiType: ["in", "eq"],
    disclosureShown: ["eq"],
    userConsented: ["eq"],
    createdAt: ["gte", "lte"],
  },
  relations: [{ field: "userId", resource: "users" }],
  people: ["userId"],
});
