import "./_serverOnly";
import { gzipSync } from "node:zlib";
import postgres from "postgres";
import { getInProcess, measureCsvExport } from "./_routes";
import { benchDatabaseUrl, fmt, percentile, recreateDatabase } from "./_support";

/**
 * Issue #11 §4: the same list, map, radius and export figures at 1,000,000 and 5,000,000 users, side
 * by side. Cost per request must not grow with size: p95 at the larger size ≤ 1.2× p95 at the
 * smaller. Each size has its own PostgreSQL database, seeded here when it does not already hold
 * exactly that many users (5,000,000 users are about 60 million rows: a seed of a quarter of an
 * hour or more on 2 cores, and tens of GB of disk). sb_bench is reused for a size it already holds.
 *
 *   BENCH_SCALE_USERS=1000000,5000000 (default)   BENCH_SCALE_ITERATIONS=40 (default)
 *
 * Times are server time: the GET route handler called in this process (auth, zod, SQL, JSON) until
 * its body is read, as in the map and backoffice benches.
 */

const sizes = (process.env.BENCH_SCALE_USERS || "1000000,5000000").split(",").map(Number);
const iterations = Number(process.env.BENCH_SCALE_ITERATIONS || 40);
const maxGrowth = 1.2;

interface Scenario {
  name: string;
  path: string;
  params: Record<string, string | number>;
}

const newYork = { lat: 40.7128, lng: -74.006 };
const scenarios: Scenario[] = [
  { name: "users list, page 1", path: "/api/resources/users", params: { pageSize: 25 } },
  {
    name: "users list, tier=elite + never signed in",
    path: "/api/resources/users",
    params: { pageSize: 25, "f.subscriptionTier.eq": "elite", "f.lastLoginAt.isnull": "true" },
  },
  {
    name: "users list, premium + verified, newest",
    path: "/api/resources/users",
    params: {
      pageSize: 25,
      "f.subscriptionTier.eq": "premium",
      "f.verified.eq": "true",
      sort: "createdAt",
      order: "desc",
    },
  },
  // The search box: part of an address, through the trigram index (its posting lists grow with the table).
  {
    name: "users search, part of an address",
    path: "/api/resources/users",
    params: { pageSize: 25, q: "okafor.416765@" },
  },
  {
    name: "users, one address exactly (email filter)",
    path: "/api/resources/users",
    params: { pageSize: 25, "f.email.eq": "isabella.okafor.416765@post.example.net" },
  },
  {
    name: "map viewport, Europe zoom 4",
    path: "/api/map/viewport",
    params: { west: -25, south: 33, east: 45, north: 64, zoom: 4 },
  },
  {
    name: "map viewport, New York zoom 12",
    path: "/api/map/viewport",
    params: { west: -74.226, south: 40.608, east: -73.786, north: 40.817, zoom: 12 },
  },
  { name: "radius 50 km, New York", path: "/api/map/radius", params: { ...newYork, radiusKm: 50, limit: 100 } },
];

interface Figures {
  users: number;
  seedSeconds?: number;
  p95: Map<string, { p50: number; p95: number; kb: number; gzipKb: number }>;
  export: { rowsPerSecond: number; rssMb: number; rows: number };
}

const databaseUrlFor = (users: number) => {
  const url = new URL(benchDatabaseUrl);
  url.pathname = `/sb_scale_${users}`;
  return url.toString();
};

async function userCount(url: string): Promise<number | null> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM users`;
    return n;
  } catch {
    return null; // no such database, or not migrated
  } finally {
    await sql.end();
  }
}

/** A database holding exactly `users` users: sb_bench when it does, else sb_scale_<users>, seeded if needed. */
async function databaseWith(users: number): Promise<{ url: string; seedSeconds?: number }> {
  for (const url of [benchDatabaseUrl, databaseUrlFor(users)]) {
    if ((await userCount(url)) === users) return { url };
  }
  const url = databaseUrlFor(users);
  const [{ openDatabase }, { migrateToHead }, { seedDatabase }] = await Promise.all([
    import("../db/client"),
    import("../db/migrator"),
    import("../db/seeding"),
  ]);
  console.log(`seeding ${fmt(users, 0)} users into ${new URL(url).pathname.slice(1)} …`);
  await recreateDatabase(url);
  const database = await openDatabase({ url });
  try {
    await migrateToHead(database);
    let lastStep = "";
    const report = await seedDatabase(database, {
      users,
      seed: 42,
      onProgress: ({ step, done, total }) => {
        if (step !== lastStep || done === total) console.log(`  ${step}: ${done}/${total} tasks`);
        lastStep = step;
      },
    });
    console.log(`  seeded in ${fmt(report.seconds)} s`);
    return { url, seedSeconds: report.seconds };
  } finally {
    await database.close();
  }
}

async function measureSize(users: number): Promise<Figures> {
  const { url, seedSeconds } = await databaseWith(users);
  const { openDatabase, setDatabase } = await import("../db/client");
  const database = await openDatabase({ url });
  setDatabase(database);
  try {
    console.log(`\n${fmt(users, 0)} users (${new URL(url).pathname.slice(1)}), ${iterations} runs each:`);
    const p95 = new Map<string, { p50: number; p95: number; kb: number; gzipKb: number }>();
    for (const scenario of scenarios) {
      const call = () => getInProcess(scenario.path, scenario.params);
      let body = "";
      for (let i = 0; i < 3; i++) body = await call();
      const samples: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const t0 = performance.now();
        await call();
        samples.push(performance.now() - t0);
      }
      const figures = {
        p50: percentile(samples, 50),
        p95: percentile(samples, 95),
        kb: Buffer.byteLength(body) / 1024,
        // What `next start` sends a browser (it gzips responses by default).
        gzipKb: gzipSync(body).length / 1024,
      };
      p95.set(scenario.name, figures);
      console.log(
        `  ${scenario.name.padEnd(42)} p50 ${fmt(figures.p50).padStart(7)} ms  p95 ${fmt(figures.p95).padStart(7)} ms  ${fmt(figures.kb).padStart(6)} KB (${fmt(figures.gzipKb)} KB gzip)`,
      );
    }
    const csv = await measureCsvExport(database, "users");
    const exportFigures = { rows: csv.rows, rowsPerSecond: csv.rows / csv.seconds, rssMb: csv.rssGrowth / 1e6 };
    console.log(
      `  CSV export of every user: ${fmt(csv.rows, 0)} rows, ${fmt(exportFigures.rowsPerSecond, 0)} rows/s, peak RSS growth ${fmt(exportFigures.rssMb)} MB`,
    );
    return { users, seedSeconds, p95, export: exportFigures };
  } finally {
    await database.close();
  }
}

export async function run(): Promise<void> {
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 3))
    throw new Error("BENCH_SCALE_USERS must list at least two sizes, e.g. 1000000,5000000");
  console.log(
    `Goal: p95 at the largest size ≤ ${maxGrowth}× p95 at the smallest; CSV export ≥ 150,000 rows/s and ≤ 50 MB RSS growth.`,
  );
  const all: Figures[] = [];
  for (const users of sizes) all.push(await measureSize(users));

  const [small, large] = [all[0], all[all.length - 1]];
  const label = (f: Figures) => (f.users >= 1e6 ? `${fmt(f.users / 1e6)}M` : `${fmt(f.users / 1e3)}k`);
  console.log(`\nside by side (p95 ms; growth = ${label(large)} / ${label(small)}):`);
  const header = ["scenario", ...all.map(label), "growth", ""];
  const rows: string[][] = [header];
  for (const scenario of scenarios) {
    const values = all.map((f) => f.p95.get(scenario.name)?.p95 ?? NaN);
    const growth = values[values.length - 1] / values[0];
    rows.push([
      scenario.name,
      ...values.map((v) => fmt(v)),
      `${fmt(growth, 2)}×`,
      growth <= maxGrowth ? "met" : "MISSED",
    ]);
  }
  const rates = all.map((f) => f.export.rowsPerSecond);
  rows.push([
    "CSV export rows/s",
    ...rates.map((r) => fmt(r, 0)),
    `${fmt(rates[rates.length - 1] / rates[0], 2)}×`,
    all.every((f) => f.export.rowsPerSecond >= 150_000 && f.export.rssMb <= 50) ? "met" : "MISSED",
  ]);
  rows.push(["CSV export peak RSS growth MB", ...all.map((f) => fmt(f.export.rssMb)), "", ""]);
  const seeded = all.filter((f) => f.seedSeconds !== undefined);
  if (seeded.length)
    rows.push(["seeded now, s", ...all.map((f) => (f.seedSeconds ? fmt(f.seedSeconds) : "—")), "", ""]);
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const [index, row] of rows.entries()) {
    console.log("  " + row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
    if (index === 0) console.log("  " + widths.map((w) => "-".repeat(w)).join("  "));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
