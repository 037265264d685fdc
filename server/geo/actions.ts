"use server";

import { sql } from "drizzle-orm";
import { z } from "zod";
import { defineAction } from "../actions/defineAction";

/**
 * Rebuilds the precomputed map clusters on demand. Not a change to anyone's data, but a staff
 * action that costs the database real work, so it is authorized and audited like one.
 */
export const refreshMapAggregate = defineAction(
  { resource: "map", action: "edit", input: z.object({}).strict() },
  async (_input, { tx }) => {
    // In the action's transaction: PGlite has one connection, which the transaction holds.
    await tx.execute(sql`SELECT refresh_map_cells()`);
    // The screen re-reads the viewport, which carries the new freshness.
    return { data: { refreshed: true }, audit: { resource: "map", action: "refresh_aggregate" } };
  },
);
