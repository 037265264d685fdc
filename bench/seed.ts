import { openDatabase } from "../db/client";
import { migrateToHead } from "../db/migrator";
import { seedDatabase } from "../db/seeding";
import { benchDatabaseUrl, fmt, recreateDatabase } from "./_support";

/** Issue: seed 1,000,000 users with profiles (and proportional rows elsewhere) into PostgreSQL in ≤ 60 s (issue #11 §4; an earlier issue asked ≤ 120 s). */
export async function run(): Promise<void> {
  const users = Number(process.env.BENCH_SEED_USERS || 1_000_000);
  await recreateDatabase(benchDatabaseUrl);
  const database = await openDatabase({ url: benchDatabaseUrl });
  try {
    await migrateToHead(database);
    const report = await seedDatabase(database, { users, seed: 42 });
    for (const t of report.tables) {
      console.log(
        `  ${t.table.padEnd(24)} ${fmt(t.rows, 0).padStart(11)} rows  ${fmt(t.rows / Math.max(t.seconds, 1e-3), 0).padStart(9)} rows/s ${fmt(t.seconds).padStart(7)} s of work`,
      );
    }
    for (const p of report.phases) console.log(`  ${p.phase.padEnd(40)} ${fmt(p.seconds).padStart(8)} s`);
    // BENCH_SEED_TRACE=1: every task, to see what the two workers did when.
    if (process.env.BENCH_SEED_TRACE) {
      for (const t of report.trace)
        console.log(`  ${fmt(t.at).padStart(7)} s +${fmt(t.seconds, 2).padStart(6)} s  ${t.task}`);
    }
    const total = report.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `seed: ${fmt(users, 0)} users, ${fmt(total, 0)} rows in ${fmt(report.seconds)} s (goal ≤ 60 s), ${fmt(total / report.seconds, 0)} rows/s overall, ${report.workers} workers`,
    );
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
