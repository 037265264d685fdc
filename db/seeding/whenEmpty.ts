import { sql, type Database } from "../client";

/**
 * Seeds the demo set when there are no users yet (the embedded engine's first start), and says so.
 * The lookup stops at the first user, and the seed code (its generators, bcrypt) loads only for an
 * empty database. Used by the server's boot and by `npm start`'s first-start helper
 * (db/prepareEmbedded.ts), whichever opens the empty database first.
 */
export async function seedDemoWhenEmpty(database: Database, log: (line: string) => void): Promise<boolean> {
  const [row] = await database.rows<{ seeded: boolean }>(sql`SELECT EXISTS (SELECT 1 FROM users) AS seeded`);
  if (row?.seeded) return false;
  log("empty database: seeding the demo data (first start only)…");
  const { seedDemoData } = await import("./index");
  await seedDemoData(database);
  return true;
}
