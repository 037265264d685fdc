import "server-only";
import { attachmentAssessments as table } from "@/db/schema";
import { attachmentStyles } from "@/db/schema/enums";
import { defineResource } from "../define";

/** Derived from the user's questionnaire answers: read-only here. */
export const attachmentAssessments = defineResource({
  name: "attachment_assessments",
  singular: "Attachment assessment",
  plural: "Attachment assessments",
  table,
  primaryKey: "id",
  userColumn: "userId",
  fields: {
    style: { enumValues: attachmentStyles },
    userId: { label: "User" },
    // The schema's scale: a range filter offers (and checks) 0–100.
    anxietyScore: { min: 0, max: 100 },
    avoidanceScore: { min: 0, max: 100 },
  },
  list: ["userId", "style", "anxietyScore", "avoidanceScore", "assessmentVersion", "createdAt"],
  sortable: ["createdAt", "style", "anxietyScore", "avoidanceScore"],
  defaultSort: { field: "createdAt", order: "desc" },
  filters: {
    userId: ["eq"],
    style: ["in", "eq"],
    anxietyScore: ["gte", "lte"],
    avoidanceScore: ["gte", "lte"],
    createdAt: ["gte", "lte"],
  },
  relations: [{ field: "userId", resource: "users" }],
  people: ["userId"],
});
