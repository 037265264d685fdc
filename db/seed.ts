import { SingleBar, Presets } from "cli-progress";
import { argValue, describeTarget, runCli } from "./cli";
import { migrateToHead } from "./migrator";
import { formatDemoLogins, seedChecksum, seedDatabase, type SeedProgress } from "./seeding";

// npm run db:seed -- --users 10000 --seed 42 [--anchor 2026-11-01T00:00:00Z] [--checksum]
const users = Number(argValue("users") ?? 2000);
const seed = Number(argValue("seed") ?? 42);
const anchor = argValue("anchor");

function progressReporter(): { onProgress: (p: SeedProgress) => void; stop: () => void } {
  // A bar on large runs in a terminal; plain lines otherwise (CI logs, small runs).
  if (process.stdout.isTTY && users >= 20_000) {
    const bar = new SingleBar(
      { format: " {step} |{bar}| {percentage}% {value}/{total} tasks" },
      Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress: (p) => {
        if (!started) bar.start(p.total, p.done, { step: p.step.padEnd(24) });
        else bar.update(p.done, { step: p.step.padEnd(24) });
        started = true;
      },
      stop: () => bar.stop(),
    };
  }
  let last = "";
  return {
    onProgress: (p) => {
      if (p.step !== last) console.log(`  ${p.step} (${p.done}/${p.total} tasks)…`);
      last = p.step;
    },
    stop: () => {},
  };
}

await runCli(async (database) => {
  await migrateToHead(database);
  console.log(`Seeding ${users} users (seed ${seed}) into ${describeTarget()}`);
  const progress = progressReporter();
  const report = await seedDatabase(database, { users, seed, anchor, onProgress: progress.onProgress });
  progress.stop();
  for (const t of report.tables) {
    console.log(
      `  ${t.table.padEnd(24)} ${String(t.rows).padStart(10)} rows ${(t.rows / Math.max(t.seconds, 1e-3)).toFixed(0).padStart(9)} rows/s`,
    );
  }
  for (const p of report.phases) console.log(`  ${p.phase.padEnd(36)} ${p.seconds.toFixed(1).padStart(8)} s`);
  if (process.argv.includes("--trace")) {
    for (const t of report.trace)
      console.log(`  ${t.at.toFixed(1).padStart(7)} s +${t.seconds.toFixed(2).padStart(6)} s  ${t.task}`);
  }
  console.log(`Seeded in ${report.seconds.toFixed(1)} s (${report.workers} statement(s) at a time).`);
  if (process.argv.includes("--checksum")) console.log(`checksum ${await seedChecksum(database)}`);
  console.log(`Demo staff logins:\n${formatDemoLogins()}`);
});
