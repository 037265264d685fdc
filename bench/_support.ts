import postgres from "postgres";

/** Shared by the bench scripts: where to run, and small statistics helpers. */
export const benchDatabaseUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/sb_bench";

/** Drops and recreates the database named in `url` (via the server's `postgres` database). */
export async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await sql.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await sql.end();
  }
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export const fmt = (n: number, digits = 1) => n.toLocaleString("en-US", { maximumFractionDigits: digits });

/** Warms up (3 runs), then times `runs` calls and prints p50 and p95; returns the p95 in ms. */
export async function p95Of(label: string, fn: () => Promise<unknown>, runs = 40): Promise<number> {
  for (let i = 0; i < Math.min(3, runs); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  const p95 = percentile(samples, 95);
  console.log(
    `  ${label.padEnd(52)} p50 ${fmt(percentile(samples, 50)).padStart(7)} ms   p95 ${fmt(p95).padStart(7)} ms`,
  );
  return p95;
}
