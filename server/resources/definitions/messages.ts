import "server-only";
import { messages as table } from "@/db/schema";
import { defineResource } from "../define";

/**
 * Read-only evidence. The content is stored encrypted (server/crypto/messageCipher.ts) and is never
 * selected by the generic list, show or export: it is read only in the conversation view
 * (server/messages/conversation.ts), by the roles in lib/messageAccess.ts, after a reason that is
 * audited. A list cell or a CSV column of decrypted text would be a way around that record.
 * Content search is impossible by design (ciphertext): filter by sender, receiver or date.
 */
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
    content: { hidden: true },
  },
  list: ["fromUserId", "toUserId", "sentAt", "readAt"],
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
  people: ["fromUserId", "toUserId"],
});
