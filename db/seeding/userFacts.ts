import { anchor, pick, rand, randInt, uid, type SeedContext } from "./random";
import { cities, emailDomains, lastNames, menNames, neutralNames, womenNames } from "./vocabulary";

/**
 * Facts about user number `i` as SQL expressions. Every table's step recomputes the facts it
 * needs from `i`, so tables agree (tier ↔ subscription, assessment ↔ consent) without joins.
 */
export function userFacts(ctx: SeedContext, i = "i") {
  const genderRoll = rand(ctx, i, 11);
  const gender = `(CASE WHEN ${genderRoll} < 0.48 THEN 'woman' WHEN ${genderRoll} < 0.96 THEN 'man' ELSE 'non-binary' END)`;
  const firstName = `(CASE WHEN ${genderRoll} < 0.48 THEN ${pick(ctx, womenNames, i, 12)} WHEN ${genderRoll} < 0.96 THEN ${pick(ctx, menNames, i, 12)} ELSE ${pick(ctx, neutralNames, i, 12)} END)`;
  const lastName = pick(ctx, lastNames, i, 13);
  const tierRoll = rand(ctx, i, 2);
  // Recent sign-ups are more frequent: created within two years, skewed to now. User i signed up
  // after user i - 1 (give or take the hour of day), as rows arrive in a real users table: the
  // heap is in sign-up order, so reading the list's default order does not jump across the table
  // for every row (a random order made a 5M-user export 3× slower per row than at 1M).
  const ageRank = `(1 - ((${i})::float8 - ${rand(ctx, i, 3)}) / ${ctx.users})`;
  const createdAt = `(${anchor(ctx)} - interval '730 days' * power(greatest(${ageRank}, 0), 2) - interval '1 second' * ${randInt(ctx, i, 4, 0, 86399)})`;
  return {
    id: uid(ctx, "u", i),
    gender,
    firstName,
    lastName,
    email: `lower(translate(${firstName} || '.' || ${lastName}, 'ü', 'u')) || '.' || ${i} || '@' || ${pick(ctx, emailDomains, i, 14)}`,
    tier: `(CASE WHEN ${tierRoll} < 0.70 THEN 'free' WHEN ${tierRoll} < 0.92 THEN 'premium' ELSE 'elite' END)`,
    verified: `(${rand(ctx, i, 1)} < 0.72)`,
    createdAt,
    age: `(18 + floor(power(${rand(ctx, i, 20)}, 1.6) * 63)::int)`,
    hasAssessment: `(${rand(ctx, i, 40)} < 0.6)`,
    usesAi: `(${rand(ctx, i, 70)} < 0.35)`,
  };
}

/**
 * The user's AI-feature consent, given the user's sign-up time `c` (a column): granted four
 * minutes after sign-up by most AI users (the consent log's event 4), withdrawn later by a few
 * (event 7). The consent step writes these events, the AI step marks interactions consented by them.
 */
export function aiConsent(ctx: SeedContext, c: string, i = "i") {
  const grantedAt = `least(${anchor(ctx)}, ${c} + interval '4 minutes')`;
  return {
    granted: `(${userFacts(ctx, i).usesAi} AND ${rand(ctx, i, 115)} < 0.9)`,
    grantedAt,
    /** Meaningful only when granted. */
    withdrawn: `(${rand(ctx, i, 119)} < 0.08)`,
    withdrawnAt: `(${grantedAt} + (${anchor(ctx)} - ${grantedAt}) * (0.2 + 0.8 * ${rand(ctx, i, 130)}))`,
  };
}

/** A profile location clustered around a weighted city, or an anomaly (null, 0/0) for a few. */
export function userLocation(ctx: SeedContext, i = "i") {
  const weighted = cities.flatMap(([, , , weight], index) => Array<number>(weight).fill(index + 1));
  const city = `(ARRAY[${weighted.join(",")}])[1 + floor(${rand(ctx, i, 30)} * ${weighted.length})::int]`;
  const lats = `ARRAY[${cities.map((c) => c[1]).join(",")}]::float8[]`;
  const lons = `ARRAY[${cities.map((c) => c[2]).join(",")}]::float8[]`;
  // Sum of three uniforms ≈ normal: most users within ~25 km of the centre.
  const jitter = (salt: number) =>
    `(${rand(ctx, i, salt)} + ${rand(ctx, i, salt + 1)} + ${rand(ctx, i, salt + 2)} - 1.5)`;
  return { city, lats, lons, jitterLat: jitter(31), jitterLon: jitter(34), anomaly: rand(ctx, i, 37) };
}
