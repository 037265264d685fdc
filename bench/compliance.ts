import "./_serverOnly";
import { fmt, recreateDatabase } from "./_support";

/**
 * Issue "Compliance": on its own PostgreSQL database (sb_bench_audit, recreated each run) with at
 * least 2,000,000 compliance_logs rows bulk-inserted, then chained by the sequencer (migration 0016):
 * - export throughput (rows/s) for CSV and JSON Lines through prepareExport (hashing, counting,
 *   manifest), and the ratio to a bare COPY … TO STDOUT of the same rows in the same run (goal ≥ 0.5 for CSV);
 * - peak RSS growth during an export (goal ≤ 100 MB);
 * - chain verification rows/s; chained inserts/s with 8 concurrent writers.
 */

const url = process.env.BENCH_AUDIT_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/sb_bench_audit";
const rows = Number(process.env.BENCH_AUDIT_ROWS || 2_000_000);
const chunk = 250_000;
const writers = 8;
const insertsPerWriter = Number(process.env.BENCH_AUDIT_INSERTS || 1500);

/** Samples RSS every 20 ms while `fn` runs; returns the peak growth over the start. */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ value: T; growthMb: number }> {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, growthMb: (peak - start) / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

export async function run(): Promise<void> {
  const [
    { openDatabase, sql },
    { migrateToHead },
    { verifyChain },
    { prepareExport, drainExport },
    { complianceLogExport },
    { sequenceAuditChain },
  ] = await Promise.all([
    import("../db/client"),
    import("../db/migrator"),
    import("../server/audit/chain"),
    import("../server/compliance/export"),
    import("../server/compliance/exportSources"),
    import("../server/audit/sequencer"),
  ]);
  console.log(`  database ${url.replace(/\/\/[^@]*@/, "//")} (recreated), ${fmt(rows, 0)} compliance_logs rows`);
  await recreateDatabase(url);
  const database = await openDatabase({ url });
  try {
    await migrateToHead(database);
    const [staff] = await database.rows<{
      id: string;
    }>(sql`INSERT INTO staff_accounts (email, name, password_hash, role)
      VALUES ('bench-compliance@saltbitter.test', 'Bench', 'x', 'compliance_officer') RETURNING id`);
    const actor = {
      staffId: staff.id,
      email: "bench-compliance@saltbitter.test",
      name: "Bench",
      role: "compliance_officer" as const,
    };

    // Bulk load (rows arrive unsequenced), in statements of `chunk` rows; then the sequencer chains them.
    let t0 = performance.now();
    for (let lo = 1; lo <= rows; lo += chunk) {
      const hi = Math.min(rows, lo + chunk - 1);
      await database.exec(`INSERT INTO compliance_logs (action_type, metadata, regulatory_framework, "timestamp")
        SELECT (ARRAY['ai_disclosure','break_reminder','data_access_request','staff.users.edit'])[1 + g % 4],
          jsonb_build_object('source', 'bench', 'n', g, 'channel', (ARRAY['ios','android','web'])[1 + g % 3]),
          (ARRAY['sb_243','sb_243','gdpr','gdpr'])[1 + g % 4], now() - interval '1 second' * (${rows} - g)
        FROM generate_series(${lo}, ${hi}) AS g`);
    }
    const loadSeconds = (performance.now() - t0) / 1000;
    console.log(
      `  bulk insert (unsequenced)               ${fmt(rows / loadSeconds, 0).padStart(12)} rows/s (${fmt(loadSeconds)} s)`,
    );
    t0 = performance.now();
    await sequenceAuditChain(database);
    const sequenceSeconds = (performance.now() - t0) / 1000;
    console.log(
      `  sequencing the backlog                  ${fmt(rows / sequenceSeconds, 0).padStart(12)} rows/s (${fmt(sequenceSeconds)} s)`,
    );
    await database.exec("VACUUM ANALYZE compliance_logs");

    // Bare COPY of the same rows and select list as the CSV export: the baseline.
    const head = (await database.rows<{ seq: string }>(sql`SELECT seq FROM compliance_chain_head`))[0];
    const bare = complianceLogExport({}, "csv", Number(head.seq));
    t0 = performance.now();
    let bareBytes = 0;
    for await (const part of database.copyOut!(bare.copy)) bareBytes += part.length;
    const bareRate = rows / ((performance.now() - t0) / 1000);
    console.log(
      `  bare COPY … TO STDOUT (CSV)             ${fmt(bareRate, 0).padStart(12)} rows/s (${fmt(bareBytes / 1e6)} MB)`,
    );

    for (const format of ["csv", "jsonl"] as const) {
      t0 = performance.now();
      const { value: exported, growthMb } = await peakRss(async () => {
        const prepared = await prepareExport(database, actor, { source: "compliance_logs", format, filters: {} });
        let bytes = 0;
        await drainExport(prepared, (part) => void (bytes += part.length));
        return { bytes, expected: prepared.expectedRows };
      });
      const rate = exported.expected / ((performance.now() - t0) / 1000);
      const ratio =
        format === "csv"
          ? `, ${fmt(rate / bareRate, 2)}× bare COPY (goal ≥ 0.5)`
          : `, ${fmt(rate / bareRate, 2)}× bare CSV COPY`;
      console.log(
        `  export ${format.toUpperCase().padEnd(5)} (hash + count + manifest)  ${fmt(rate, 0).padStart(12)} rows/s${ratio}; peak RSS growth ${fmt(growthMb)} MB (goal ≤ 100)`,
      );
    }

    const verification = await verifyChain(database);
    console.log(
      `  chain verification                      ${fmt(verification.rows / verification.seconds, 0).padStart(12)} rows/s (${fmt(verification.rows, 0)} rows, ${verification.ok ? "OK" : `BROKEN at ${verification.firstBrokenSeq}`})`,
    );

    // 8 concurrent writers, one single-row INSERT per statement (autocommit), each on its own client;
    // the same against a table without the chain, for comparison (bench/auditChain.ts measures this
    // with the background sequencer running, and the time until a row is sequenced).
    await database.exec(`CREATE TABLE bench_unchained (LIKE compliance_logs INCLUDING DEFAULTS)`);
    const clients = await Promise.all(Array.from({ length: writers }, () => openDatabase({ url })));
    try {
      for (const table of ["compliance_logs", "bench_unchained"]) {
        t0 = performance.now();
        await Promise.all(
          clients.map(async (client, w) => {
            for (let i = 0; i < insertsPerWriter; i++) {
              await client.rows(sql`INSERT INTO ${sql.raw(table)} (action_type, metadata, regulatory_framework)
                VALUES ('bench.concurrent', ${JSON.stringify({ w, i })}::jsonb, 'gdpr')`);
            }
          }),
        );
        const seconds = (performance.now() - t0) / 1000;
        const label = table === "compliance_logs" ? "chained inserts" : "unchained inserts (baseline)";
        console.log(
          `  ${`${label}, ${writers} concurrent writers`.padEnd(40)}${fmt((writers * insertsPerWriter) / seconds, 0).padStart(12)} inserts/s`,
        );
      }
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
    const after = await verifyChain(database);
    console.log(
      `  chain after concurrent writers: ${after.ok ? "OK" : `BROKEN at ${after.firstBrokenSeq}`} (${fmt(after.rows, 0)} rows)`,
    );
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run();
}
