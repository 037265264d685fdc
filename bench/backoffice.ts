import "./_serverOnly";
import { getInProcess, measureCsvExport } from "./_routes";
import { benchDatabaseUrl, fmt, p95Of as p95At } from "./_support";

/**
 * Issue "Back-office": the users list sorted by created_at with a tier filter, through the list
 * engine (the GET route handler in-process: auth, query parsing, SQL, count, JSON), for page 1 and
 * for a page 50,000 rows deep reached by keyset cursor — goal p95 ≤ 50 ms and deep/first ≤ 2 —
 * against an OFFSET query as the baseline; then a streamed CSV export of all 1,000,000 users:
 * rows/s and peak RSS growth (goal ≤ 100 MB). PostgreSQL sb_bench, read only.
 */

const iterations = Number(process.env.BENCH_BACKOFFICE_ITERATIONS || 40);
const depth = 50_000;
const pageSize = 20;
const tier = "premium";

const p95Of = (label: string, fn: () => Promise<unknown>, runs = iterations) => p95At(label, fn, runs);

export async function run(): Promise<void> {
  const [{ openDatabase, setDatabase, sql }, { encodeCursor }, schema, drizzle] = await Promise.all([
    import("../db/client"),
    import("../server/resources/cursor"),
    import("../db/schema"),
    import("drizzle-orm"),
  ]);
  const database = await openDatabase({ url: benchDatabaseUrl });
  setDatabase(database);
  try {
    const [{ n }] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`);
    console.log(
      `users: ${fmt(Number(n), 0)} (${benchDatabaseUrl.replace(/\/\/[^@]*@/, "//")}), ${iterations} runs each`,
    );
    const get = (query: string) => getInProcess("/api/resources/users", Object.fromEntries(new URLSearchParams(query)));
    const base = `f.subscriptionTier.eq=${tier}&sort=createdAt&order=desc&pageSize=${pageSize}`;

    // The cursor a person would hold after paging 50,000 rows deep.
    const [edge] = await database.rows<{ key: string; id: string }>(sql`
      SELECT created_at::text AS key, id FROM users WHERE subscription_tier = ${tier}
      ORDER BY created_at DESC, id DESC OFFSET ${depth - 1} LIMIT 1`);
    const cursor = encodeCursor({ sort: "createdAt", order: "desc", key: edge.key, id: edge.id });
    const first = JSON.parse(await get(base)) as { total: number; totalIsEstimate: boolean };
    console.log(`tier=${tier}: total ${fmt(first.total, 0)}${first.totalIsEstimate ? " (estimate)" : " (exact)"}`);

    console.log("list engine (GET /api/resources/users, with count):");
    const p1 = await p95Of("page 1", () => get(base));
    const deep = await p95Of(`keyset page ${fmt(depth, 0)} rows deep`, () => get(`${base}&cursor=${cursor}`));
    const u = schema.users;
    const { and, desc, eq } = drizzle;
    const offsetPage = (offset: number) =>
      database.db
        .select()
        .from(u)
        .where(and(eq(u.subscriptionTier, tier)))
        .orderBy(desc(u.createdAt), desc(u.id))
        .limit(pageSize)
        .offset(offset);
    console.log("baseline (OFFSET, same query, page rows only, no count):");
    const o1 = await p95Of("OFFSET 0", () => offsetPage(0));
    const oDeep = await p95Of(`OFFSET ${fmt(depth, 0)}`, () => offsetPage(depth));
    console.log(
      `  keyset deep/first p95 ratio: ${fmt(deep / p1, 2)} (goal ≤ 2; p95 goal ≤ 50 ms)   ` +
        `OFFSET deep/first: ${fmt(oDeep / o1, 1)}`,
    );

    const [{ trgm }] = await database.rows<{ trgm: boolean }>(
      sql`SELECT to_regclass('ix_users_email_trgm') IS NOT NULL AS trgm`,
    );
    console.log(
      `search (q=, email contains; trigram index ${trgm ? "present" : "ABSENT: migrate sb_bench to head (0005)"}):`,
    );
    await p95Of("q=smith4 (few matches), 5 runs", () => get(`q=smith4&pageSize=${pageSize}`), 5);

    console.log(
      "CSV export of every user (csvStream: on PostgreSQL one binary COPY of the lines the database formats; masking included):",
    );
    const csv = await measureCsvExport(database, "users");
    console.log(
      `  ${fmt(csv.rows, 0)} rows, ${fmt(csv.bytes / 1e6)} MB in ${fmt(csv.seconds, 2)} s: ${fmt(csv.rows / csv.seconds, 0)} rows/s; ` +
        `peak RSS growth ${fmt(csv.rssGrowth / 1e6)} MB (issue #11: ≥ 150,000 rows/s, ≤ 50 MB)`,
    );
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
