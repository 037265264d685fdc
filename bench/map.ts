import "./_serverOnly";
import { sql } from "drizzle-orm";
import { getInProcess } from "./_routes";
import { benchDatabaseUrl, fmt, percentile } from "./_support";

/**
 * Issue "Map": viewport queries at world, continent and city zoom (p95 ≤ 150 ms server time,
 * ≤ 100 KB each) against a naive "every point in the bounds" baseline, and a 50 km radius search
 * in a dense city (p95 ≤ 50 ms). On PostgreSQL with the 1,000,000-user sb_bench (read only: it
 * needs map_cells refreshed once, `SELECT refresh_map_cells()`), then on PGlite with the demo set.
 * Server time = the GET route handler called in-process (auth, zod, SQL, JSON) until its body is read.
 */

const iterations = Number(process.env.BENCH_MAP_ITERATIONS || 30);

interface View {
  label: string;
  west: number;
  south: number;
  east: number;
  north: number;
  zoom: number;
}

// A 1280×800 px map: the degrees it spans at each zoom (Web Mercator, narrower in latitude away from the equator).
const views: View[] = [
  { label: "world (zoom 2)", west: -180, south: -75, east: 180, north: 80, zoom: 2 },
  { label: "continent: Europe (zoom 4)", west: -25, south: 33, east: 45, north: 64, zoom: 4 },
  { label: "city: New York (zoom 12)", west: -74.226, south: 40.608, east: -73.786, north: 40.817, zoom: 12 },
];
const filtered = { gender: "woman", minAge: "25", maxAge: "40" };
const newYork = { lat: 40.7128, lng: -74.006 };

interface Stats {
  p50: number;
  p95: number;
  bytes: number;
  note: string;
}

async function measure(fn: () => Promise<{ bytes: number; note: string }>, rounds = iterations): Promise<Stats> {
  let last = { bytes: 0, note: "" };
  for (let i = 0; i < Math.min(3, rounds); i++) last = await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    last = await fn();
    samples.push(performance.now() - t0);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), ...last };
}

const kb = (bytes: number) => `${fmt(bytes / 1024)} KB`;

async function benchEngine(label: string, database: import("../db/client").Database): Promise<void> {
  const { setDatabase } = await import("../db/client");
  const { aggregateFreshness } = await import("../server/geo/aggregate");
  setDatabase(database);

  const [{ n: profiles }] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM profiles`);
  const freshness = await aggregateFreshness(database);
  console.log(
    `\n${label}: ${fmt(Number(profiles))} profiles; map_cells refreshed ${freshness.refreshedAt ?? "never"} (${fmt(freshness.profilesPlaced)} placed, took ${freshness.refreshMs ?? "?"} ms)`,
  );
  if (!freshness.refreshedAt)
    console.log("  (map_cells was never refreshed: the first viewport request builds it and is not timed)");

  const call = async (role: "admin" | "analyst", path: string, params: Record<string, string | number>) => {
    const text = await getInProcess(path, params, role);
    const body = JSON.parse(text) as {
      mode?: string;
      total?: number;
      clusters?: unknown[];
      points?: unknown[];
      profiles?: unknown[];
    };
    const shown =
      body.mode === "points"
        ? `${body.points?.length} points`
        : body.mode === "clusters"
          ? `${body.clusters?.length} clusters`
          : `${body.profiles?.length} profiles`;
    return { bytes: Buffer.byteLength(text), note: `${shown}, total ${fmt(body.total ?? 0)}` };
  };

  const rows: string[][] = [
    ["query", "p50 ms", "p95 ms", "response", "result", "naive p95 ms", "naive size", "ratio (naive/ours p95)"],
  ];
  for (const view of views) {
    const { label: name, ...bounds } = view;
    for (const [variant, filters, role] of [
      ["", {}, "admin"],
      [" + filters", filtered, "admin"],
      ...(view.zoom >= 11 ? [[" as analyst", {}, "analyst"]] : []),
    ] as [string, Record<string, string>, "admin" | "analyst"][]) {
      const ours = await measure(() => call(role, "/api/map/viewport", { ...bounds, ...filters }));
      const naive = variant ? null : await naiveBaseline(database, view);
      rows.push([
        name + variant,
        fmt(ours.p50),
        fmt(ours.p95),
        kb(ours.bytes),
        ours.note,
        naive ? fmt(naive.p95) : "",
        naive ? kb(naive.bytes) : "",
        naive ? `${fmt(naive.p95 / ours.p95)}×` : "",
      ]);
    }
  }
  for (const [variant, filters] of [
    ["", {}],
    [" + filters", filtered],
  ] as const) {
    const result = await measure(() =>
      call("admin", "/api/map/radius", { ...newYork, radiusKm: 50, limit: 100, ...filters }),
    );
    rows.push([
      `radius 50 km, New York${variant}`,
      fmt(result.p50),
      fmt(result.p95),
      kb(result.bytes),
      result.note,
      "",
      "",
      "",
    ]);
  }
  printTable(rows);
}

/** The baseline: every point in the bounds, as a naive map endpoint would ship them (id + position, JSON). */
async function naiveBaseline(
  database: import("../db/client").Database,
  view: View,
): Promise<{ p95: number; bytes: number }> {
  const query = async () => {
    const rows = await database.rows<{ id: string; lng: number; lat: number }>(sql`
      SELECT user_id AS id, ST_X(location::geometry) AS lng, ST_Y(location::geometry) AS lat FROM profiles
      WHERE ${view.east - view.west <= 20 ? sql`location && ST_MakeEnvelope(${view.west}::float8, ${view.south}::float8, ${view.east}::float8, ${view.north}::float8, 4326)::geography AND` : sql``}
        ST_X(location::geometry) BETWEEN ${view.west}::float8 AND ${view.east}::float8
        AND ST_Y(location::geometry) BETWEEN ${view.south}::float8 AND ${view.north}::float8`);
    return { bytes: Buffer.byteLength(JSON.stringify(rows)), note: "" };
  };
  const result = await measure(query, view.zoom >= 11 ? Math.min(iterations, 10) : 3);
  return { p95: result.p95, bytes: result.bytes };
}

function printTable(rows: string[][]) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const [index, row] of rows.entries()) {
    console.log(
      "  " + row.map((cell, i) => (i === 0 || i === 4 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "),
    );
    if (index === 0) console.log("  " + widths.map((w) => "-".repeat(w)).join("  "));
  }
}

export async function run(): Promise<void> {
  const { openDatabase } = await import("../db/client");
  const { migrateToHead } = await import("../db/migrator");
  const { seedDatabase } = await import("../db/seeding");

  console.log("Targets: viewport p95 ≤ 150 ms and ≤ 100 KB; radius 50 km p95 ≤ 50 ms.");
  const postgresDb = await openDatabase({ url: benchDatabaseUrl });
  try {
    await benchEngine(`PostgreSQL (${new URL(benchDatabaseUrl).pathname.slice(1)})`, postgresDb);
  } finally {
    await postgresDb.close();
  }

  const pglite = await openDatabase({ memory: true });
  try {
    await migrateToHead(pglite);
    await seedDatabase(pglite, { users: 2000, seed: 42 });
    await benchEngine("PGlite (in memory, demo seed of 2,000 users)", pglite);
  } finally {
    await pglite.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
