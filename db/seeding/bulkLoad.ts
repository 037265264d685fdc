import { sql } from "drizzle-orm";
import type { Database } from "../client";

/**
 * For large seeds: drop foreign keys and non-unique indexes, load, then rebuild them. Building an
 * index once is far cheaper than maintaining it row by row, and the FK check runs as one scan.
 * Unique indexes stay: the seed relies on them (ON CONFLICT) and they guard the data.
 */
export async function withBulkLoad<T>(database: Database, load: () => Promise<T>): Promise<T> {
  const foreignKeys = await database.rows<{ tbl: string; name: string; def: string }>(sql`
    SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
    FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`);
  const indexes = await database.rows<{ name: string; def: string }>(sql`
    SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relnamespace = 'public'::regnamespace AND NOT x.indisunique AND NOT x.indisprimary
      AND t.relname <> 'spatial_ref_sys'`);
  for (const fk of foreignKeys) await database.exec(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT "${fk.name}"`);
  for (const index of indexes) await database.exec(`DROP INDEX "${index.name}"`);
  try {
    return await load();
  } finally {
    // Two at a time: one per core on PostgreSQL. A larger sort memory makes each build one pass.
    for (let i = 0; i < indexes.length; i += 2) {
      await Promise.all(
        indexes.slice(i, i + 2).map((index) => database.exec(`SET maintenance_work_mem = '256MB'; ${index.def}`)),
      );
    }
    for (const fk of foreignKeys) await database.exec(`ALTER TABLE ${fk.tbl} ADD CONSTRAINT "${fk.name}" ${fk.def}`);
  }
}
