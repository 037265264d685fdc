import "server-only";
import { consentLogs as table } from "@/db/schema";
import { knownConsentTypes } from "@/db/schema/enums";
import { defineResource } from "../define";

/** Evidence of consent: never edited. */
export const consentLogs = defineResource({
  name: "consent_logs",
  singular: "Consent record",
  plural: "Consent records",
  table,
  primaryKey: "id",
  userColumn: "userId",
  fields: {
    userId: { label: "User" },
    consentType: { knownValues: knownConsentTypes },
    ipAddress: { label: "IP address", mask: "omit" },
  },
  list: ["userId", "consentType", "granted", "ipAddress", "timestamp"],
  sortable: ["timestamp", "consentType"],
  defaultSort: { field: "timestamp", order: "desc" },
  filters: {
    userId: ["eq"],
    consentType: ["eq", "in"],
    granted: ["eq"],
    timestamp: ["gte", "lte"],
  },
  relations: [{ field: "userId", resource: "users" }],
  people: ["userId"],
});
