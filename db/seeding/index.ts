import bcrypt from "bcryptjs";
import { BCRYPT_COST } from "../../server/auth/passwordCost";
import { sql } from "drizzle-orm";
import type { Database } from "../client";
import { staffAccounts } from "../schema";
import { insertAssessments, insertProfiles, insertUsers } from "./accounts";
import { insertPayments, insertSubscriptions } from "./billing";
import { insertAiInteractions, insertComplianceLogs, insertConsentLogs } from "./compliance";
import { demoStaff } from "./demoStaff";
import { insertEvents, insertRegistrations, insertTicketPayments } from "./events";
import { planBulkLoad } from "./bulkLoad";
import { runTasks, type SeedTask } from "./scheduler";
import type { SeedContext } from "./random";
import { insertMatchesAndMessages } from "./social";
import { insertModerationHistory, insertStatementsOfReasons, moderationTables } from "./moderation";
import { sequenceAuditChain } from "../../server/audit/sequencer";

export { demoStaff, formatDemoLogins } from "./demoStaff";
export { seedChecksum } from "./checksum";

export interface SeedOptions {
  users: number;
  seed: number;
  /** ISO timestamp all seeded times are relative to; defaults to today 00:00 UTC. */
  anchor?: string;
  onProgress?: (progress: SeedProgress) => void;
  /** Drop indexes and keys while loading and rebuild them after (default: from 50,000 users). */
  bulkLoad?: boolean;
}
/** `done` of `total` seed tasks (table chunks, index builds, …); `step` names the phase. */
export interface SeedProgress {
  step: string;
  done: number;
  total: number;
}
export interface SeedReport {
  /** Rows written per table, and the seconds spent writing them (summed over workers; a step writing two tables counts for both). */
  tables: { table: string; rows: number; seconds: number }[];
  /** Work after loading (index and key rebuilds, statistics, the map's clusters), summed over workers. */
  phases: { phase: string; seconds: number }[];
  /** Wall-clock seconds of the whole seed. */
  seconds: number;
  /** Statements run at a time. */
  workers: number;
  /** Every task: when it started (seconds into the run) and how long it took. */
  trace: { task: string; at: number; seconds: number }[];
}

interface Step {
  /**
   * The tables the step writes. A step writing one table is an INSERT, counted here; a step
   * writing several answers one row with a count per table, named after it.
   */
  writes: readonly string[];
  label: string;
  /** Groups whose rows this step reads (besides the foreign keys, which the list order satisfies). */
  reads?: string[];
  /** Chunks of this step never run at the same time: compliance logs extend one hash chain. */
  serial?: string;
  sql: { perUsers: (ctx: SeedContext, lo: number, hi: number) => Statement } | { once: (ctx: SeedContext) => string };
}
/** SQL text, or work that needs Node between statements (encrypting message content): answers its counts per table. */
type Statement = string | ((database: Database) => Promise<Record<string, number>>);

// In foreign-key order: a match needs both users, a message its users, a registration its payment.
// Within that, large tables first: in a bulk load each table's indexes are rebuilt right after it
// is loaded, so the run ends with the rebuilds of small tables, not of consent_logs.
const steps: Step[] = [
  { writes: ["users"], label: "users", sql: { perUsers: insertUsers } },
  { writes: ["profiles"], label: "profiles", sql: { perUsers: insertProfiles } },
  { writes: ["attachment_assessments"], label: "attachment assessments", sql: { perUsers: insertAssessments } },
  { writes: ["matches", "messages"], label: "matches and messages", sql: { perUsers: insertMatchesAndMessages } },
  { writes: ["consent_logs"], label: "consent logs", sql: { perUsers: insertConsentLogs } },
  { writes: ["ai_interactions"], label: "AI interactions", sql: { perUsers: insertAiInteractions } },
  { writes: ["payments"], label: "payments", sql: { perUsers: insertPayments } },
  { writes: ["subscriptions"], label: "subscriptions", sql: { perUsers: insertSubscriptions } },
  { writes: ["events"], label: "events", sql: { once: insertEvents } },
  { writes: ["payments"], label: "event tickets", reads: ["load:events"], sql: { once: insertTicketPayments } },
  {
    writes: ["event_registrations"],
    label: "event registrations",
    reads: ["load:events", "load:payments"],
    sql: { once: insertRegistrations },
  },
  {
    writes: ["compliance_logs"],
    label: "compliance logs",
    serial: "audit chain",
    // One statement over every user, oldest first; the sequencer chains them in that (time) order.
    sql: { once: (ctx) => insertComplianceLogs(ctx) },
  },
  {
    writes: ["reports", "moderation_actions", "appeals"],
    label: "moderation history",
    // Reads members' first messages and profiles: in a bulk load, once those indexes are back.
    reads: ["index:messages", "constrain:messages", "constrain:profiles"],
    sql: { perUsers: insertModerationHistory },
  },
  {
    writes: ["statements_of_reasons"],
    label: "statements of reasons",
    // Explains the decisions just loaded, joining members, profiles and messages: in a bulk load, once their keys are back.
    reads: [
      "load:moderation_actions",
      "load:appeals",
      ...["users", "profiles", "messages"].flatMap((t) => [`index:${t}`, `constrain:${t}`]),
    ],
    sql: { perUsers: insertStatementsOfReasons },
  },
];

/** The tables the seed writes: the twelve platform tables and the moderation history. */
const seededTables = [...new Set(steps.flatMap((s) => s.writes))];

const chunkSize = 25_000;
/** From this size on, indexes and keys are rebuilt after loading (see bulkLoad.ts). */
const bulkLoadThreshold = 50_000;

export const defaultAnchor = () => new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z").toISOString();

const phaseOf: Record<string, string> = {
  load: "tables loaded",
  index: "indexes rebuilt",
  constrain: "indexes rebuilt",
  keys: "foreign keys validated",
  analyze: "statistics (ANALYZE)",
  vacuum: "tables vacuumed",
  map: "map clusters refreshed",
  chain: "audit chain sequenced",
};

/** Fills all twelve tables with consistent, deterministic data for `users` users. Expects empty tables. */
export async function seedDatabase(database: Database, options: SeedOptions): Promise<SeedReport> {
  if (!Number.isInteger(options.users) || options.users < 3) throw new Error("--users must be an integer ≥ 3");
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 1_000_000) {
    throw new Error("--seed must be an integer between 0 and 1000000");
  }
  const ctx: SeedContext = { seed: options.seed, users: options.users, anchor: options.anchor ?? defaultAnchor() };
  if (Number.isNaN(Date.parse(ctx.anchor))) throw new Error(`--anchor is not a date: ${ctx.anchor}`);
  const started = performance.now();
  const bulk = options.bulkLoad ?? ctx.users >= bulkLoadThreshold;
  // With keys dropped, any order that respects `reads` is safe, so both cores can work. Otherwise
  // the foreign keys hold throughout and the steps run one after another in list order.
  const workers = bulk && database.engine === "postgres" ? 2 : 1;

  const rows = new Map<string, number>();
  const tableSeconds = new Map<string, number>();
  const phaseSeconds = new Map<string, number>();
  const add = (totals: Map<string, number>, key: string, n: number) => totals.set(key, (totals.get(key) ?? 0) + n);
  /** Runs one chunk of a step, adding its rows and seconds to each table it writes. */
  const insert = (step: Step, statement: Statement) => async () => {
    const t0 = performance.now();
    const counted =
      typeof statement !== "string" || step.writes.length > 1
        ? statement
        : `WITH inserted AS (${statement} RETURNING 1) SELECT count(*)::int AS "${step.writes[0]}" FROM inserted`;
    const [row] =
      typeof counted === "string"
        ? await database.rows<Record<string, number>>(sql.raw(counted))
        : [await counted(database)];
    const seconds = (performance.now() - t0) / 1000;
    for (const table of step.writes) {
      add(rows, table, row[table]);
      add(tableSeconds, table, seconds);
    }
  };

  const loads = (list: Step[]): SeedTask[] =>
    list.flatMap((step) => {
      const base = {
        groups: step.writes.map((t) => `load:${t}`),
        after: step.reads ?? [],
        serial: step.serial,
        label: step.label,
      };
      if ("once" in step.sql) return [{ ...base, run: insert(step, step.sql.once(ctx)) }];
      const perUsers = step.sql.perUsers;
      const chunks: SeedTask[] = [];
      for (let lo = 1; lo <= ctx.users; lo += chunkSize) {
        const hi = Math.min(ctx.users, lo + chunkSize - 1);
        chunks.push({ ...base, run: insert(step, perUsers(ctx, lo, hi)) });
      }
      return chunks;
    });
  // Statistics first: index builds and key validations then plan with them.
  const statistics: SeedTask[] = seededTables.map((table) => ({
    groups: [`analyze:${table}`],
    after: [`load:${table}`],
    run: () => database.exec(`ANALYZE "${table}"`),
  }));
  // Last, once nothing else runs: VACUUM sets the visibility map, without which a count answered
  // from an index (a list's exact count) still reads every heap page it covers; autovacuum would
  // do it only later, and never on PGlite. Not earlier: a page is marked all-visible only when no
  // transaction still running could miss its rows, and the other worker's long loads could.
  const vacuums = (others: SeedTask[]): SeedTask[] =>
    seededTables.map((table) => ({
      groups: [`vacuum:${table}`],
      after: others.flatMap((task) => task.groups),
      run: () => vacuumAllVisible(database, table),
    }));
  // The map's precomputed clusters (migration 0002_map_cells) must describe the data just loaded.
  const mapSources = ["users", "profiles", "attachment_assessments"];
  const mapRefresh: SeedTask = {
    groups: ["map"],
    after: mapSources.map((t) => `analyze:${t}`),
    // Its joins and aggregates fit in memory with more than the default work_mem.
    run: () => database.execInTransaction("SET LOCAL work_mem = '256MB'; SELECT refresh_map_cells()"),
  };
  // The rows arrive unsequenced (migration 0016); the sequencer chains them in (timestamp, id)
  // order, the order they were inserted in, once compliance_logs has its indexes (its lookups
  // need them). Unknown groups count as done: without a bulk plan it runs right after the load.
  const chain: SeedTask = {
    groups: ["chain"],
    after: ["load:compliance_logs", "index:compliance_logs", "constrain:compliance_logs"],
    run: async () => {
      await sequenceAuditChain(database);
    },
  };
  const plan = bulk
    ? await planBulkLoad(
        database,
        // The moderation history is small and loads with its indexes in place (its partial indexes'
        // definitions would not read back the same after a rebuild).
        seededTables.filter((t) => !moderationTables.includes(t)),
        Object.fromEntries(mapSources.map((t) => [t, ["map"]])),
      )
    : undefined;
  // Workers take the first task that is ready. One at a time, the list order is the foreign-key
  // order. Two at a time, the audit chain (serial) goes first, so one worker carries it beside
  // everything else instead of last and alone; then the work after loading, so that a table's
  // indexes are built as soon as it is loaded and the end is not one long queue of rebuilds.
  const work =
    workers > 1
      ? [
          ...loads(steps.filter((s) => s.serial)),
          ...statistics,
          mapRefresh,
          ...(plan?.rebuild ?? []),
          chain,
          ...loads(steps.filter((s) => !s.serial)),
        ]
      : [...loads(steps), chain, ...statistics, mapRefresh, ...(plan?.rebuild ?? [])];
  const tasks = [...work, ...vacuums(work)];

  // The moderation history names its deciders: the demo staff exist before the tables are loaded.
  await seedStaff(database);
  await plan?.drop();
  let loadedAt = 0;
  const trace: SeedReport["trace"] = [];
  try {
    await runTasks(tasks, workers, (progress) => {
      const kind = progress.group.split(":")[0];
      if (kind === "load") loadedAt = performance.now();
      else add(phaseSeconds, phaseOf[kind], progress.seconds);
      trace.push({
        task: `${progress.group} ${progress.label ?? ""}`.trim(),
        at: progress.startedSeconds,
        seconds: progress.seconds,
      });
      options.onProgress?.({ step: phaseOf[kind], done: progress.done, total: progress.total });
    });
  } catch (error) {
    if (!plan) throw error;
    throw new Error(
      `the bulk seed stopped part-way, with indexes and keys dropped: recreate the database ` +
        `(npm run db:rollback -- --all && npm run db:migrate) before seeding again. Cause: ` +
        (error instanceof Error ? error.message : String(error)),
      { cause: error },
    );
  } finally {
    await plan?.resumeAutovacuum();
  }

  const report: SeedReport = { tables: [], phases: [], trace, seconds: (performance.now() - started) / 1000, workers };
  for (const table of seededTables) {
    report.tables.push({ table, rows: rows.get(table) ?? 0, seconds: tableSeconds.get(table) ?? 0 });
  }
  report.phases.push({ phase: "all tables loaded after (wall clock)", seconds: (loadedAt - started) / 1000 });
  for (const [phase, seconds] of phaseSeconds) report.phases.push({ phase, seconds });
  return report;
}

/**
 * VACUUM until every page of `table` is all-visible (a few times at most). A page is marked only
 * when no transaction still running could miss its rows; on a busy server one started elsewhere
 * meanwhile can leave pages unmarked (seen once in a test run beside a 10M-row bench).
 */
async function vacuumAllVisible(database: Database, table: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await database.exec(`VACUUM "${table}"`);
    const [row] = await database.rows<{ unmarked: number }>(
      sql`SELECT (relpages - relallvisible)::int AS unmarked FROM pg_class WHERE oid = ${table}::regclass`,
    );
    if (row.unmarked <= 0 || attempt === 5) return;
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}

/** The demo back-office logins (one per role); existing accounts are left as they are. */
export async function seedStaff(database: Database): Promise<void> {
  const rows = await Promise.all(
    demoStaff.map(async (s) => ({
      email: s.email,
      name: s.name,
      role: s.role,
      passwordHash: await bcrypt.hash(s.password, BCRYPT_COST),
    })),
  );
  await database.db.insert(staffAccounts).values(rows).onConflictDoNothing();
}

export const demoUserCount = Number(process.env.DEMO_USERS || 2000);

/**
 * The demo set the embedded database gets on its first start (server/boot.ts checks that it is
 * empty first, without loading this module).
 */
export async function seedDemoData(database: Database): Promise<void> {
  await seedDatabase(database, { users: demoUserCount, seed: 42 });
}
