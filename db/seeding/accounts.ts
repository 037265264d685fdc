import { anchor, pick, rand, randInt, type SeedContext } from "./random";
import { userFacts, userLocation } from "./userFacts";
import { bioClosers, bioOpeners } from "./vocabulary";

/** Not a usable password: seeded platform users cannot sign in anywhere. */
const seededPasswordHash = "$2b$12$Vvh.089mmWjLWM9NNq60nupc2TmCGYa.F390nXIQxil1daDM6/jBa";

export function insertUsers(ctx: SeedContext, lo: number, hi: number): string {
  const u = userFacts(ctx);
  return `INSERT INTO users (id, email, password_hash, verified, subscription_tier, created_at, updated_at, last_login_at)
SELECT ${u.id}, ${u.email}, '${seededPasswordHash}', ${u.verified}, ${u.tier}, c, c,
  CASE WHEN ${rand(ctx, "i", 5)} < 0.9 THEN c + (${anchor(ctx)} - c) * ${rand(ctx, "i", 6)} END
FROM generate_series(${lo}, ${hi}) AS i CROSS JOIN LATERAL (SELECT ${u.createdAt} AS c OFFSET 0) AS t`;
}

export function insertProfiles(ctx: SeedContext, lo: number, hi: number): string {
  const u = userFacts(ctx);
  const loc = userLocation(ctx);
  const photoUrls = Array.from({ length: 6 }, (_, k) => `'https://cdn.saltbitter.example/u/' || i || '/${k + 1}.jpg'`);
  return `INSERT INTO profiles (user_id, name, age, gender, bio, photos, location, completeness_score,
  looking_for_gender, min_age, max_age, max_distance_km, created_at, updated_at)
SELECT ${u.id}, ${u.firstName} || ' ' || left(${u.lastName}, 1) || '.', age, gender, bio,
  to_jsonb((ARRAY[${photoUrls.join(",")}])[1:photo_count]), location,
  30 + CASE WHEN bio IS NULL THEN 0 ELSE 20 END + photo_count * 5
     + CASE WHEN location IS NULL THEN 0 ELSE 10 END + CASE WHEN looking_for IS NULL THEN 0 ELSE 10 END,
  looking_for, greatest(18, age - ${randInt(ctx, "i", 22, 2, 9)}), least(99, age + ${randInt(ctx, "i", 23, 2, 14)}),
  ${pick(ctx, [10, 25, 50, 50, 100, 200], "i", 24)}, profiled_at, profiled_at
FROM generate_series(${lo}, ${hi}) AS i
-- The profile ten minutes after sign-up, or now for a user who signed up in the last ten minutes.
CROSS JOIN LATERAL (SELECT least(${anchor(ctx)}, ${u.createdAt} + interval '10 minutes') AS profiled_at, ${u.age} AS age, ${u.gender} AS gender, ${loc.city} AS city,
  ${randInt(ctx, "i", 21, 0, 6)} AS photo_count,
  CASE WHEN ${rand(ctx, "i", 25)} < 0.85 THEN ${pick(ctx, bioOpeners, "i", 26)} || ' ' || ${pick(ctx, bioClosers, "i", 27)} END AS bio OFFSET 0) AS f
CROSS JOIN LATERAL (SELECT
  CASE WHEN ${rand(ctx, "i", 28)} < 0.1 THEN NULL
       WHEN gender = 'woman' THEN CASE WHEN ${rand(ctx, "i", 29)} < 0.85 THEN 'man' WHEN ${rand(ctx, "i", 29)} < 0.93 THEN 'woman' ELSE 'everyone' END
       WHEN gender = 'man' THEN CASE WHEN ${rand(ctx, "i", 29)} < 0.88 THEN 'woman' WHEN ${rand(ctx, "i", 29)} < 0.95 THEN 'man' ELSE 'everyone' END
       ELSE 'everyone' END AS looking_for,
  CASE WHEN ${loc.anomaly} < 0.001 THEN NULL
       WHEN ${loc.anomaly} < 0.0015 THEN ST_SetSRID(ST_MakePoint(0, 0), 4326)::geography
       ELSE ST_SetSRID(ST_MakePoint(
         (${loc.lons})[city] + 0.3 * ${loc.jitterLon} / cos(radians((${loc.lats})[city])),
         (${loc.lats})[city] + 0.3 * ${loc.jitterLat}), 4326)::geography END AS location OFFSET 0) AS g`;
}

export function insertAssessments(ctx: SeedContext, lo: number, hi: number): string {
  const u = userFacts(ctx);
  return `INSERT INTO attachment_assessments (id, user_id, anxiety_score, avoidance_score, style, assessment_version, total_questions, created_at, updated_at)
SELECT md5('${ctx.seed}:a:' || i)::uuid, ${u.id}, anxiety, avoidance,
  CASE WHEN anxiety < 50 AND avoidance < 50 THEN 'secure' WHEN anxiety >= 50 AND avoidance < 50 THEN 'anxious'
       WHEN anxiety < 50 THEN 'avoidant' ELSE 'fearful-avoidant' END,
  ${pick(ctx, ["1.0", "1.1", "2.0"], "i", 43)}, 36, c, c
FROM generate_series(${lo}, ${hi}) AS i
CROSS JOIN LATERAL (SELECT ${u.createdAt} AS signed_up OFFSET 0) AS s
-- Taken within a day of sign-up, and not after now.
CROSS JOIN LATERAL (SELECT round((${rand(ctx, "i", 41)} * 100)::numeric, 1)::float8 AS anxiety,
  round((${rand(ctx, "i", 42)} * 100)::numeric, 1)::float8 AS avoidance,
  signed_up + least(interval '1 day', ${anchor(ctx)} - signed_up) * ${rand(ctx, "i", 44)} AS c OFFSET 0) AS t
WHERE ${u.hasAssessment}`;
}
