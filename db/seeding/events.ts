import { anchor, pick, rand, type SeedContext } from "./random";
import { userFacts } from "./userFacts";
import { cities, eventTitles, eventTypes, hostNames } from "./vocabulary";

export const eventCount = (ctx: SeedContext) => Math.max(24, Math.round(ctx.users / 500));

/** Events from four months ago to two months ahead; 40 % free. */
export function insertEvents(ctx: SeedContext): string {
  const type = pick(ctx, eventTypes, "e", 90);
  const titleCase = eventTypes.map((t) => `WHEN '${t}' THEN '${eventTitles[t]}'`).join(" ");
  return `INSERT INTO events (id, title, description, type, start_time, end_time, capacity, price, host_name, video_url, created_at, updated_at)
SELECT md5('${ctx.seed}:e:' || e)::uuid, (CASE type ${titleCase} END) || ' — ' || city, 'A SaltBitter ' || replace(type, '_', ' ') || ' for singles in ' || city || '.',
  type, start_at, start_at + interval '30 minutes' * (2 + floor(${rand(ctx, "e", 92)} * 5)),
  ${pick(ctx, [10, 20, 30, 50, 100, 200], "e", 93)},
  CASE WHEN ${rand(ctx, "e", 94)} < 0.4 THEN 0 ELSE ${pick(ctx, [5, 10, 15, 25, 40], "e", 95)} END,
  ${pick(ctx, hostNames, "e", 96)}, 'https://events.saltbitter.example/e/' || e, announced_at, announced_at
FROM generate_series(1, ${eventCount(ctx)}) AS e
CROSS JOIN LATERAL (SELECT ${type} AS type, ${pick(
    ctx,
    cities.map((c) => c[0]),
    "e",
    97,
  )} AS city,
  date_trunc('hour', ${anchor(ctx)} + interval '1 day' * (${rand(ctx, "e", 91)} * 180 - 120)) + interval '18 hours' AS start_at) AS t
-- Announced 30 days ahead, or in the last two weeks for an event further out (never after now).
CROSS JOIN LATERAL (SELECT least(start_at - interval '30 days',
  date_trunc('hour', ${anchor(ctx)} - interval '1 hour' * (1 + floor(${rand(ctx, "e", 98)} * 336)))) AS announced_at) AS a`;
}

/**
 * Registrations fill up to 10–100 % of capacity (never more: consecutive distinct users); paid
 * events get one ticket payment per registration, inserted first so the registration can point to
 * it. A user registers between the event's announcement (or their sign-up, if later) and an hour
 * before it starts (or now): a user who signed up after that does not register.
 */
function registrationRows(ctx: SeedContext): string {
  const registrant = userFacts(ctx, "who.n");
  return `SELECT ev.id AS event_id, ev.start_time, ev.price, k, ${registrant.id} AS user_id,
  md5('${ctx.seed}:ep:' || e || ':' || k)::uuid AS payment_id,
  w.opens + (w.closes - w.opens) * ${rand(ctx, "e * 1000 + k", 101)} AS registered_at,
  CASE WHEN ev.start_time < ${anchor(ctx)} THEN
    CASE WHEN ${rand(ctx, "e * 1000 + k", 102)} < 0.75 THEN 'attended' WHEN ${rand(ctx, "e * 1000 + k", 102)} < 0.9 THEN 'no_show' ELSE 'canceled' END
  ELSE CASE WHEN ${rand(ctx, "e * 1000 + k", 102)} < 0.92 THEN 'registered' ELSE 'canceled' END END AS status
FROM generate_series(1, ${eventCount(ctx)}) AS e
JOIN events ev ON ev.id = md5('${ctx.seed}:e:' || e)::uuid
CROSS JOIN LATERAL generate_series(1, least(${ctx.users}, ceil(ev.capacity * (0.1 + 0.9 * ${rand(ctx, "e", 100)}))::int)) AS k
CROSS JOIN LATERAL (SELECT 1 + (e * 7919 + k) % ${ctx.users} AS n OFFSET 0) AS who
CROSS JOIN LATERAL (SELECT greatest(ev.created_at, ${registrant.createdAt}) AS opens,
  least(ev.start_time - interval '1 hour', ${anchor(ctx)}) AS closes OFFSET 0) AS w
WHERE w.opens <= w.closes`;
}

export function insertTicketPayments(ctx: SeedContext): string {
  return `INSERT INTO payments (id, user_id, amount, type, stripe_payment_id, status, created_at)
SELECT payment_id, user_id, price, 'event_ticket', 'pi_' || substr(md5(payment_id::text), 1, 20),
  CASE WHEN status = 'canceled' THEN 'refunded' ELSE 'succeeded' END, registered_at
FROM (${registrationRows(ctx)}) AS r WHERE price > 0`;
}

export function insertRegistrations(ctx: SeedContext): string {
  return `INSERT INTO event_registrations (id, event_id, user_id, status, payment_id, created_at, updated_at)
SELECT md5('${ctx.seed}:r:' || event_id || ':' || k)::uuid, event_id, user_id, status,
  CASE WHEN price > 0 THEN payment_id END, registered_at, registered_at
FROM (${registrationRows(ctx)}) AS r`;
}
