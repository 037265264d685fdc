import { sql } from "drizzle-orm";
import type { Database } from "../client";
import { messageKeyRing } from "../../server/crypto/keyRing";
import { encryptMessage, randomIvs } from "../../server/crypto/messageCipher";
import { anchor, rand, type SeedContext } from "./random";
import { userFacts } from "./userFacts";
import { messageLines } from "./vocabulary";

export const matchesPerUser = 2;

/**
 * Matches and their messages in one statement: the proposed matches are computed once, then
 * written to both tables (messages need nothing of a match that must be read back).
 *
 * Each user proposes `matchesPerUser` matches with distinct users ahead of them on a ring of all
 * users, at most ⌊(n−1)/2⌋ places on. From the other user the same pair is more than that many
 * places on, so every pair is proposed once: unique by construction, no ON CONFLICT needed (the
 * unique index on the pair still checks it).
 *
 * Messages only between matched users: 0–6 per match, alternating sender, before the anchor.
 * The statement writes the matches and answers the messages it plans, each with the index of its
 * line instead of the text: the content is encrypted in Node (no plaintext and no key ever reaches
 * the database) and inserted by `insertMatchesAndMessages` below.
 */
export function planMatchesAndMessages(ctx: SeedContext, lo: number, hi: number): string {
  const n = ctx.users;
  const reach = Math.floor((n - 1) / 2);
  const a = userFacts(ctx, "i");
  const b = userFacts(ctx, "j");
  const row = "i * 16 + k";
  const firstStep = `(1 + floor(${rand(ctx, "i * 16 + 1", 50)} * ${reach})::int)`;
  // The second partner: a different step, 1..reach, chosen uniformly among the others.
  const secondStep = `(1 + (${firstStep} + floor(${rand(ctx, "i * 16 + 2", 50)} * ${Math.max(reach - 1, 1)})::int) % ${reach})`;
  const message = "(p.row * 8 + mk)";
  return `WITH proposed AS MATERIALIZED (
SELECT ${row} AS row, md5('${ctx.seed}:m:' || i || ':' || k)::uuid AS id, ${a.id} AS user_a_id, ${b.id} AS user_b_id,
  CASE WHEN status = 'matched' THEN round((55 + 45 * score_roll)::numeric, 1)
       ELSE round((100 * score_roll)::numeric, 1) END::float8 AS score,
  status, c
FROM generate_series(${lo}, ${hi}) AS i CROSS JOIN generate_series(1, ${Math.min(matchesPerUser, reach)}) AS k
CROSS JOIN LATERAL (SELECT 1 + (i - 1 + CASE WHEN k = 1 THEN ${firstStep} ELSE ${secondStep} END) % ${n} AS j,
  ${rand(ctx, row, 51)} AS roll, ${rand(ctx, row, 52)} AS score_roll OFFSET 0) AS p
CROSS JOIN LATERAL (SELECT greatest(${a.createdAt}, ${b.createdAt}) AS since OFFSET 0) AS t
CROSS JOIN LATERAL (SELECT CASE WHEN roll < 0.25 THEN 'pending' WHEN roll < 0.40 THEN 'liked' WHEN roll < 0.60 THEN 'passed'
  WHEN roll < 0.93 THEN 'matched' ELSE 'unmatched' END AS status,
  since + (${anchor(ctx)} - since) * ${rand(ctx, row, 53)} * 0.5 AS c OFFSET 0) AS s
), matches_written AS (
INSERT INTO matches (id, user_a_id, user_b_id, compatibility_score, status, created_at, updated_at)
SELECT id, user_a_id, user_b_id, score, status, c, c FROM proposed RETURNING 1
), messages_planned AS (
SELECT md5('${ctx.seed}:msg:' || ${message})::uuid::text AS id,
  (CASE WHEN mk % 2 = 1 THEN p.user_a_id ELSE p.user_b_id END)::text AS from_user_id,
  (CASE WHEN mk % 2 = 1 THEN p.user_b_id ELSE p.user_a_id END)::text AS to_user_id,
  floor(${rand(ctx, message, 61)} * ${messageLines.length})::int AS line,
  -- Read within ten hours, or not yet if that would be after now.
  (CASE WHEN ${rand(ctx, message, 62)} < 0.8 AND r.opened <= ${anchor(ctx)} THEN r.opened END)::text AS read_at,
  sent::text AS sent_at
FROM proposed p
CROSS JOIN generate_series(1, 6) AS mk
CROSS JOIN LATERAL (SELECT p.c + (${anchor(ctx)} - p.c) * (mk / 8.0) AS sent) AS t
CROSS JOIN LATERAL (SELECT t.sent + interval '1 minute' * (1 + floor(${rand(ctx, message, 63)} * 600)) AS opened OFFSET 0) AS r
WHERE p.status = 'matched' AND mk <= floor(${rand(ctx, "p.row", 60)} * 7)
)
SELECT (SELECT count(*)::int FROM matches_written) AS matches, m.*
FROM (SELECT 1) AS one LEFT JOIN messages_planned m ON true`;
}

type PlannedMessage = {
  matches: number;
  /** Null on the one row of a chunk without messages (it still carries the match count). */
  id: string | null;
  from_user_id: string;
  to_user_id: string;
  line: number;
  read_at: string | null;
  sent_at: string;
};

/** Rows per INSERT of encrypted messages: one JSON parameter of a few MB. */
const messageBatch = 10_000;

/** Writes the chunk's matches, then its messages with their content encrypted (timestamps pass through as text, exact to the microsecond). */
export function insertMatchesAndMessages(ctx: SeedContext, lo: number, hi: number) {
  return async (database: Database): Promise<Record<string, number>> => {
    const planned = await database.rows<PlannedMessage>(sql.raw(planMatchesAndMessages(ctx, lo, hi)));
    const messages = planned.filter((m) => m.id !== null);
    const ring = messageKeyRing();
    for (let start = 0; start < messages.length; start += messageBatch) {
      const batch = messages.slice(start, start + messageBatch);
      const ivs = randomIvs(batch.length);
      const rows = batch.map((m, i) => ({
        id: m.id,
        f: m.from_user_id,
        t: m.to_user_id,
        c: encryptMessage(messageLines[Number(m.line)], m.id!, ring, ivs[i]),
        r: m.read_at,
        s: m.sent_at,
      }));
      await database.rows(sql`
        INSERT INTO messages (id, from_user_id, to_user_id, content, read_at, sent_at)
        SELECT id, f, t, c, r, s FROM json_to_recordset(${JSON.stringify(rows)}::json)
          AS v(id uuid, f uuid, t uuid, c text, r timestamptz, s timestamptz)`);
    }
    return { matches: Number(planned[0]?.matches ?? 0), messages: messages.length };
  };
}
