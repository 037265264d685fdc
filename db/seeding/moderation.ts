import { sql } from "drizzle-orm";
import type { Database } from "../client";
import { reportCategories, type ReportCategory } from "../schema/enums";
import {
  planStatements,
  rowsOf,
  storeStatements,
  type RowRunner,
} from "../../server/moderation/statements/statementSources";
import { demoStaff } from "./demoStaff";
import { appellantTexts, escalationNotes, moderationCases, reversalFacts, upheldNotes } from "./moderationVocabulary";
import { anchor, rand, uid, type SeedContext } from "./random";
import { userFacts } from "./userFacts";

/**
 * A believable trust-and-safety history, set-based like the rest of the seed (every value a pure
 * function of seed, user number and salt):
 * - about 5.5 % of members reported, most once to three times, some repeatedly (up to 20 notices),
 *   and a small scam ring of six accounts reported by many members in a recent wave;
 * - notices from members (DSA Art. 16), trusted flaggers, staff and our automated detection, which
 *   finds most spam and a third of scams (and decides some of those alone);
 * - for about 72 % of reported members a decision — no action, warning, hidden from discovery,
 *   suspension (7–30 days, many long expired), termination — with the ground, the terms clause or
 *   the law relied on, and the facts; the rest still in the queue (recent notices, some escalated),
 *   plus repeat offenders reported again after a mild decision;
 * - appeals against about 12 % of restrictive decisions, most decided by the other moderator (about
 *   half reversed, each with its `reverse` action), and a few decisions reversed on our own review;
 * - a statement of reasons for every restrictive decision and every reversal of one, built and
 *   checked by the same code as a live decision (server/moderation/statements/).
 * Everything is dated after the member signed up and before the seed's now.
 *
 * Decisions are taken by the demo trust-and-safety and admin logins (seeded before the tables), so
 * each can decide appeals against the other's decisions. Like the rest of the seeded history (refunds,
 * registrations), these decisions predate the back office's audit trail: no compliance_logs rows.
 */

const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;
const textArray = (items: readonly string[]) => `ARRAY[${items.map(lit).join(",")}]::text[]`;
/** A value per category of the `column`. */
const perCategory = (column: string, value: (category: ReportCategory) => string) =>
  `(CASE ${column} ${reportCategories.map((c) => `WHEN '${c}' THEN ${value(c)}`).join(" ")} END)`;
/** One of a per-category list, by a random number in [0, 1). */
const pickPerCategory = (column: string, list: (category: ReportCategory) => readonly string[], r: string) =>
  perCategory(column, (c) => `(${textArray(list(c))})[1 + floor(${r} * ${list(c).length})::int]`);
const pickText = (items: readonly string[], r: string) =>
  `(${textArray(items)})[1 + floor(${r} * ${items.length})::int]`;

/** The tables the moderation steps write. */
export const moderationTables: readonly string[] = [
  "reports",
  "moderation_actions",
  "appeals",
  "statements_of_reasons",
];

/** Share of members reported (the ring comes on top). */
export const reportedShare = 0.055;
const ringSize = 6;

/** The category of a reported member (not in the ring), by cumulative weight. */
const categoryWeights: [ReportCategory, number][] = [
  ["scam_fraud", 0.24],
  ["fake_profile", 0.44],
  ["harassment", 0.62],
  ["spam", 0.74],
  ["hate", 0.79],
  ["non_consensual_sexual_content", 0.84],
  ["underage", 0.88],
  ["violence_threats", 0.92],
  ["other", 1],
];

/** How often each decision is taken per category (acknowledge = reviewed, no action). */
const decisionWeights: Record<ReportCategory, [string, number][]> = {
  scam_fraud: [
    ["acknowledge", 0.25],
    ["restrict_visibility", 0.1],
    ["suspend", 0.25],
    ["terminate", 0.4],
  ],
  fake_profile: [
    ["acknowledge", 0.35],
    ["restrict_visibility", 0.2],
    ["terminate", 0.45],
  ],
  harassment: [
    ["acknowledge", 0.2],
    ["warn", 0.35],
    ["suspend", 0.35],
    ["terminate", 0.1],
  ],
  hate: [
    ["acknowledge", 0.2],
    ["warn", 0.2],
    ["suspend", 0.4],
    ["terminate", 0.2],
  ],
  non_consensual_sexual_content: [
    ["acknowledge", 0.2],
    ["restrict_visibility", 0.1],
    ["suspend", 0.3],
    ["terminate", 0.4],
  ],
  underage: [
    ["acknowledge", 0.3],
    ["terminate", 0.7],
  ],
  spam: [
    ["acknowledge", 0.2],
    ["warn", 0.2],
    ["restrict_visibility", 0.4],
    ["suspend", 0.2],
  ],
  violence_threats: [
    ["warn", 0.2],
    ["suspend", 0.5],
    ["terminate", 0.3],
  ],
  other: [
    ["acknowledge", 0.6],
    ["warn", 0.4],
  ],
};

function cumulative(weights: [string, number][], r: string): string {
  let sum = 0;
  const branches = weights.map(([value, weight], index) => {
    sum += weight;
    return index === weights.length - 1 ? `ELSE '${value}'` : `WHEN ${r} < ${sum.toFixed(4)} THEN '${value}'`;
  });
  return `(CASE ${branches.join(" ")} END)`;
}

/** Where a notice came from: our detection finds much of the spam, scams and fake profiles. */
const sourceOf = (category: string, r: string) => `(CASE WHEN ${category} IN ('spam', 'scam_fraud', 'fake_profile') THEN
    CASE WHEN ${r} < 0.35 THEN 'automated' WHEN ${r} < 0.9 THEN 'user_notice' WHEN ${r} < 0.95 THEN 'trusted_flagger' ELSE 'staff' END
  ELSE CASE WHEN ${r} < 0.05 THEN 'automated' WHEN ${r} < 0.85 THEN 'user_notice' WHEN ${r} < 0.93 THEN 'trusted_flagger' ELSE 'staff' END END)`;

/** The ring is reported by members, mostly; a few notices come from a flagger and our detection. */
const reportSourceOf = (ring: string, category: string, r: string) =>
  `(CASE WHEN ${ring} THEN CASE WHEN ${r} < 0.1 THEN 'automated' WHEN ${r} < 0.15 THEN 'trusted_flagger' ELSE 'user_notice' END
    ELSE ${sourceOf(category, r)} END)`;

const resolutionOf = `(CASE d_kind WHEN 'acknowledge' THEN 'no_action' WHEN 'warn' THEN 'warned'
  WHEN 'restrict_visibility' THEN 'visibility_restricted' WHEN 'suspend' THEN 'suspended' ELSE 'terminated' END)`;

const staffId = (email: string) => `(SELECT id FROM staff_accounts WHERE email = ${lit(email)})`;
const trustEmail = demoStaff.find((s) => s.role === "trust_safety")!.email;
const adminEmail = demoStaff.find((s) => s.role === "admin")!.email;

/** Row keys: report k of member i is i*64+k (k ≤ 31); member i's decision i*8+1, escalation i*8+2, reversal i*8+3. */
const reportKey = (i: string, k: string) => `(${i}) * 64 + (${k})`;

/** The reported members of users lo..hi with everything their history needs (one row each). */
function subjects(ctx: SeedContext, lo: number, hi: number): string {
  const u = userFacts(ctx);
  const A = anchor(ctx);
  const stride = Math.max(1, Math.floor((ctx.users - 3) / (ringSize - 1)));
  const cases = moderationCases;
  return `SELECT i, t.*, f.*, s.*, k.*, d.*, m.id AS message_id
FROM generate_series(${lo}, ${hi}) AS i
CROSS JOIN LATERAL (SELECT ${u.id} AS user_id, ${u.createdAt} AS c,
  i >= 3 AND (i - 3) % ${stride} = 0 AND (i - 3) / ${stride} < ${ringSize} AS ring, (i - 3) / ${stride} AS ring_member OFFSET 0) AS t
CROSS JOIN LATERAL (SELECT greatest(c + interval '20 minutes', ${A} - interval '365 days') AS since OFFSET 0) AS w
CROSS JOIN LATERAL (SELECT
  CASE WHEN ring THEN 'scam_fraud' ELSE ${cumulative(categoryWeights, rand(ctx, "i", 203))} END AS category,
  CASE WHEN ring THEN 12 + floor(${rand(ctx, "i", 204)} * 19)::int
       WHEN ${rand(ctx, "i", 204)} < 0.6 THEN 1 + floor(${rand(ctx, "i", 225)} * 3)::int
       WHEN ${rand(ctx, "i", 204)} < 0.9 THEN 3 + floor(${rand(ctx, "i", 225)} * 6)::int
       ELSE 8 + floor(${rand(ctx, "i", 225)} * 13)::int END AS n,
  CASE WHEN ring THEN ring_member < 4 ELSE ${rand(ctx, "i", 202)} >= 0.28 END
    AND ${A} - w.since > interval '3 days' AS decided,
  CASE WHEN ring THEN greatest(w.since, ${A} - interval '45 days') ELSE w.since END AS window_start OFFSET 0) AS f
LEFT JOIN LATERAL (SELECT id, sent_at FROM messages WHERE from_user_id = t.user_id ORDER BY sent_at, id LIMIT 1) AS m ON true
LEFT JOIN LATERAL (SELECT jsonb_array_length(photos) AS photos FROM profiles WHERE user_id = t.user_id) AS p ON true
CROSS JOIN LATERAL (SELECT
  CASE WHEN decided THEN window_start + (${A} - window_start - interval '2 days') * ${rand(ctx, "i", 205)}
    ELSE greatest(window_start, ${A} - interval '10 days')
      + (${A} - greatest(window_start, ${A} - interval '10 days')) * 0.6 * ${rand(ctx, "i", 205)} END AS t0,
  ${reportSourceOf("ring", "category", rand(ctx, reportKey("i", "1"), 210))} = 'automated' AS detected OFFSET 0) AS s
CROSS JOIN LATERAL (SELECT
  CASE WHEN decided THEN least(interval '14 days', (${A} - t0) * 0.3) ELSE (${A} - t0) * 0.8 END AS spread,
  CASE WHEN (category IN ('harassment', 'hate', 'violence_threats') OR (category = 'scam_fraud' AND ${rand(ctx, "i", 206)} < 0.3))
         AND m.id IS NOT NULL AND m.sent_at < t0 THEN 'message'
       WHEN (category = 'non_consensual_sexual_content' OR (category = 'fake_profile' AND ${rand(ctx, "i", 206)} < 0.5))
         AND coalesce(p.photos, 0) > 0 THEN 'photo'
       WHEN category IN ('fake_profile', 'spam', 'underage') THEN 'profile'
       ELSE 'user' END AS subject_kind,
  floor(${rand(ctx, "i", 207)} * greatest(coalesce(p.photos, 1), 1))::int AS photo_index,
  CASE WHEN ring THEN 'terminate' ELSE ${perCategory("category", (c) => cumulative(decisionWeights[c], rand(ctx, "i", 208)))} END AS d_kind,
  CASE WHEN detected AND category IN ('spam', 'scam_fraud') AND ${rand(ctx, "i", 209)} < 0.4 THEN 'fully'
       WHEN detected AND ${rand(ctx, "i", 209)} < 0.7 THEN 'partially' ELSE 'not_automated' END AS automated,
  ${rand(ctx, "i", 218)} < ${perCategory("category", (c) => String(cases[c].illegalShare))} AS illegal OFFSET 0) AS k
CROSS JOIN LATERAL (SELECT
  t0 + spread + CASE WHEN automated = 'fully' THEN interval '5 minutes'
    ELSE least(interval '72 hours' * (0.05 + 0.95 * ${rand(ctx, "i", 211)}), (${A} - t0 - spread) * 0.5) END AS td,
  t0 + spread + least(interval '6 hours', (${A} - t0 - spread) * 0.5) AS te,
  NOT decided AND (ring OR ${rand(ctx, "i", 213)} < 0.3) AS escalated,
  decided AND NOT ring AND d_kind IN ('acknowledge', 'warn', 'restrict_visibility') AND ${rand(ctx, "i", 215)} < 0.2 AS reported_again,
  ${pickPerCategory("category", (c) => cases[c].provisions.map((p) => p.text).concat(cases[c].provisions.length ? [] : [""]), rand(ctx, "i", 219))} AS provision,
  ${pickPerCategory("category", (c) => cases[c].provisions.map((p) => p.country).concat(cases[c].provisions.length ? [] : [""]), rand(ctx, "i", 219))} AS country,
  replace(${pickPerCategory("category", (c) => cases[c].facts, rand(ctx, "i", 226))}, '{n}', n::text) AS facts OFFSET 0) AS d
WHERE (ring OR ${rand(ctx, "i", 201)} < ${reportedShare}) AND ${A} - w.since > interval '1 hour'`;
}

/**
 * Notices and the first decision (or escalation) on each reported member of users lo..hi, in one
 * statement: the decisions are written beside the notices that name them.
 */
function insertReportsAndDecisions(ctx: SeedContext, lo: number, hi: number): string {
  const A = anchor(ctx);
  const reportRow = reportKey("s.i", "g.k");
  const reporter =
    "(1 + ((s.i - 1) + 1 + floor(" +
    rand(ctx, reportRow, 217) +
    ` * ${Math.max(ctx.users - 1, 1)})::int) % ${ctx.users})`;
  const reporterFacts = userFacts(ctx, reporter);
  const reportIds = `ARRAY(SELECT ${uid(ctx, "rp", reportKey("s.i", "x"))} FROM generate_series(1, s.n) AS x)`;
  const restrictive = "d_kind IN ('restrict_visibility', 'suspend', 'terminate')";
  const grounded = `${restrictive} OR d_kind = 'warn'`;
  return `WITH subjects AS MATERIALIZED (${subjects(ctx, lo, hi)}),
decisions AS (
  SELECT ${uid(ctx, "ma", "s.i * 8 + 1")} AS id, s.user_id, s.subject_kind,
    CASE WHEN s.subject_kind = 'message' THEN s.message_id END AS message_id,
    CASE WHEN s.subject_kind = 'photo' THEN s.photo_index END AS photo_index,
    s.d_kind AS kind, CASE WHEN s.automated = 'fully' THEN NULL
      WHEN ${rand(ctx, "s.i", 212)} < 0.75 THEN ${staffId(trustEmail)} ELSE ${staffId(adminEmail)} END AS staff_id,
    s.category,
    CASE WHEN s.d_kind = 'acknowledge' THEN NULL WHEN ${restrictive} AND s.illegal THEN 'illegal_content' ELSE 'incompatible_content' END AS ground,
    CASE WHEN ${restrictive} AND s.illegal THEN s.provision END AS legal_provision,
    CASE WHEN (${grounded}) AND NOT (${restrictive} AND s.illegal) THEN ${perCategory("s.category", (c) => lit(moderationCases[c].clause))} END AS terms_clause,
    CASE WHEN ${restrictive} AND s.illegal THEN ${perCategory("s.category", (c) => lit(moderationCases[c].illegalExplanation))}
      WHEN ${grounded} THEN ${perCategory("s.category", (c) => lit(moderationCases[c].termsExplanation))} END AS ground_explanation,
    CASE WHEN s.d_kind = 'acknowledge' THEN 'Reviewed ' || s.n || ' notice(s): no breach of our terms or of the law found.' ELSE s.facts END AS facts,
    NULL::text AS note, s.detected, s.automated,
    CASE WHEN ${restrictive} AND s.illegal THEN ARRAY[s.country]::varchar[] END AS territorial_scope,
    s.td AS starts_at,
    CASE WHEN s.d_kind = 'suspend' THEN s.td + interval '1 day' * (ARRAY[7, 14, 30])[1 + floor(${rand(ctx, "s.i", 227)} * 3)::int]
      WHEN s.d_kind = 'restrict_visibility' AND ${rand(ctx, "s.i", 227)} < 0.5 THEN s.td + interval '1 day' * (ARRAY[30, 90])[1 + floor(${rand(ctx, "s.i", 228)} * 2)::int]
    END AS ends_at,
    ${reportIds} AS report_ids
  FROM subjects s WHERE s.decided
  UNION ALL
  SELECT ${uid(ctx, "ma", "s.i * 8 + 2")}, s.user_id, s.subject_kind,
    CASE WHEN s.subject_kind = 'message' THEN s.message_id END, CASE WHEN s.subject_kind = 'photo' THEN s.photo_index END,
    'escalate', ${staffId(trustEmail)}, s.category, NULL, NULL, NULL, NULL, NULL,
    CASE WHEN s.ring THEN ${lit(escalationNotes[0])} WHEN s.category = 'violence_threats' THEN ${lit(escalationNotes[1])}
      WHEN s.category = 'underage' THEN ${lit(escalationNotes[2])} ELSE ${lit(escalationNotes[0])} END,
    false, 'not_automated', NULL, s.te, NULL, ${reportIds}
  FROM subjects s WHERE s.escalated
),
actions_written AS (
  INSERT INTO moderation_actions (id, subject_user_id, subject_kind, subject_message_id, subject_photo_index, kind, staff_id,
    category, ground, legal_provision, terms_clause, ground_explanation, facts, note, automated_detection, automated_decision,
    territorial_scope, starts_at, ends_at, report_ids, created_at)
  SELECT id, user_id, subject_kind, message_id, photo_index, kind, staff_id, category, ground, legal_provision, terms_clause,
    ground_explanation, facts, note, detected, automated, territorial_scope, starts_at, ends_at, report_ids, starts_at
  FROM decisions
  RETURNING 1
),
reports_written AS (
  INSERT INTO reports (id, subject_kind, subject_user_id, subject_message_id, subject_photo_index, reporter_user_id, source,
    category, reporter_text, created_at, status, resolution, resolved_at, resolved_by_action_id)
  SELECT ${uid(ctx, "rp", reportRow)}, s.subject_kind, s.user_id,
    CASE WHEN s.subject_kind = 'message' THEN s.message_id END, CASE WHEN s.subject_kind = 'photo' THEN s.photo_index END,
    CASE WHEN r.source = 'user_notice' AND ${reporterFacts.createdAt} < r.at THEN ${reporterFacts.id} END,
    r.source, r.category,
    CASE r.source WHEN 'automated' THEN ${perCategory("r.category", (c) => lit(moderationCases[c].detectorText))}
      WHEN 'staff' THEN 'Found in a routine review of new and reported profiles'
      ELSE ${pickPerCategory("r.category", (c) => moderationCases[c].reporterTexts, rand(ctx, reportRow, 229))} END,
    r.at,
    CASE WHEN g.k > s.n THEN 'open' WHEN s.decided THEN 'resolved' WHEN s.escalated THEN 'escalated' ELSE 'open' END,
    CASE WHEN g.k <= s.n AND s.decided THEN ${resolutionOf.replace("d_kind", "s.d_kind")} END,
    CASE WHEN g.k <= s.n AND s.decided THEN s.td END,
    CASE WHEN g.k <= s.n AND s.decided THEN ${uid(ctx, "ma", "s.i * 8 + 1")} END
  FROM subjects s
  CROSS JOIN LATERAL generate_series(1, s.n + CASE WHEN s.reported_again THEN 1 ELSE 0 END) AS g(k)
  CROSS JOIN LATERAL (SELECT
    CASE WHEN g.k > s.n THEN 'user_notice' ELSE ${reportSourceOf("s.ring", "s.category", rand(ctx, reportRow, 210))} END AS source,
    CASE WHEN ${rand(ctx, reportRow, 224)} < 0.08 THEN ${pickText(reportCategories, rand(ctx, reportRow, 230))} ELSE s.category END AS category,
    CASE WHEN g.k > s.n THEN greatest(s.td, ${A} - interval '5 days') + (${A} - greatest(s.td, ${A} - interval '5 days')) * 0.9 * ${rand(ctx, reportRow, 216)}
      ELSE s.t0 + s.spread * (g.k - 1 + 0.9 * ${rand(ctx, reportRow, 231)}) / s.n END AS at OFFSET 0) AS r
  RETURNING 1
)
SELECT (SELECT count(*)::int FROM reports_written) AS reports, (SELECT count(*)::int FROM actions_written) AS moderation_actions`;
}

/** The restrictive decisions of users lo..hi that are appealed or reviewed, with what happens to each. */
function reviews(ctx: SeedContext, lo: number, hi: number): string {
  const A = anchor(ctx);
  return `SELECT i, a.id AS action_id, a.subject_user_id, a.staff_id, a.created_at AS td,
  CASE WHEN a.staff_id = ${staffId(trustEmail)} THEN ${staffId(adminEmail)} ELSE ${staffId(trustEmail)} END AS reviewer,
  ${rand(ctx, "i", 220)} < 0.12 AND ${A} - a.created_at > interval '1 day' AS appealed,
  ${rand(ctx, "i", 220)} >= 0.12 AND ${rand(ctx, "i", 220)} < 0.14 AND ${A} - a.created_at > interval '1 day' AS own_review,
  x.received, x.received + least((${A} - x.received) * 0.9, interval '1 day' * (1 + 6 * ${rand(ctx, "i", 223)})) AS decided_at,
  CASE WHEN ${A} - x.received < interval '3 days' THEN 'open' WHEN ${rand(ctx, "i", 222)} < 0.45 THEN 'reversed'
    WHEN ${rand(ctx, "i", 222)} < 0.85 THEN 'upheld' ELSE 'open' END AS outcome
FROM generate_series(${lo}, ${hi}) AS i
JOIN moderation_actions a ON a.id = ${uid(ctx, "ma", "i * 8 + 1")}
CROSS JOIN LATERAL (SELECT a.created_at + least((${A} - a.created_at) * 0.9, interval '1 day' * (1 + 9 * ${rand(ctx, "i", 221)})) AS received OFFSET 0) AS x
WHERE a.kind IN ('restrict_visibility', 'suspend', 'terminate')`;
}

/** Reversals (on appeal, or on our own review) of the decisions of users lo..hi. */
function insertReversals(ctx: SeedContext, lo: number, hi: number): string {
  const A = anchor(ctx);
  return `WITH r AS MATERIALIZED (${reviews(ctx, lo, hi)}),
written AS (
  INSERT INTO moderation_actions (id, subject_user_id, kind, staff_id, reverses_action_id, facts, starts_at, created_at)
  SELECT ${uid(ctx, "ma", "i * 8 + 3")}, subject_user_id, 'reverse', reviewer, action_id,
    CASE WHEN appealed THEN ${pickText(reversalFacts.slice(0, 3), rand(ctx, "i", 232))} ELSE ${lit(reversalFacts[3])} END, at, at
  FROM r CROSS JOIN LATERAL (SELECT CASE WHEN appealed THEN decided_at
    ELSE td + least(interval '2 days', (${A} - td) * 0.5) END AS at OFFSET 0) AS t
  WHERE (appealed AND outcome = 'reversed') OR own_review
  RETURNING 1)
SELECT count(*)::int AS moderation_actions FROM written`;
}

/** The appeals against the decisions of users lo..hi (after their reversals exist: the trigger checks them). */
function insertAppeals(ctx: SeedContext, lo: number, hi: number): string {
  return `WITH r AS MATERIALIZED (${reviews(ctx, lo, hi)}),
written AS (
  INSERT INTO appeals (id, action_id, channel, recorded_by_staff_id, appellant_text, received_at, due_at, status,
    decided_by_staff_id, decided_at, decision_note, reversal_action_id)
  SELECT ${uid(ctx, "ap", "i")}, action_id, channel, CASE WHEN channel = 'api' THEN NULL ELSE ${staffId(trustEmail)} END,
    ${pickText(appellantTexts, rand(ctx, "i", 234))}, received, received + interval '14 days', outcome,
    CASE WHEN outcome <> 'open' THEN reviewer END, CASE WHEN outcome <> 'open' THEN decided_at END,
    CASE WHEN outcome = 'upheld' THEN ${pickText(upheldNotes, rand(ctx, "i", 235))}
      WHEN outcome = 'reversed' THEN 'Appeal granted: decision reversed.' END,
    CASE WHEN outcome = 'reversed' THEN ${uid(ctx, "ma", "i * 8 + 3")} END
  FROM r CROSS JOIN LATERAL (SELECT CASE WHEN ${rand(ctx, "i", 233)} < 0.5 THEN 'support'
    WHEN ${rand(ctx, "i", 233)} < 0.85 THEN 'api' ELSE 'staff' END AS channel OFFSET 0) AS c
  WHERE appealed
  RETURNING 1)
SELECT count(*)::int AS appeals FROM written`;
}

/**
 * Runs `work` in one transaction with PostgreSQL's JIT off: these statements are estimated expensive
 * (large generated expressions over generate_series), so the planner JIT-compiles them, which costs
 * seconds per chunk and saves nothing on a few thousand rows (measured: 5.1 s → 0.9 s per 25,000 users).
 */
function withoutJit<T>(database: Database, work: (rows: RowRunner) => Promise<T>): Promise<T> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL jit = off`);
    return work(rowsOf(tx));
  });
}

/** Reports, decisions, reversals and appeals of users lo..hi: three statements, in that order. */
export function insertModerationHistory(ctx: SeedContext, lo: number, hi: number) {
  return (database: Database): Promise<Record<string, number>> =>
    withoutJit(database, async (rows) => {
      const [first] = await rows<{ reports: number; moderation_actions: number }>(
        sql.raw(insertReportsAndDecisions(ctx, lo, hi)),
      );
      const [reversals] = await rows<{ moderation_actions: number }>(sql.raw(insertReversals(ctx, lo, hi)));
      const [appeals] = await rows<{ appeals: number }>(sql.raw(insertAppeals(ctx, lo, hi)));
      return {
        reports: first.reports,
        moderation_actions: first.moderation_actions + reversals.moderation_actions,
        appeals: appeals.appeals,
      };
    });
}

/**
 * The statements of reasons of the decisions on users lo..hi, built and validated in Node by the
 * same code as a live decision, and stored in one INSERT per chunk (dated with their decisions).
 */
export function insertStatementsOfReasons(ctx: SeedContext, lo: number, hi: number) {
  return (database: Database): Promise<Record<string, number>> =>
    withoutJit(database, async (rows) => {
      const subjectsOfChunk = sql.raw(
        `a.subject_user_id IN (SELECT ${userFacts(ctx).id} FROM generate_series(${lo}, ${hi}) AS i)`,
      );
      const planned = await planStatements(rows, subjectsOfChunk);
      return { statements_of_reasons: await storeStatements(rows, planned) };
    });
}
