import "./_serverOnly";
import { benchDatabaseUrl, fmt, p95Of, recreateDatabase } from "./_support";

/**
 * Issue #10's numbers, on PostgreSQL:
 * - queue page (grouped per subject, prioritised, filtered) p95, goal ≤ 50 ms, and take-action panel
 *   data (subject + whole history) p95, goal ≤ 100 ms — through the route handlers in-process, on
 *   sb_bench (1,000,000 users seeded by bench/seed.ts, whose moderation history has ≥ 200,000 reports;
 *   a database seeded before the moderation seed existed gets the history added first);
 * - the statements export (JSON Lines of multiple-endpoint request bodies): statements/s, goal ≥ 20,000,
 *   and peak RSS growth (constant memory) — over sb_bench's statements, and over 500,000 statements on
 *   sb_bench_statements (recreated each run), each a real statement body with its own puid.
 * Figures are printed, never asserted.
 */

const iterations = Number(process.env.BENCH_MODERATION_ITERATIONS || 40);
const bulkStatements = Number(process.env.BENCH_STATEMENTS || 500_000);
const statementsUrl =
  process.env.BENCH_STATEMENTS_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/sb_bench_statements";

/** Samples RSS every 20 ms while `fn` runs; returns the peak growth over the start. */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ value: T; growthMb: number; seconds: number }> {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, growthMb: (peak - start) / 1e6, seconds: (performance.now() - t0) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

export async function run(): Promise<void> {
  const [{ openDatabase, setDatabase, sql }, { runAsActor }, { queueRoute, subjectRoute }, exportModule, seeding] =
    await Promise.all([
      import("../db/client"),
      import("../server/auth/actor"),
      import("../server/moderation/routes"),
      import("../server/moderation/statements/exportStatements"),
      import("../db/seeding/moderation"),
    ]);
  const { statementLines } = exportModule;
  type Db = Awaited<ReturnType<typeof openDatabase>>;

  /** Exports a whole database's statements to nowhere; rate and peak RSS growth. */
  async function exportAll(database: Db, label: string) {
    const counts = { statements: 0, lines: 0 };
    const {
      value: bytes,
      growthMb,
      seconds,
    } = await peakRss(async () => {
      let total = 0;
      for await (const chunk of statementLines(database, { since: "2000-01-01" }, counts)) total += chunk.length;
      return total;
    });
    console.log(
      `  statements export, ${label.padEnd(24)} ${fmt(counts.statements / seconds, 0).padStart(9)} statements/s (goal ≥ 20,000): ` +
        `${fmt(counts.statements, 0)} statements in ${fmt(counts.lines, 0)} lines, ${fmt(bytes / 1e6)} MB in ${fmt(seconds, 2)} s; ` +
        `peak RSS growth ${fmt(growthMb)} MB`,
    );
  }

  const database = await openDatabase({ url: benchDatabaseUrl });
  setDatabase(database);
  try {
    const [users] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`);
    if (users.n === 0) throw new Error(`${benchDatabaseUrl} has no users: run npm run bench -- seed first`);
    let [counts] = await database.rows<{ reports: number; actions: number; statements: number }>(sql`
      SELECT (SELECT count(*)::int FROM reports) AS reports, (SELECT count(*)::int FROM moderation_actions) AS actions,
        (SELECT count(*)::int FROM statements_of_reasons) AS statements`);
    if (counts.reports === 0) {
      // Seeded before the moderation seed existed: add the history the seed now writes.
      console.log("  no moderation history yet: seeding it onto the existing users …");
      const ctx = {
        seed: 42,
        users: users.n,
        anchor: new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z").toISOString(),
      };
      const t0 = performance.now();
      for (let lo = 1; lo <= users.n; lo += 25_000)
        await seeding.insertModerationHistory(ctx, lo, Math.min(users.n, lo + 24_999))(database);
      for (let lo = 1; lo <= users.n; lo += 25_000)
        await seeding.insertStatementsOfReasons(ctx, lo, Math.min(users.n, lo + 24_999))(database);
      await database.exec(
        "ANALYZE reports; ANALYZE moderation_actions; ANALYZE appeals; ANALYZE statements_of_reasons",
      );
      console.log(`  … in ${fmt((performance.now() - t0) / 1000)} s`);
      [counts] = await database.rows(sql`
        SELECT (SELECT count(*)::int FROM reports) AS reports, (SELECT count(*)::int FROM moderation_actions) AS actions,
          (SELECT count(*)::int FROM statements_of_reasons) AS statements`);
    }
    console.log(
      `  ${benchDatabaseUrl.replace(/\/\/[^@]*@/, "//")}: ${fmt(users.n, 0)} users, ${fmt(counts.reports, 0)} reports ` +
        `(goal ≥ 200,000), ${fmt(counts.actions, 0)} decisions, ${fmt(counts.statements, 0)} statements; ${iterations} runs each`,
    );

    // Read-only: the queue and panel write nothing (claims are separate actions).
    const moderator = {
      staffId: "00000000-0000-0000-0000-000000000000",
      email: "bench@saltbitter.test",
      name: "Bench",
      role: "trust_safety" as const,
    };
    const get = (path: string) =>
      runAsActor(moderator, async () => {
        const response = await queueRoute(new Request(`http://bench.test${path}`));
        if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
        return response.json();
      });
    const queues: [string, string][] = [
      ["queue: unreviewed, first page", "/api/moderation/queue"],
      ["queue: unreviewed, page 4", "/api/moderation/queue?page=4"],
      ["queue: unreviewed, scam only", "/api/moderation/queue?category=scam_fraud"],
      ["queue: unreviewed, automated, overdue", "/api/moderation/queue?source=automated&age=overdue"],
      ["queue: unreviewed, unclaimed", "/api/moderation/queue?assignee=unclaimed"],
      ["queue: escalated", "/api/moderation/queue?tab=escalated"],
      ["queue: appeals", "/api/moderation/queue?tab=appeals"],
      ["queue: resolved", "/api/moderation/queue?tab=resolved"],
    ];
    let worstQueue = 0;
    for (const [label, path] of queues)
      worstQueue = Math.max(worstQueue, await p95Of(label, () => get(path), iterations));
    console.log(`  queue page p95, worst of the above: ${fmt(worstQueue)} ms (goal ≤ 50 ms)`);

    // The panel for the accounts with the longest histories, and for the queue's first items.
    const subjects = await database.rows<{ id: string }>(sql`
      (SELECT subject_user_id::text AS id FROM reports GROUP BY subject_user_id ORDER BY count(*) DESC LIMIT 20)
      UNION (SELECT subject_user_id::text FROM moderation_actions WHERE kind = 'reverse' LIMIT 10)
      UNION (SELECT subject_user_id::text FROM reports WHERE status = 'open' ORDER BY created_at DESC LIMIT 10)`);
    let next = 0;
    const panel = () =>
      runAsActor(moderator, async () => {
        const id = subjects[next++ % subjects.length].id;
        const response = await subjectRoute(new Request(`http://bench.test/api/moderation/subjects/${id}`), {
          params: Promise.resolve({ userId: id }),
        });
        if (response.status !== 200) throw new Error(`panel ${id}: ${response.status}`);
        return response.json();
      });
    const panelP95 = await p95Of(`panel data (${subjects.length} subjects, longest histories)`, panel, iterations);
    console.log(`  take-action panel data p95: ${fmt(panelP95)} ms (goal ≤ 100 ms)`);

    await exportAll(database, "sb_bench");
  } finally {
    await database.close();
  }

  // Many statements: one real body per decision, each with its own puid, on a database of its own.
  await recreateDatabase(statementsUrl);
  const many = await openDatabase({ url: statementsUrl });
  try {
    const { migrateToHead } = await import("../db/migrator");
    const { buildStatement } = await import("../server/moderation/statements/buildStatement");
    await migrateToHead(many);
    const [user] = await many.rows<{ id: string }>(sql`
      INSERT INTO users (email, password_hash, created_at) VALUES ('bench-statements@example.test', 'x', '2024-01-01T00:00:00Z')
      RETURNING id`);
    const template = buildStatement(
      {
        id: "00000000-0000-0000-0000-000000000000",
        kind: "suspend",
        subjectKind: "message",
        category: "harassment",
        ground: "incompatible_content",
        legalProvision: null,
        termsClause: "Terms of Use 5.1: treat other members with respect",
        groundExplanation: "Repeated insults and messages after being asked to stop break our respect rules.",
        facts: "Repeated insulting messages after the other member asked to stop; 4 notices.",
        automatedDetection: false,
        automatedDecision: "not_automated",
        territorialScope: null,
        startsAt: new Date("2026-01-10T00:00:00Z"),
        endsAt: new Date("2026-01-24T00:00:00Z"),
        contentDate: new Date("2026-01-08T00:00:00Z"),
        reportSources: ["user_notice"],
      },
      {},
    );
    const t0 = performance.now();
    for (let lo = 1; lo <= bulkStatements; lo += 100_000) {
      const hi = Math.min(bulkStatements, lo + 99_999);
      await many.exec(`
        WITH actions AS (
          INSERT INTO moderation_actions (id, subject_user_id, kind, staff_id, category, ground, terms_clause,
            ground_explanation, facts, automated_decision, starts_at, ends_at, created_at)
          SELECT md5('bench:sor:' || g)::uuid, '${user.id}', 'suspend', NULL, 'harassment', 'incompatible_content',
            'Terms 5.1', 'Insults', 'Insulting messages', 'fully', at, at + interval '14 days', at
          FROM generate_series(${lo}, ${hi}) AS g
          CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01' + interval '1 second' * g AS at) AS t
          RETURNING id, created_at)
        INSERT INTO statements_of_reasons (action_id, puid, body, created_at)
        SELECT id, 'sor-' || id, jsonb_set('${JSON.stringify(template).replace(/'/g, "''")}'::jsonb, '{puid}', to_jsonb('sor-' || id)),
          created_at FROM actions`);
    }
    await many.exec("ANALYZE statements_of_reasons");
    console.log(
      `  sb_bench_statements: ${fmt(bulkStatements, 0)} statements inserted in ${fmt((performance.now() - t0) / 1000)} s`,
    );
    await exportAll(many, `${fmt(bulkStatements, 0)} statements`);
  } finally {
    await many.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
