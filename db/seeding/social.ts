import { anchor, pick, rand, randText, type SeedContext } from "./random";
import { userFacts } from "./userFacts";
import { messageLines } from "./vocabulary";

export const matchesPerUser = 2;

/**
 * Each user proposes `matchesPerUser` matches with distinct users ahead of them on a ring of all
 * users, at most ⌊(n−1)/2⌋ places on. From the other user the same pair is more than that many
 * places on, so every pair is proposed once: unique by construction, no ON CONFLICT needed (the
 * unique index on the pair still checks it).
 */
export function insertMatches(ctx: SeedContext, lo: number, hi: number): string {
  const n = ctx.users;
  const reach = Math.floor((n - 1) / 2);
  const a = userFacts(ctx, "i");
  const b = userFacts(ctx, "j");
  const row = "i * 16 + k";
  const firstStep = `(1 + floor(${rand(ctx, "i * 16 + 1", 50)} * ${reach})::int)`;
  // The second partner: a different step, 1..reach, chosen uniformly among the others.
  const secondStep = `(1 + (${firstStep} + floor(${rand(ctx, "i * 16 + 2", 50)} * ${Math.max(reach - 1, 1)})::int) % ${reach})`;
  return `INSERT INTO matches (id, user_a_id, user_b_id, compatibility_score, status, created_at, updated_at)
SELECT md5('${ctx.seed}:m:' || i || ':' || k)::uuid, ${a.id}, ${b.id},
  CASE WHEN status = 'matched' THEN round((55 + 45 * score_roll)::numeric, 1)
       ELSE round((100 * score_roll)::numeric, 1) END::float8,
  status, c, c
FROM generate_series(${lo}, ${hi}) AS i CROSS JOIN generate_series(1, ${Math.min(matchesPerUser, reach)}) AS k
CROSS JOIN LATERAL (SELECT 1 + (i - 1 + CASE WHEN k = 1 THEN ${firstStep} ELSE ${secondStep} END) % ${n} AS j,
  ${rand(ctx, row, 51)} AS roll, ${rand(ctx, row, 52)} AS score_roll OFFSET 0) AS p
CROSS JOIN LATERAL (SELECT greatest(${a.createdAt}, ${b.createdAt}) AS since OFFSET 0) AS t
CROSS JOIN LATERAL (SELECT CASE WHEN roll < 0.25 THEN 'pending' WHEN roll < 0.40 THEN 'liked' WHEN roll < 0.60 THEN 'passed'
  WHEN roll < 0.93 THEN 'matched' ELSE 'unmatched' END AS status,
  since + (${anchor(ctx)} - since) * ${rand(ctx, row, 53)} * 0.5 AS c OFFSET 0) AS s`;
}

/**
 * A user chunk [lo, hi] as the matching slice of the uuid space: match ids are md5-uniform, so
 * the slice holds about the same share of matches, and the primary key makes it a range scan.
 */
function uuidSlice(ctx: SeedContext, lo: number, hi: number): string {
  const bound = (n: number) =>
    Math.min(0xffffffff, Math.floor(((n - 1) / ctx.users) * 2 ** 32))
      .toString(16)
      .padStart(8, "0");
  const from = `'${bound(lo)}-0000-0000-0000-000000000000'`;
  return hi >= ctx.users
    ? `m.id >= ${from}`
    : `m.id >= ${from} AND m.id < '${bound(hi + 1)}-0000-0000-0000-000000000000'`;
}

/** Messages only between matched users: 0–6 per match, alternating sender, before the anchor. */
export function insertMessages(ctx: SeedContext, lo: number, hi: number): string {
  const count = `floor(${randText(ctx, "m.id", 60)} * 7)`;
  return `INSERT INTO messages (id, from_user_id, to_user_id, content, read_at, sent_at)
SELECT md5(m.id::text || ':' || k)::uuid,
  CASE WHEN k % 2 = 1 THEN m.user_a_id ELSE m.user_b_id END,
  CASE WHEN k % 2 = 1 THEN m.user_b_id ELSE m.user_a_id END,
  ${pick(ctx, messageLines, "k::int8 * 7919 + hashtext(m.id::text)", 61)},
  CASE WHEN ${randText(ctx, "m.id::text || k", 62)} < 0.8 THEN sent + interval '1 minute' * (1 + floor(${randText(ctx, "m.id::text || k", 63)} * 600)) END,
  sent
FROM matches m
CROSS JOIN generate_series(1, 6) AS k
CROSS JOIN LATERAL (SELECT m.created_at + (${anchor(ctx)} - m.created_at) * (k / 8.0) AS sent OFFSET 0) AS t
WHERE m.status = 'matched' AND ${uuidSlice(ctx, lo, hi)} AND k <= ${count}`;
}
