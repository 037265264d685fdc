import { anchor, pick, rand, randInt, type SeedContext } from "./random";
import { aiConsent, userFacts, userLocation } from "./userFacts";
import { aiTypes, consentTexts } from "./vocabulary";

/**
 * 1–6 interactions for AI users, two per session, in the last 180 days since sign-up; a few lack
 * disclosure (for the views to find). An interaction is consented exactly when the user's
 * AI-feature consent is in force at its time: users who never granted it, or withdrew it, have
 * unconsented interactions, as the consent log says.
 */
export function insertAiInteractions(ctx: SeedContext, lo: number, hi: number): string {
  const u = userFacts(ctx);
  const consent = aiConsent(ctx, "c");
  const session = "i * 8 + (k + 1) / 2";
  return `INSERT INTO ai_interactions (id, user_id, ai_type, disclosure_shown, user_consented, session_id, created_at)
SELECT md5('${ctx.seed}:ai:' || i || ':' || k)::uuid, user_id, ${pick(ctx, aiTypes, session, 72)},
  ${rand(ctx, "i * 8 + k", 73)} >= 0.04,
  granted AND at >= granted_at AND NOT (withdrawn AND at >= withdrawn_at),
  'sess_' || substr(md5('${ctx.seed}:sess:' || i || ':' || (k + 1) / 2), 1, 16), at
FROM generate_series(${lo}, ${hi}) AS i
CROSS JOIN LATERAL (SELECT ${u.id} AS user_id, ${u.createdAt} AS c OFFSET 0) AS t
CROSS JOIN LATERAL (SELECT greatest(c, ${anchor(ctx)} - interval '180 days') AS since, ${consent.granted} AS granted,
  ${consent.grantedAt} AS granted_at, ${consent.withdrawn} AS withdrawn, ${consent.withdrawnAt} AS withdrawn_at OFFSET 0) AS f
CROSS JOIN generate_series(1, 6) AS k
-- The second interaction of a session two minutes after the first, unless that is after now.
CROSS JOIN LATERAL (SELECT least(${anchor(ctx)}, since + (${anchor(ctx)} - since) * ${rand(ctx, session, 75)}
  + interval '2 minutes' * (1 - k % 2)) AS at OFFSET 0) AS x
WHERE ${u.usesAi} AND k <= ${randInt(ctx, "i", 71, 1, 6)}`;
}

/** ISO 3166 codes of vocabulary.cities, in order: the jurisdiction a consent was given in. */
const cityJurisdictions = [
  "US-CA",
  "US-CA",
  "US-NY",
  "CA",
  "MX",
  "BR",
  "GB",
  "FR",
  "DE",
  "ES",
  "SE",
  "NG",
  "KE",
  "ZA",
  "IN",
  "SG",
  "JP",
  "KR",
  "AU",
  "NZ",
];

/**
 * Consent history: terms for everyone at sign-up; special-category consent for most (not all)
 * assessed users, some withdrawn later; AI-feature consent for most AI users (see aiConsent), a
 * few withdrawn later; marketing opt-ins/outs.
 * Each event records the notice version shown, how it was collected and the jurisdiction (the
 * user's city); about 2% lack the notice version so the provability check has something to find.
 */
export function insertConsentLogs(ctx: SeedContext, lo: number, hi: number): string {
  const u = userFacts(ctx);
  const aiTimeline = aiConsent(ctx, "t.c");
  const texts = Object.entries(consentTexts)
    .map(([type, text]) => `WHEN '${type}' THEN '${text.replace(/'/g, "''")}'`)
    .join(" ");
  const jurisdictions = `ARRAY[${cityJurisdictions.map((j) => `'${j}'`).join(",")}]`;
  return `INSERT INTO consent_logs (id, user_id, consent_type, granted, consent_text, ip_address, timestamp,
  notice_version, collection_method, jurisdiction)
SELECT md5('${ctx.seed}:cl:' || i || ':' || kind)::uuid, user_id, consent_type, granted,
  CASE WHEN ${rand(ctx, "i * 8 + kind", 110)} < 0.005 THEN NULL ELSE CASE consent_type ${texts} END END,
  CASE WHEN ${rand(ctx, "i * 8 + kind", 111)} < 0.01 THEN NULL
       WHEN ${rand(ctx, "i * 8 + kind", 112)} < 0.15 THEN '2001:db8::' || to_hex(i % 65536)
       ELSE '198.51.' || (i / 256 % 256) || '.' || (i % 256) END,
  -- Grants minutes after sign-up, withdrawals halfway to now (AI's as its interactions say); none after now.
  CASE kind WHEN 4 THEN ai_granted_at WHEN 7 THEN ai_withdrawn_at
    ELSE least(${anchor(ctx)}, c + interval '1 minute' * kind + CASE WHEN granted THEN interval '0' ELSE (${anchor(ctx)} - c) * 0.5 END) END,
  CASE WHEN ${rand(ctx, "i * 8 + kind", 118)} < 0.02 THEN NULL ELSE notice END,
  method, jurisdiction
FROM generate_series(${lo}, ${hi}) AS i
CROSS JOIN LATERAL (SELECT ${u.id} AS user_id, ${u.createdAt} AS c, (${jurisdictions})[(${userLocation(ctx).city})] AS jurisdiction,
  ${u.hasAssessment} AND ${rand(ctx, "i", 113)} < 0.92 AS special, ${rand(ctx, "i", 114)} < 0.05 AS special_withdrawn,
  ${aiConsent(ctx, "c").granted} AS ai, ${aiConsent(ctx, "c").withdrawn} AS ai_withdrawn, ${rand(ctx, "i", 116)} < 0.4 AS marketing,
  ${rand(ctx, "i", 117)} < 0.1 AS marketing_withdrawn OFFSET 0) AS t
CROSS JOIN LATERAL (SELECT ${aiTimeline.grantedAt} AS ai_granted_at, ${aiTimeline.withdrawnAt} AS ai_withdrawn_at OFFSET 0) AS a
-- Lateral, so the user's facts are computed once and the events filtered per user.
CROSS JOIN LATERAL (SELECT * FROM (VALUES (1, 'terms_of_service', true, 'tos-v3', 'signup_form'),
  (2, 'special_category_data', true, 'special-category-2025-06', 'in_app_prompt'),
  (3, 'special_category_data', false, 'special-category-2025-06', 'settings_toggle'),
  (4, 'ai_features', true, 'ai-notice-2025-09', 'in_app_prompt'), (5, 'marketing', true, 'marketing-v2', 'signup_form'),
  (6, 'marketing', false, 'marketing-v2', 'email_link'), (7, 'ai_features', false, 'ai-notice-2025-09', 'settings_toggle'))
  AS v(kind, consent_type, granted, notice, method)
  WHERE kind = 1 OR (kind = 2 AND t.special) OR (kind = 3 AND t.special AND t.special_withdrawn) OR (kind = 4 AND t.ai)
     OR (kind = 5 AND t.marketing) OR (kind = 6 AND t.marketing AND t.marketing_withdrawn)
     OR (kind = 7 AND t.ai AND t.ai_withdrawn) OFFSET 0) AS v`;
}

/**
 * The platform's own compliance events: SB 243 disclosures and reminders, GDPR requests, CCPA
 * opt-outs, AI-Act notices. Consent itself is evidenced in consent_logs, not repeated here.
 */
export function insertComplianceLogs(ctx: SeedContext, lo = 1, hi = ctx.users): string {
  const u = userFacts(ctx);
  return `INSERT INTO compliance_logs (id, user_id, action_type, metadata, regulatory_framework, timestamp)
SELECT md5('${ctx.seed}:co:' || i || ':' || kind)::uuid, user_id, action_type,
  jsonb_build_object('source', 'platform', 'channel', channel), framework,
  since + (${anchor(ctx)} - since) * ${rand(ctx, "i * 8 + kind", 121)}
FROM generate_series(${lo}, ${hi}) AS i
-- Within the last year, and not before the user signed up.
CROSS JOIN LATERAL (SELECT ${u.id} AS user_id, ${u.usesAi} AS ai, ${pick(ctx, ["ios", "android", "web"], "i", 120)} AS channel,
  greatest(${u.createdAt}, ${anchor(ctx)} - interval '365 days') AS since OFFSET 0) AS t
CROSS JOIN LATERAL (SELECT * FROM (VALUES (1, 'ai_disclosure', 'sb_243'), (2, 'break_reminder', 'sb_243'),
  (3, 'crisis_referral', 'sb_243'), (5, 'data_access_request', 'gdpr'), (6, 'opt_out_of_sale', 'ccpa'),
  (7, 'ai_transparency_notice', 'eu_ai_act')) AS v(kind, action_type, framework)
  WHERE (kind = 1 AND t.ai) OR (kind = 2 AND t.ai AND ${rand(ctx, "i", 122)} < 0.2)
     OR (kind = 3 AND t.ai AND ${rand(ctx, "i", 123)} < 0.005)
     OR (kind = 5 AND ${rand(ctx, "i", 124)} < 0.005) OR (kind = 6 AND ${rand(ctx, "i", 125)} < 0.01)
     OR (kind = 7 AND t.ai AND ${rand(ctx, "i", 126)} < 0.5) OFFSET 0) AS v
-- The chain links rows in insertion order, and chain order is time order (migration 0012 raises
-- a timestamp earlier than its predecessor's): insert oldest first.
ORDER BY 6, 1`;
}
