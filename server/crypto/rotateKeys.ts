// No `import "server-only"`: run by `npm run db:rotate-keys` outside Next.js.
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { messageKeyRing, type KeyRing } from "./keyRing";
import { decryptMessage, encryptMessage, prefixOf } from "./messageCipher";

export interface RotationProgress {
  /** Messages looked at so far (all of them were not on the active key). */
  done: number;
  rotated: number;
  unreadable: number;
}

export interface RotationReport extends RotationProgress {
  activeKey: string;
  seconds: number;
  /** Ids of messages that could not be decrypted and were left as stored (at most 100). */
  unreadableIds: string[];
}

/** How many messages are not stored under the active key yet (legacy plaintext included). */
export async function messagesToRotate(database: Database, ring: KeyRing = messageKeyRing()): Promise<number> {
  const [row] = await database.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM messages WHERE NOT starts_with(content, ${prefixOf(ring.active.id)})`,
  );
  return Number(row.n);
}

/** Messages per key id (null: not encrypted), for the CLI's summary and for retiring old keys. */
export async function messagesPerKey(database: Database): Promise<Map<string | null, number>> {
  const rows = await database.rows<{ key_id: string | null; n: number }>(sql`
    SELECT CASE WHEN starts_with(content, 'sb1:') THEN split_part(content, ':', 2) END AS key_id, count(*)::int AS n
    FROM messages GROUP BY 1`);
  return new Map(rows.map((r) => [r.key_id, Number(r.n)]));
}

/** One short transaction: rows changed since they were read are skipped (the next run takes them). */
async function writeBatch(
  database: Database,
  updates: { id: string; content: string; previous: string }[],
): Promise<number> {
  if (updates.length === 0) return 0;
  const [written] = await database.rows<{ n: number }>(sql`
    WITH written AS (
      UPDATE messages AS m SET content = v.content
      FROM json_to_recordset(${JSON.stringify(updates)}::json) AS v(id uuid, content text, previous text)
      WHERE m.id = v.id AND m.content = v.previous
      RETURNING 1)
    SELECT count(*)::int AS n FROM written`);
  return Number(written.n);
}

/**
 * Re-encrypts every message not under the active key, walking the table in physical order (TID
 * range scans, PostgreSQL ≥ 14): each batch reads a run of adjacent heap pages, so reading and
 * updating touch pages in order instead of one random page per row (walking by id, the order of
 * random UUIDs, was I/O-bound at a few thousand messages/s). Each batch is one short UPDATE (its
 * own transaction), so the app keeps serving, and an interrupted run simply starts again: rows
 * already on the active key are skipped by the query. The walk stops at the table's size when it
 * started; the new row versions its UPDATEs append beyond it are already rotated, and a message
 * inserted meanwhile is written under the active key by the app (messagesToRotate tells what is
 * left). A row changed since it was read is left for the next run (the UPDATE matches on the value
 * read). Legacy plaintext rows are encrypted; rows that fail their integrity check are left
 * untouched and reported by id.
 */
export async function rotateMessageKeys(
  database: Database,
  options: { pagesPerBatch?: number; ring?: KeyRing; onProgress?: (progress: RotationProgress) => void } = {},
): Promise<RotationReport> {
  const ring = options.ring ?? messageKeyRing();
  const pagesPerBatch = options.pagesPerBatch ?? 256;
  const prefix = prefixOf(ring.active.id);
  const started = performance.now();
  const progress: RotationProgress = { done: 0, rotated: 0, unreadable: 0 };
  const unreadableIds: string[] = [];
  const [{ pages }] = await database.rows<{ pages: number }>(
    sql`SELECT (pg_relation_size('messages') / current_setting('block_size')::int)::int AS pages`,
  );
  // The UPDATE of one batch runs while the next is read and re-encrypted (PostgreSQL's pool has
  // connections to spare; on PGlite the two simply queue). Batches cover disjoint page ranges.
  let writing: Promise<void> = Promise.resolve();
  for (let page = 0; page < Number(pages); page += pagesPerBatch) {
    const batch = await database.rows<{ id: string; content: string }>(sql`
      SELECT id::text AS id, content FROM messages
      WHERE ctid >= ${`(${page},0)`}::tid AND ctid < ${`(${page + pagesPerBatch},0)`}::tid
        AND NOT starts_with(content, ${prefix})`);
    if (batch.length === 0) continue;
    const updates: { id: string; content: string; previous: string }[] = [];
    for (const row of batch) {
      const opened = decryptMessage(row.content, row.id, ring);
      if (!opened.ok) {
        progress.unreadable++;
        if (unreadableIds.length < 100) unreadableIds.push(row.id);
        continue;
      }
      updates.push({ id: row.id, content: encryptMessage(opened.content, row.id, ring), previous: row.content });
    }
    await writing;
    writing = writeBatch(database, updates).then((rotated) => {
      progress.rotated += rotated;
      progress.done += batch.length;
      options.onProgress?.({ ...progress });
    });
  }
  await writing;
  return {
    ...progress,
    activeKey: ring.active.id,
    seconds: (performance.now() - started) / 1000,
    unreadableIds,
  };
}
