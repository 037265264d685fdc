import "server-only";
import { DomainError } from "../errors";
import { isStorableText } from "../storableText";
import type { SortOrder } from "@/lib/resources/types";

/** Where the previous page ended: the sort key and primary key of its last row, as exact text. */
export interface Cursor {
  sort: string;
  order: SortOrder;
  key: string;
  id: string;
}

export const encodeCursor = (cursor: Cursor) =>
  Buffer.from(JSON.stringify([cursor.sort, cursor.order, cursor.key, cursor.id])).toString("base64url");

export function decodeCursor(text: string): Cursor {
  try {
    const [sort, order, key, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
    if (
      typeof sort === "string" &&
      (order === "asc" || order === "desc") &&
      typeof key === "string" &&
      typeof id === "string" &&
      [sort, key, id].every(isStorableText)
    ) {
      return { sort, order, key, id };
    }
  } catch {
    // fall through
  }
  throw new DomainError("invalid", "cursor: not a cursor returned by this API", { cursor: "Not a valid cursor" });
}
