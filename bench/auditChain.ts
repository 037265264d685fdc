import "./_serverOnly";
import { fmt, percentile, recreateDatabase } from "./_support";

/**
 * Issue #11 §3, "An audit chain that scales with writes", on its own PostgreSQL database (sb_chain,
 * recreated each run; BENCH_CHAIN_DATABASE_URL):
 * - 8 concurrent writers, single-row autocommit INSERTs into compliance_logs (with this process's
 *   background sequencer running, as in the app server) against the same into compliance_logs as
 *   the schema specifies it, without the chain: the ratio (goal ≥ 0.8); a bare heap for reference;
 * - writers paced at 5,000 rows/s (one row per INSERT, then five): time from an insert's commit
 *   until its rows are sequenced, seen by a reader polling every 10 ms (goal ≤ 1 s);
 * - chain verification rows/s over BENCH_CHAIN_ROWS rows (goal ≥ 300,000), and the sequencer's
 *   own rate on that backlog.
 */

const url = process.env.BENCH_CHAIN_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/sb_chain";
const rows = Number(process.env.BENCH_CHAIN_ROWS || 300_000);
const writers = 8;
const insertsPerWriter = Number(process.env.BENCH_CHAIN_INSERTS || 1500);
const pacedRate = 5000;
const pacedSeconds = Number(process.env.BENCH_CHAIN_PACED_SECONDS || 5);

export async function run(): Promise<void> {
  const [{ openDatabase, sql }, { migrateToHead }, { verifyChain }, { sequenceAuditChain, startSequencer }] =
    await Promise.all([
      import("../db/client"),
      import("../db/migrator"),
      import("../server/audit/chain"),
      import("../server/audit/sequencer"),
    ]);
  console.log(`  database ${url.replace(/\/\/[^@]*@/, "//")} (recreated)`);
  await recreateDatabase(url);
  const database = await openDatabase({ url });
  const clients = await Promise.all(Array.from({ length: writers }, () => openDatabase({ url })));
  try {
    await migrateToHead(database);
    // Two baselines without a chain: compliance_logs as the schema specifies it (primary key, its
    // indexes and checks, no chain triggers or chain indexes: what the goal compares with), and a
    // bare heap with no index at all (the figure earlier rounds printed).
    await database.exec(`CREATE TABLE bench_unchained (LIKE compliance_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
      ALTER TABLE bench_unchained DROP CONSTRAINT ck_compliance_logs_chained, ADD PRIMARY KEY (id);
      CREATE INDEX ON bench_unchained (user_id); CREATE INDEX ON bench_unchained (action_type);
      CREATE INDEX ON bench_unchained ("timestamp"); CREATE INDEX ON bench_unchained (staff_id);
      CREATE TABLE bench_unchained_app (LIKE bench_unchained INCLUDING ALL);
      CREATE INDEX ON bench_unchained_app (action_type, id);
      CREATE TABLE bench_heap (LIKE compliance_logs INCLUDING DEFAULTS)`);

    // 1. Concurrent writers, chained vs unchained; the sequencer runs meanwhile, as in a server.
    const rates: Record<string, number> = {};
    const tables = ["bench_unchained", "bench_unchained_app", "bench_heap", "compliance_logs"];
    for (const table of [...tables, ...tables]) {
      const sequencer = table === "compliance_logs" ? startSequencer(database, { log: console.warn }) : null;
      const t0 = performance.now();
      await Promise.all(
        clients.map(async (client, w) => {
          for (let i = 0; i < insertsPerWriter; i++) {
            await client.rows(sql`INSERT INTO ${sql.raw(table)} (action_type, metadata, regulatory_framework)
              VALUES ('bench.concurrent', ${JSON.stringify({ w, i })}::jsonb, 'gdpr')`);
          }
        }),
      );
      const rate = (writers * insertsPerWriter) / ((performance.now() - t0) / 1000);
      sequencer?.stop();
      // Best of two rounds each: the machine is shared.
      rates[table] = Math.max(rates[table] ?? 0, rate);
    }
    await sequenceAuditChain(database);
    console.log(
      `  unchained inserts, ${writers} concurrent writers   ${fmt(rates.bench_unchained, 0).padStart(10)} inserts/s (the specified table, no chain)`,
    );
    console.log(
      `  unchained + list-sort index, ${writers} writers     ${fmt(rates.bench_unchained_app, 0).padStart(10)} inserts/s (also the (action_type, id) index of migration 0013, which is not the chain's)`,
    );
    console.log(
      `  bare heap inserts, ${writers} concurrent writers   ${fmt(rates.bench_heap, 0).padStart(10)} inserts/s (no index at all)`,
    );
    console.log(
      `  chained inserts, ${writers} concurrent writers     ${fmt(rates.compliance_logs, 0).padStart(10)} inserts/s: ` +
        `${fmt(rates.compliance_logs / rates.bench_unchained, 2)}× unchained (goal ≥ 0.8), ` +
        `${fmt(rates.compliance_logs / rates.bench_unchained_app, 2)}× the same table without the chain, ` +
        `${fmt(rates.compliance_logs / rates.bench_heap, 2)}× the bare heap`,
    );

    // 2. Paced at 5,000 rows/s across the writers: how long until each row is sequenced. First one
    // row per INSERT (8 writers here reach about 3,000 single-row inserts/s, chain or not, so the
    // pace is not met), then five rows per INSERT, which does reach 5,000 rows/s.
    const paced = async (rowsPerInsert: number) => {
      const sequencer = startSequencer(database, { log: console.warn });
      const committedAt = new Map<string, number>();
      const latencies: number[] = [];
      let [{ seen }] = await database.rows<{ seen: string }>(sql`SELECT seq AS seen FROM compliance_chain_head`);
      let pacing = true;
      const watcher = (async () => {
        const reader = await openDatabase({ url });
        try {
          while (pacing || committedAt.size * rowsPerInsert > latencies.length) {
            const fresh = await reader.rows<{ seq: string; k: string }>(sql`
              SELECT seq, metadata ->> 'k' AS k FROM compliance_logs WHERE seq > ${seen}::bigint ORDER BY seq`);
            const now = performance.now();
            for (const row of fresh) {
              const at = committedAt.get(row.k);
              if (at !== undefined) latencies.push(now - at);
              seen = row.seq;
            }
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        } finally {
          await reader.close();
        }
      })();
      const insertsPerWriter = pacedRate / rowsPerInsert / writers;
      const t0 = performance.now();
      await Promise.all(
        clients.map(async (client, w) => {
          for (let i = 0; i < insertsPerWriter * pacedSeconds; i++) {
            const due = t0 + (i * 1000) / insertsPerWriter;
            const wait = due - performance.now();
            if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
            const k = `${rowsPerInsert}:${w}:${i}`;
            await client.rows(sql`INSERT INTO compliance_logs (action_type, metadata, regulatory_framework)
              SELECT 'bench.paced', ${JSON.stringify({ k })}::jsonb, 'gdpr' FROM generate_series(1, ${rowsPerInsert})`);
            committedAt.set(k, performance.now());
          }
        }),
      );
      const achieved = (committedAt.size * rowsPerInsert) / ((performance.now() - t0) / 1000);
      pacing = false;
      await watcher;
      sequencer.stop();
      console.log(
        `  time until sequenced, ${rowsPerInsert} row(s) per INSERT, ${fmt(achieved, 0)} rows/s (paced at ${fmt(pacedRate, 0)}): ` +
          `p50 ${fmt(percentile(latencies, 50), 0)} ms, p95 ${fmt(percentile(latencies, 95), 0)} ms, ` +
          `max ${fmt(Math.max(...latencies), 0)} ms (goal ≤ 1,000 ms)`,
      );
    };
    await paced(1);
    await paced(5);

    // 3. A backlog: the sequencer's rate, then the whole chain verified.
    await database.exec(`INSERT INTO compliance_logs (action_type, metadata, regulatory_framework, "timestamp")
      SELECT (ARRAY['ai_disclosure','break_reminder','data_access_request','staff.users.edit'])[1 + g % 4],
        jsonb_build_object('source', 'bench', 'n', g, 'channel', (ARRAY['ios','android','web'])[1 + g % 3]),
        (ARRAY['sb_243','sb_243','gdpr','gdpr'])[1 + g % 4], now() - interval '1 second' * (${rows} - g)
      FROM generate_series(1, ${rows}) AS g`);
    let started = performance.now();
    const sequenced = await sequenceAuditChain(database);
    const sequenceSeconds = (performance.now() - started) / 1000;
    console.log(
      `  sequencer on a backlog                  ${fmt(sequenced / sequenceSeconds, 0).padStart(10)} rows/s (${fmt(sequenced, 0)} rows)`,
    );
    await database.exec("VACUUM ANALYZE compliance_logs");
    started = performance.now();
    const verification = await verifyChain(database);
    console.log(
      `  chain verification                      ${fmt(verification.rows / verification.seconds, 0).padStart(10)} rows/s ` +
        `(${fmt(verification.rows, 0)} rows, ${verification.ok ? "OK" : `BROKEN at ${verification.firstBrokenSeq}`}, ` +
        `${verification.unsequenced} unsequenced; goal ≥ 300,000)`,
    );
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run();
}
