import "server-only";
import { complianceLogs as table } from "@/db/schema";
import { regulatoryFrameworks } from "@/db/schema/enums";
import { defineResource } from "../define";

/** The audit trail: append-only. Metadata names staff and may hold IP addresses: hidden from analysts. */
export const complianceLogs = defineResource({
  name: "compliance_logs",
  singular: "Compliance log entry",
  plural: "Compliance log entries",
  table,
  primaryKey: "id",
  userColumn: "userId",
  fields: {
    userId: { label: "User" },
    staffId: { label: "Staff" },
    regulatoryFramework: { label: "Framework", enumValues: regulatoryFrameworks },
    metadata: { mask: "omit" },
  },
  list: ["timestamp", "actionType", "regulatoryFramework", "userId", "staffId", "metadata"],
  sortable: ["timestamp", "actionType"],
  defaultSort: { field: "timestamp", order: "desc" },
  filters: {
    userId: ["eq", "isnull"],
    staffId: ["eq", "isnull"],
    actionType: ["eq", "contains", "in"],
    regulatoryFramework: ["in", "eq"],
    timestamp: ["gte", "lte"],
  },
  search: { fields: ["actionType"] },
  relations: [{ field: "userId", resource: "users" }],
  staff: ["staffId"],
  people: ["userId"],
});
