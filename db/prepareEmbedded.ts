import { openDatabase } from "./client";
import { migrateToHead } from "./migrator";
import { seedDemoWhenEmpty } from "./seeding/whenEmpty";

/**
 * `npm start`'s first-start helper (scripts/start.mjs): while `next build` runs, migrates and seeds
 * the embedded database in a process of its own, so the server started after the build opens a
 * ready database instead of seeding it after the build (the two overlap on two cores: ~10 s off a
 * first start). It closes the database before the server opens it (PGlite allows one process).
 * PostgreSQL (DATABASE_URL) is left to the server, which migrates it at start.
 */
const log = (line: string) => console.log(`[prepare] ${line}`);
const started = performance.now();
const database = await openDatabase();
try {
  const applied = await migrateToHead(database);
  const seeded = await seedDemoWhenEmpty(database, log);
  log(
    `embedded database ready in ${((performance.now() - started) / 1000).toFixed(1)} s` +
      `${applied.length ? `, ${applied.length} migrations applied` : ""}${seeded ? ", demo data seeded" : ""}`,
  );
} finally {
  await database.close();
}
