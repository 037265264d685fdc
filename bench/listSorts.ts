import "./_serverOnly";
import { benchDatabaseUrl, fmt, percentile } from "./_support";

/**
 * Issue #12 "Lists and forms": every sortable column of every list, both directions, through the
 * list engine's own query (fetchPage: ORDER BY <sort key>, <primary key> LIMIT n, keyset WHERE on
 * later pages). For page 1, the page after it and a page 10,000 rows deep (by cursor) it prints the
 * plan's shape (the index read, whether anything is sorted, how many rows the scan read) from
 * EXPLAIN ANALYZE on PostgreSQL, and the p95 of the query. A plan that sorts is shown again with
 * sorting and sequential scans discouraged, to show the index can serve it (tiny tables such as
 * events are sorted in memory by choice). Numbers are printed, never asserted. Read only.
 */

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  Plans?: PlanNode[];
}

const runs = Number(process.env.BENCH_LIST_SORT_RUNS || 15);
const deepRows = 10_000;

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/**
 * The plan's scan, whether it sorts rows (a Sort node), and whether it only orders ties of an index
 * on the sort column alone by the primary key (an Incremental Sort: bounded by the largest tie).
 */
function shape(plan: PlanNode): { index: string; sorted: boolean; ties: boolean; read: number } {
  const all = nodes(plan);
  const scan = all.find((n) => /Scan/.test(n["Node Type"]));
  return {
    index: scan?.["Index Name"] ?? `${scan?.["Node Type"] ?? "?"} ${scan?.["Relation Name"] ?? ""}`.trim(),
    sorted: all.some((n) => n["Node Type"] === "Sort"),
    ties: all.some((n) => n["Node Type"] === "Incremental Sort"),
    read: (scan?.["Actual Rows"] ?? 0) * (scan?.["Actual Loops"] ?? 1),
  };
}

export async function run(): Promise<void> {
  const [{ openDatabase, sql }, { registry }, { parseListQuery }, { fetchPage }, { encodeCursor }, schema, pg] =
    await Promise.all([
      import("../db/client"),
      import("../server/resources/registry"),
      import("../server/resources/listParams"),
      import("../server/resources/listQuery"),
      import("../server/resources/cursor"),
      import("../db/schema"),
      import("drizzle-orm/postgres-js"),
    ]);
  const opened = await openDatabase({ url: benchDatabaseUrl });
  const client = opened.driver.postgres;
  if (!client) throw new Error("listSorts needs PostgreSQL (BENCH_DATABASE_URL)");
  // The engine's own SQL, caught as drizzle sends it, to EXPLAIN exactly that.
  let last: { query: string; params: unknown[] } | undefined;
  const logged = pg.drizzle(client, {
    schema,
    logger: { logQuery: (query, params) => (last = { query, params }) },
  }) as unknown as typeof opened.db;
  const database = { ...opened, db: logged };
  const explain = async (query: string, params: unknown[], discourage: boolean) => {
    const text = `EXPLAIN (ANALYZE, FORMAT JSON) ${query}`;
    const rows = discourage
      ? await client.begin(async (tx) => {
          await tx.unsafe("SET LOCAL enable_sort = off; SET LOCAL enable_seqscan = off");
          return tx.unsafe(text, params as never[]);
        })
      : await client.unsafe(text, params as never[]);
    const [row] = rows as unknown as { "QUERY PLAN": { Plan: PlanNode; "Execution Time": number }[] }[];
    return row["QUERY PLAN"][0];
  };
  let sorting = 0;
  try {
    console.log(`${benchDatabaseUrl.replace(/\/\/[^@]*@/, "//")}, ${runs} runs each, admin role, page size 20`);
    for (const def of Object.values(registry)) {
      const [{ n }] = await opened.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${def.table}`);
      console.log(`\n${def.name} (${fmt(Number(n), 0)} rows)`);
      for (const field of new Set([def.defaultSort.field, ...def.sortable])) {
        for (const order of ["asc", "desc"] as const) {
          const query = parseListQuery(def, "admin", { sort: field, order });
          const first = await fetchPage(database, def, "admin", query);
          const firstSql = last;
          const pages: [string, { query: string; params: unknown[] } | undefined, typeof query][] = [
            ["page 1", firstSql, query],
          ];
          if (first.nextCursor) {
            const next = parseListQuery(def, "admin", { sort: field, order, cursor: first.nextCursor });
            await fetchPage(database, def, "admin", next);
            pages.push(["page 2", last, next]);
          }
          const depth = Math.min(deepRows, Math.floor(Number(n) / 2));
          if (depth > 40) {
            const direction = order === "asc" ? sql`ASC` : sql`DESC`;
            const [edge] = await opened.rows<{ key: string; id: string }>(sql`
              SELECT ${query.sort.sortKey}::text AS key, ${def.pk.column}::text AS id FROM ${def.table}
              ORDER BY ${query.sort.sortKey} ${direction}, ${def.pk.column} ${direction} OFFSET ${depth - 1} LIMIT 1`);
            const cursor = encodeCursor({ sort: field, order, key: edge.key, id: edge.id });
            const deep = parseListQuery(def, "admin", { sort: field, order, cursor });
            await fetchPage(database, def, "admin", deep);
            pages.push([`${fmt(depth, 0)} deep`, last, deep]);
          }
          for (const [label, captured, pageQuery] of pages) {
            if (!captured) continue;
            const plan = await explain(captured.query, captured.params, false);
            const seen = shape(plan.Plan);
            const samples: number[] = [];
            for (let i = 0; i < runs; i++) {
              const t0 = performance.now();
              await fetchPage(opened, def, "admin", pageQuery);
              samples.push(performance.now() - t0);
            }
            let note = seen.ties ? "  (index on the column alone: ties ordered by id)" : "";
            if (seen.sorted) {
              sorting++;
              const forced = shape((await explain(captured.query, captured.params, true)).Plan);
              note = `  (sorts; with sorting discouraged: ${forced.index}${forced.sorted ? ", still sorts" : ", no sort"})`;
            }
            console.log(
              `  ${`${field} ${order}`.padEnd(26)} ${label.padEnd(12)} ${seen.index.padEnd(46)} ` +
                `read ${fmt(seen.read, 0).padStart(6)}  ${fmt(plan["Execution Time"], 2).padStart(7)} ms  ` +
                `p95 ${fmt(percentile(samples, 95), 2).padStart(6)} ms${note}`,
            );
          }
        }
      }
    }
    console.log(`\n${sorting} plan(s) sort rows in memory (see their notes).`);
  } finally {
    await opened.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
