import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { countMatching } from "@/server/resources/listQuery";
import { registry } from "@/server/resources/registry";

/**
 * Mutation tests (issue #13 §5) for the count's cost budget (listQuery.ts `countMatching`): a
 * stand-in handle answers the EXPLAIN with a plan (rows, startup and total cost) and the LIMITed
 * count with `n`. The exact count stops after 10,001 rows, so it is costed as the plan's startup
 * plus 10,001/rows of the rest; above the budget (5,000 by default) the estimate is shown. Each
 * expected cost below is worked out by hand in the comment beside it.
 */
function handle(plan: { rows: number; startup: number; total: number }, n: number) {
  const queries: string[] = [];
  const dialect = new PgDialect();
  const database = {
    async rows(query: SQL) {
      queries.push(dialect.sqlToQuery(query).sql);
      return queries.length === 1
        ? [
            {
              "QUERY PLAN": [
                { Plan: { "Plan Rows": plan.rows, "Startup Cost": plan.startup, "Total Cost": plan.total } },
              ],
            },
          ]
        : [{ n }];
    },
  } as unknown as Database;
  return { database, queries };
}
const count = (plan: { rows: number; startup: number; total: number }, n: number, budget?: number) => {
  const { database, queries } = handle(plan, n);
  return countMatching(database, registry.users, undefined, budget).then((result) => ({
    ...result,
    queries: queries.length,
  }));
};

describe("the exact count's cost budget", () => {
  it("costs only the share of the scan the LIMITed count reads", async () => {
    // 20,000 rows expected, cost 0..9,000: the count reads 10,001/20,000 of it, 4,500.45 ≤ 5,000: counted.
    expect(await count({ rows: 20_000, startup: 0, total: 9_000 }, 9_000)).toEqual({
      total: 9_000,
      totalIsEstimate: false,
      queries: 2,
    });
    // The same plan costing 0..10,000: 5,000.5 > 5,000, so the planner's 20,000 is shown, uncounted.
    expect(await count({ rows: 20_000, startup: 0, total: 10_000 }, 9_000)).toEqual({
      total: 20_000,
      totalIsEstimate: true,
      queries: 1,
    });
  });

  it("adds the startup cost to the share of the rest", async () => {
    // 1,000 + 7,000 × 10,001/20,000 = 4,500.35: counted.
    expect(await count({ rows: 20_000, startup: 1_000, total: 8_000 }, 7_000)).toEqual({
      total: 7_000,
      totalIsEstimate: false,
      queries: 2,
    });
    // 1,000 + 8,000 × 10,001/20,000 = 5,000.4: over the budget.
    expect(await count({ rows: 20_000, startup: 1_000, total: 9_000 }, 7_000)).toEqual({
      total: 20_000,
      totalIsEstimate: true,
      queries: 1,
    });
  });

  it("at most the whole plan: fewer rows than the limit cost the plan's total", async () => {
    // 10 rows expected: the count reads all of them, 50 + 50 = 100, exactly the budget of 100: counted.
    expect(await count({ rows: 10, startup: 50, total: 100 }, 10, 100)).toEqual({
      total: 10,
      totalIsEstimate: false,
      queries: 2,
    });
    // One unit more than the budget: the planner's 10 is shown as an estimate, even below 10,000.
    expect(await count({ rows: 10, startup: 50, total: 101 }, 10, 100)).toEqual({
      total: 10,
      totalIsEstimate: true,
      queries: 1,
    });
    // No rows expected: the whole plan again (2 ≤ 5,000), and the count says 0.
    expect(await count({ rows: 0, startup: 1, total: 2 }, 0)).toEqual({ total: 0, totalIsEstimate: false, queries: 2 });
  });
});
