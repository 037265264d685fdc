// No `import "server-only"`: run by `npm run db:rotate-keys` outside Next.js.
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { messageKeyRing, type KeyRing } from "./keyRing";
import { decryptMessage, encryptMessage, prefixOf, randomIvs } from "./messageCipher";

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

/** A PostgreSQL array literal of `values` (every element quoted, so any text fits). */
function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`;
}

interface Rewrite {
  /** The row version that was read: `(page,item)`. */
  tid: string;
  id: string;
  content: string;
}

/**
 * One short transaction. Each row is addressed by the tuple it was read from (a TID scan, no index
 * lookup): a row changed since it was read has a new tuple, so the old one matches nothing (and a
 * change still in progress is re-checked against the new tuple after it commits, which has another
 * TID) and the row is left for the next run instead of being overwritten with stale content.
 */
async function writeBatch(database: Database, rewrites: Rewrite[]): Promise<number> {
  if (rewrites.length === 0) return 0;
  const [written] = await database.rows<{ n: number }>(sql`
    WITH written AS (
      UPDATE messages AS m SET content = v.content
      FROM unnest(${arrayLiteral(rewrites.map((r) => r.tid))}::tid[], ${arrayLiteral(rewrites.map((r) => r.id))}::uuid[],
        ${arrayLiteral(rewrites.map((r) => r.content))}::text[]) AS v(tid, id, content)
      WHERE m.ctid = v.tid AND m.id = v.id
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
 * left). A row changed since it was read is left for the next run (see writeBatch). Legacy
 * plaintext rows are encrypted; rows that fail their integrity check are left untouched and
 * reported by id.
 */
export async function rotateMessageKeys(
  database: Database,
  options: {
    pagesPerBatch?: number;
    ring?: KeyRing;
    onProgress?: (progress: RotationProgress) => void | Promise<void>;
  } = {},
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
  // Up to two UPDATEs run while the next batch is read and re-encrypted (PostgreSQL's pool has
  // connections to spare and each UPDATE keeps one server core busy; on PGlite they simply queue).
  // Batches cover disjoint page ranges, so the writes never wait on each other's rows.
  const writing: Promise<void>[] = [];
  for (let page = 0; page < Number(pages); page += pagesPerBatch) {
    const batch = await database.rows<{ tid: string; id: string; content: string }>(sql`
      SELECT ctid::text AS tid, id::text AS id, content FROM messages
      WHERE ctid >= ${`(${page},0)`}::tid AND ctid < ${`(${page + pagesPerBatch},0)`}::tid
        AND NOT starts_with(content, ${prefix})`);
    if (batch.length === 0) continue;
    const rewrites: Rewrite[] = [];
    const ivs = randomIvs(batch.length);
    for (const [i, row] of batch.entries()) {
      const opened = decryptMessage(row.content, row.id, ring);
      if (!opened.ok) {
        progress.unreadable++;
        if (unreadableIds.length < 100) unreadableIds.push(row.id);
        continue;
      }
      rewrites.push({ tid: row.tid, id: row.id, content: encryptMessage(opened.content, row.id, ring, ivs[i]) });
    }
    if (writing.length >= 2) await writing.shift();
    const written = writeBatch(database, rewrites).then(async (rotated) => {
      progress.rotated += rotated;
      progress.done += batch.length;
      await options.onProgress?.({ ...progress });
    });
    // Handled here so a failure while the loop is elsewhere is not an unhandled rejection; it is
    // still thrown where the write is awaited.
    written.catch(() => {});
    writing.push(written);
  }
  await Promise.all(writing);
  return {
    ...progress,
    activeKey: ring.active.id,
    seconds: (performance.now() - started) / 1000,
    unreadableIds,
  };
}
