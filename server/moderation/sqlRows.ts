import "server-only";
import type { SQL } from "drizzle-orm";
import type { Db, Row } from "@/db/client";
import { executedRows } from "@/db/executedRows";

/**
 * Raw SQL returning rows, on the database or inside a transaction. The moderation reads run in
 * route handlers (on the database) and inside actions (on the action's transaction: PGlite has one
 * connection, so a query outside the open transaction would wait for it forever).
 */
export interface SqlRows {
  rows<T extends Row = Row>(query: SQL): Promise<T[]>;
}

/** A transaction (or Drizzle handle) as SqlRows: postgres.js returns the rows, PGlite a result holding them. */
export function rowsIn(executor: Pick<Db, "execute">): SqlRows {
  return {
    rows: <T extends Row = Row>(query: SQL): Promise<T[]> => executedRows<T>(executor, query),
  };
}
