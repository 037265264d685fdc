import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../client";
import { decryptMessage } from "../../server/crypto/messageCipher";

/** The twelve tables of the platform (staff accounts are ours, with random bcrypt salts). */
export const platformTables = [
  ["users", "id"],
  ["profiles", "user_id"],
  ["attachment_assessments", "id"],
  ["matches", "id"],
  ["messages", "id"],
  ["ai_interactions", "id"],
  ["consent_logs", "id"],
  ["compliance_logs", "id"],
  ["subscriptions", "id"],
  ["payments", "id"],
  ["events", "id"],
  ["event_registrations", "id"],
] as const;

/**
 * Messages by their decrypted content: each encryption draws a fresh IV, so equal seeds give equal
 * plaintext but never equal ciphertext.
 */
async function messagesChecksum(database: Database): Promise<string> {
  const hash = crypto.createHash("md5");
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await database.rows<{ id: string; h: string; content: string }>(sql`
      SELECT id::text AS id, md5((id, from_user_id, to_user_id, read_at, sent_at)::text) AS h, content
      FROM messages WHERE id > ${after}::uuid ORDER BY id LIMIT 5000`);
    if (rows.length === 0) return hash.digest("hex");
    for (const row of rows) {
      const opened = decryptMessage(row.content, row.id);
      hash.update(`${row.h}:${opened.ok ? opened.content : `unreadable ${opened.reason}`}\n`);
    }
    after = rows[rows.length - 1].id;
  }
}

/** md5 over every row of every platform table in key order: equal checksums mean equal data. */
export async function seedChecksum(database: Database): Promise<string> {
  const parts: string[] = [];
  for (const [table, key] of platformTables) {
    if (table === "messages") {
      parts.push(await messagesChecksum(database));
      continue;
    }
    const [row] = await database.rows<{ h: string }>(
      sql.raw(`SELECT md5(coalesce(string_agg(md5(t::text), '' ORDER BY t.${key}), '')) AS h FROM "${table}" t`),
    );
    parts.push(row.h);
  }
  const [row] = await database.rows<{ h: string }>(sql`SELECT md5(${parts.join("")}) AS h`);
  return row.h;
}
