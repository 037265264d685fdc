import "server-only";
import { messages as table } from "@/db/schema";
import { defineResource } from "../define";

/** Read-only evidence; the content is shown to trust & safety and admins only. */
export const messages = defineResource({
  name: "messages",
  singular: "Message",
  plural: "Messages",
  table,
  primaryKey: "id",
  userColumn: "fromUserId",
  fields: {
    fromUserId: { label: "From" },
    toUserId: { label: "To" },
    content: { mask: "omit", visibleTo: ["admin", "trust_safety"] },
  },
  list: ["fromUserId", "toUserId", "content", "sentAt", "readAt"],
  sortable: ["sentAt"],
  defaultSort: { field: "sentAt", order: "desc" },
  filters: {
    fromUserId: ["eq"],
    toUserId: ["eq"],
    sentAt: ["gte", "lte"],
    readAt: ["gte", "lte", "isnull"],
  },
  relations: [
    { field: "fromUserId", resource: "users" },
    { field: "toUserId", resource: "users" },
  ],
});
