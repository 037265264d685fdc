import { anchor, rand, randInt, type SeedContext } from "./random";
import { userFacts } from "./userFacts";

export const tierPrices = { premium: "19.99", elite: "39.99" } as const;

/** Paying users have a live subscription of their tier; a few free users have a canceled one. */
export function insertSubscriptions(ctx: SeedContext, lo: number, hi: number): string {
  const u = userFacts(ctx);
  const roll = rand(ctx, "i", 81);
  return `INSERT INTO subscriptions (id, user_id, tier, stripe_subscription_id, stripe_customer_id, status,
  current_period_start, current_period_end, created_at, updated_at)
SELECT md5('${ctx.seed}:s:' || i)::uuid, ${u.id}, CASE WHEN tier = 'free' THEN 'premium' ELSE tier END,
  'sub_' || substr(md5('${ctx.seed}:ss:' || i), 1, 14), 'cus_' || substr(md5('${ctx.seed}:sc:' || i), 1, 14),
  CASE WHEN tier = 'free' THEN 'canceled' WHEN ${roll} < 0.85 THEN 'active' WHEN ${roll} < 0.93 THEN 'trialing' ELSE 'past_due' END,
  period_start, period_start + interval '30 days', c, c
FROM generate_series(${lo}, ${hi}) AS i
CROSS JOIN LATERAL (SELECT ${u.tier} AS tier, ${u.createdAt} AS c OFFSET 0) AS t
-- The period began on the billing day, or at sign-up for a user who joined since (the first payment's date).
CROSS JOIN LATERAL (SELECT greatest(c, ${anchor(ctx)} - interval '1 day' * ${randInt(ctx, "i", 82, 0, 29)}) AS period_start OFFSET 0) AS p
WHERE tier <> 'free' OR ${rand(ctx, "i", 80)} < 0.06`;
}

/** Monthly payments at the tier's price since sign-up (up to 6), plus one-off boosts and super likes. */
export function insertPayments(ctx: SeedContext, lo: number, hi: number): string {
  const u = userFacts(ctx);
  const roll = rand(ctx, "i * 8 + k", 85);
  return `INSERT INTO payments (id, user_id, amount, type, stripe_payment_id, stripe_invoice_id, status, created_at)
SELECT md5('${ctx.seed}:p:' || i || ':' || k)::uuid, user_id,
  CASE WHEN k <= 6 THEN (CASE tier WHEN 'elite' THEN ${tierPrices.elite} ELSE ${tierPrices.premium} END)
       WHEN k = 7 THEN 4.99 ELSE 1.99 END,
  CASE WHEN k <= 6 THEN 'subscription' WHEN k = 7 THEN 'profile_boost' ELSE 'super_like' END,
  'pi_' || substr(md5('${ctx.seed}:pi:' || i || ':' || k), 1, 20),
  CASE WHEN k <= 6 THEN 'in_' || substr(md5('${ctx.seed}:in:' || i || ':' || k), 1, 20) END,
  CASE WHEN k = 1 AND sub_roll >= 0.93 THEN 'failed' WHEN ${roll} < 0.02 THEN 'refunded' WHEN ${roll} < 0.03 THEN 'pending' ELSE 'succeeded' END,
  paid_at
FROM generate_series(${lo}, ${hi}) AS i
CROSS JOIN LATERAL (SELECT ${u.id} AS user_id, ${u.tier} AS tier, ${u.createdAt} AS c, ${rand(ctx, "i", 81)} AS sub_roll,
  ${randInt(ctx, "i", 82, 0, 29)} AS billing_day, ${rand(ctx, "i", 87)} < 0.12 AS boosted, ${rand(ctx, "i", 88)} < 0.08 AS super_liked
  OFFSET 0) AS t
-- Per user, the payments it makes: k 1–6 monthly, 7 a boost, 8 a super like.
CROSS JOIN LATERAL (SELECT k, paid_at FROM (VALUES (1), (2), (3), (4), (5), (6), (7), (8)) AS v(k)
  -- The current period's payment at sign-up for a user who joined since its billing day (as its subscription says).
  CROSS JOIN LATERAL (SELECT CASE WHEN k = 1 THEN greatest(t.c, ${anchor(ctx)} - interval '1 day' * t.billing_day)
    WHEN k <= 6 THEN ${anchor(ctx)} - interval '1 month' * (k - 1) - interval '1 day' * t.billing_day
    ELSE t.c + (${anchor(ctx)} - t.c) * ${rand(ctx, "i * 8 + k", 86)} END AS paid_at) AS p
  WHERE paid_at >= t.c AND (k <= 6 AND t.tier <> 'free' AND (t.sub_roll < 0.85 OR t.sub_roll >= 0.93)
    OR k = 7 AND t.boosted OR k = 8 AND t.super_liked) OFFSET 0) AS p`;
}
