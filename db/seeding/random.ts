/**
 * Deterministic pseudo-randomness in SQL: every value the seed writes is a pure function of
 * (seed, row number, salt), so the same seed gives the same rows on PGlite and PostgreSQL, and the
 * seed runs as set-based INSERT … SELECT instead of row-by-row inserts.
 *
 * A value used more than once is named in a `CROSS JOIN LATERAL (SELECT … OFFSET 0)`: without the
 * OFFSET the planner inlines the subquery and evaluates the expression once per use (measured
 * 20–30 % slower for profiles and matches).
 */
export interface SeedContext {
  seed: number;
  users: number;
  /** The seed's "now": all timestamps are relative to it, so reruns are identical. */
  anchor: string;
}

/** Uniform [0,1) from an integer expression. */
export const rand = (ctx: SeedContext, expr: string, salt: number) =>
  `((hashint8extended((${expr})::int8, ${ctx.seed * 1000 + salt}::int8) >> 11 & 9007199254740991)::float8 / 9007199254740992.0)`;

/** Integer in [lo, hi]. */
export const randInt = (ctx: SeedContext, expr: string, salt: number, lo: number, hi: number) =>
  `(${lo} + floor(${rand(ctx, expr, salt)} * ${hi - lo + 1})::int)`;

/** A stable uuid for row `expr` of a kind ('u' users, 'p' payments, …). */
export const uid = (ctx: SeedContext, kind: string, expr: string) => `md5('${ctx.seed}:${kind}:' || (${expr}))::uuid`;

/** Picks from a literal list with a random index. */
export function pick(ctx: SeedContext, values: readonly (string | number)[], expr: string, salt: number): string {
  const list = values.map((v) => (typeof v === "number" ? String(v) : `'${v.replace(/'/g, "''")}'`)).join(",");
  return `(ARRAY[${list}])[1 + floor(${rand(ctx, expr, salt)} * ${values.length})::int]`;
}

export const anchor = (ctx: SeedContext) => `'${ctx.anchor}'::timestamptz`;
