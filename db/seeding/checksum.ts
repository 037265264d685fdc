import { sql } from "drizzle-orm";
import type { Database } from "../client";

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

/** md5 over every row of every platform table in key order: equal checksums mean equal data. */
export async function seedChecksum(database: Database): Promise<string> {
  const parts: string[] = [];
  for (const [table, key] of platformTables) {
    const [row] = await database.rows<{ h: string }>(
      sql.raw(`SELECT md5(coalesce(string_agg(md5(t::text), '' ORDER BY t.${key}), '')) AS h FROM "${table}" t`),
    );
    parts.push(row.h);
  }
  const [row] = await database.rows<{ h: string }>(sql`SELECT md5(${parts.join("")}) AS h`);
  return row.h;
}
