import type { SQL } from "drizzle-orm";

/**
 * The rows of a query run through a Drizzle handle's or transaction's execute(), whichever driver:
 * postgres.js answers the rows themselves, PGlite a result object holding them. The one place that
 * knows both shapes (Database.rows does the same for a whole handle, in client.ts).
 */
export async function executedRows<T>(
  executor: { execute: (query: SQL) => Promise<unknown> },
  query: SQL,
): Promise<T[]> {
  const result = await executor.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}
