import { sql, type SQL } from "drizzle-orm";
import type { Database } from "./client";
import { executedRows } from "./executedRows";

type Row = Record<string, unknown>;

/** Planner switches (`enable_*`) a query may turn off for itself. */
export type PlannerSettings = Partial<Record<`enable_${string}`, "on" | "off">>;

/**
 * Runs one query in a transaction of its own with planner settings (`SET LOCAL`, so nothing
 * outlives it: safe behind a transaction pooler and on a shared connection). For the few queries
 * whose row estimates mislead the planner into a plan that reads far more than it returns; each
 * caller says why next to its settings.
 */
export async function rowsWithPlannerSettings<T extends Row>(
  database: Database,
  settings: PlannerSettings,
  query: SQL,
): Promise<T[]> {
  return database.db.transaction(async (tx) => {
    for (const [name, value] of Object.entries(settings)) {
      if (!/^enable_[a-z_]+$/.test(name) || (value !== "on" && value !== "off"))
        throw new Error(`not a planner switch: ${name} = ${String(value)}`);
      await tx.execute(sql.raw(`SET LOCAL ${name} = ${value}`));
    }
    return executedRows<T>(tx, query);
  });
}
