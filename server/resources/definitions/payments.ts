import "server-only";
import { payments as table } from "@/db/schema";
import { knownPaymentTypes, paymentStatuses } from "@/db/schema/enums";
import { defineResource } from "../define";

/** Financial records: read-only here; a refund is its own action (server/actions/paymentActions.ts). */
export const payments = defineResource({
  name: "payments",
  singular: "Payment",
  plural: "Payments",
  table,
  primaryKey: "id",
  userColumn: "userId",
  fields: {
    userId: { label: "User" },
    type: { enumValues: knownPaymentTypes },
    status: { enumValues: paymentStatuses },
    stripePaymentId: { label: "Stripe payment" },
    stripeInvoiceId: { label: "Stripe invoice" },
  },
  list: ["userId", "amount", "type", "status", "createdAt"],
  sortable: ["createdAt", "amount", "type", "status"],
  defaultSort: { field: "createdAt", order: "desc" },
  filters: {
    userId: ["eq"],
    amount: ["gte", "lte"],
    type: ["in", "eq"],
    status: ["in", "eq", "ne"],
    createdAt: ["gte", "lte"],
  },
  relations: [{ field: "userId", resource: "users" }],
  people: ["userId"],
});
