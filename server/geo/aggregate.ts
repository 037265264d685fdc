import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { Transaction } from "../actions/defineAction";

/** When map_cells (the precomputed clusters) was last rebuilt, and how many profiles it placed. */
export interface AggregateFreshness {
  refreshedAt: string | null;
  profilesPlaced: number;
  refreshMs: number | null;
}

export async function aggregateFreshness(database: Database): Promise<AggregateFreshness> {
  const [row] = await database.rows<{
    refreshed_at: string | Date | null;
    profiles_placed: number;
    refresh_ms: number | null;
  }>(sql`SELECT refreshed_at, profiles_placed, refresh_ms FROM map_cells_state WHERE id = 1`);
  return {
    refreshedAt: row?.refreshed_at ? new Date(row.refreshed_at).toISOString() : null,
    profilesPlaced: Number(row?.profiles_placed ?? 0),
    refreshMs: row?.refresh_ms === null || row?.refresh_ms === undefined ? null : Number(row.refresh_ms),
  };
}

/** Rebuilds map_cells from profiles (CONCURRENTLY once populated, so the map keeps reading meanwhile). */
export async function refreshMapCells(database: Database): Promise<AggregateFreshness> {
  await database.rows(sql`SELECT refresh_map_cells()`);
  return aggregateFreshness(database);
}

/**
 * The aggregate is built on first use when it never was (a fresh or just-seeded database), so the
 * map never reads an unpopulated view; later refreshes are explicit (the Refresh button, seeding).
 */
export async function ensureAggregate(database: Database): Promise<AggregateFreshness> {
  const freshness = await aggregateFreshness(database);
  return freshness.refreshedAt ? freshness : refreshMapCells(database);
}

/**
 * Erasure's part of the map: rebuilds the clusters inside the erasing transaction, after the
 * profile is gone, so the person leaves every aggregate when the erasure commits instead of at the
 * next refresh (map_cells is a materialized view: its rows cannot be edited one by one). Seconds
 * at a million profiles, for a rare action; skipped while the clusters were never built (the
 * first read builds them from the data as it is then).
 */
export async function dropErasedFromMapCells(tx: Transaction): Promise<void> {
  await tx.execute(sql`SELECT refresh_map_cells() FROM map_cells_state WHERE id = 1 AND refreshed_at IS NOT NULL`);
}
