import bcrypt from "bcryptjs";
import { sql } from "drizzle-orm";
import type { Database } from "../client";
import { staffAccounts } from "../schema";
import { insertAssessments, insertProfiles, insertUsers } from "./accounts";
import { insertPayments, insertSubscriptions } from "./billing";
import { insertAiInteractions, insertComplianceLogs, insertConsentLogs } from "./compliance";
import { demoStaff } from "./demoStaff";
import { insertEvents, insertRegistrations, insertTicketPayments } from "./events";
import { withBulkLoad } from "./bulkLoad";
import type { SeedContext } from "./random";
import { insertMatches, insertMessages } from "./social";

export { demoStaff, formatDemoLogins } from "./demoStaff";
export { seedChecksum } from "./checksum";

export interface SeedOptions {
  users: number;
  seed: number;
  /** ISO timestamp all seeded times are relative to; defaults to today 00:00 UTC. */
  anchor?: string;
  onProgress?: (progress: SeedProgress) => void;
}
export interface SeedProgress {
  step: string;
  done: number;
  total: number;
}
export interface SeedReport {
  tables: { table: string; rows: number; seconds: number }[];
  /** Work after loading: index and key rebuilds, statistics, the map's clusters. */
  phases: { phase: string; seconds: number }[];
  seconds: number;
}

type Step =
  | { table: string; label: string; perUsers: (ctx: SeedContext, lo: number, hi: number) => string }
  | { table: string; label: string; once: (ctx: SeedContext) => string };

// Order follows the foreign keys: a match needs both users, a message its match, a registration its payment.
const steps: Step[] = [
  { table: "users", label: "users", perUsers: insertUsers },
  { table: "profiles", label: "profiles", perUsers: insertProfiles },
  { table: "attachment_assessments", label: "attachment assessments", perUsers: insertAssessments },
  { table: "matches", label: "matches", perUsers: insertMatches },
  { table: "messages", label: "messages", perUsers: insertMessages },
  { table: "subscriptions", label: "subscriptions", perUsers: insertSubscriptions },
  { table: "payments", label: "payments", perUsers: insertPayments },
  { table: "events", label: "events", once: insertEvents },
  { table: "payments", label: "event tickets", once: insertTicketPayments },
  { table: "event_registrations", label: "event registrations", once: insertRegistrations },
  { table: "ai_interactions", label: "AI interactions", perUsers: insertAiInteractions },
  { table: "consent_logs", label: "consent logs", perUsers: insertConsentLogs },
  { table: "compliance_logs", label: "compliance logs", perUsers: insertComplianceLogs },
];

const chunkSize = 25_000;
/** From this size on, indexes and foreign keys are rebuilt after loading (see bulkLoad.ts). */
const bulkLoadThreshold = 50_000;
/** Two statements at a time keep both cores busy on PostgreSQL; PGlite simply runs them in turn. */
const concurrency = 2;

export const defaultAnchor = () => new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z").toISOString();

async function countRows(database: Database, table: string): Promise<number> {
  const [row] = await database.rows<{ n: string | number }>(sql.raw(`SELECT count(*) AS n FROM "${table}"`));
  return Number(row.n);
}

/** Fills all twelve tables with consistent, deterministic data for `users` users. Expects empty tables. */
export async function seedDatabase(database: Database, options: SeedOptions): Promise<SeedReport> {
  if (!Number.isInteger(options.users) || options.users < 2) throw new Error("--users must be an integer ≥ 2");
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 1_000_000) {
    throw new Error("--seed must be an integer between 0 and 1000000");
  }
  const ctx: SeedContext = { seed: options.seed, users: options.users, anchor: options.anchor ?? defaultAnchor() };
  if (Number.isNaN(Date.parse(ctx.anchor))) throw new Error(`--anchor is not a date: ${ctx.anchor}`);
  const started = performance.now();
  const report: SeedReport = { tables: [], phases: [], seconds: 0 };
  const phase = async (name: string, work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    report.phases.push({ phase: name, seconds: (performance.now() - t0) / 1000 });
  };
  if (ctx.users >= bulkLoadThreshold) {
    let loaded = 0;
    await withBulkLoad(database, async () => {
      await runSteps(database, ctx, options, report);
      loaded = performance.now();
    });
    report.phases.push({ phase: "indexes and keys rebuilt", seconds: (performance.now() - loaded) / 1000 });
  } else await runSteps(database, ctx, options, report);
  await seedStaff(database);
  await phase("statistics (ANALYZE)", () => database.exec("ANALYZE"));
  // The map's precomputed clusters (migration 0002_map_cells) must describe the data just loaded.
  await phase("map clusters refreshed", () => database.exec("SELECT refresh_map_cells()"));
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

async function runSteps(database: Database, ctx: SeedContext, options: SeedOptions, report: SeedReport) {
  for (const step of steps) {
    const before = await countRows(database, step.table);
    const t0 = performance.now();
    if ("once" in step) {
      options.onProgress?.({ step: step.label, done: 0, total: 1 });
      await database.exec(step.once(ctx));
      options.onProgress?.({ step: step.label, done: 1, total: 1 });
    } else {
      const chunks: [number, number][] = [];
      for (let lo = 1; lo <= ctx.users; lo += chunkSize) chunks.push([lo, Math.min(ctx.users, lo + chunkSize - 1)]);
      let done = 0;
      options.onProgress?.({ step: step.label, done, total: ctx.users });
      for (let c = 0; c < chunks.length; c += concurrency) {
        const batch = chunks.slice(c, c + concurrency);
        await Promise.all(batch.map(([lo, hi]) => database.exec(step.perUsers(ctx, lo, hi))));
        done += batch.reduce((sum, [lo, hi]) => sum + hi - lo + 1, 0);
        options.onProgress?.({ step: step.label, done, total: ctx.users });
      }
    }
    const rows = (await countRows(database, step.table)) - before;
    report.tables.push({ table: step.label, rows, seconds: (performance.now() - t0) / 1000 });
  }
}

/** The demo back-office logins (one per role); existing accounts are left as they are. */
export async function seedStaff(database: Database): Promise<void> {
  const rows = await Promise.all(
    demoStaff.map(async (s) => ({
      email: s.email,
      name: s.name,
      role: s.role,
      passwordHash: await bcrypt.hash(s.password, 12),
    })),
  );
  await database.db.insert(staffAccounts).values(rows).onConflictDoNothing();
}

export const demoUserCount = Number(process.env.DEMO_USERS || 2000);

/** First start of the embedded database: seed the demo set when there are no users yet. */
export async function seedIfEmpty(database: Database): Promise<boolean> {
  if ((await countRows(database, "users")) > 0) return false;
  await seedDatabase(database, { users: demoUserCount, seed: 42 });
  return true;
}
