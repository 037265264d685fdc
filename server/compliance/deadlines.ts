// No `import "server-only"`: pure date arithmetic, also used by tests and scripts outside Next.js.
import fs from "node:fs";
import type { DsrRegime, DsrType } from "@/db/schema/compliance";

/**
 * Due dates of data-subject requests, counted as the law counts them, in one fixed time zone
 * (COMPLIANCE_TIMEZONE, default UTC), never the database session's:
 *
 * - GDPR Art. 12(3): one month from receipt, extendable by two further months. Periods follow
 *   Regulation (EEC, Euratom) No 1182/71: the day of receipt is not counted (Art. 3(1)); a period
 *   in months ends with the expiry of the last hour of the day of the last month with the same
 *   date as the day of receipt, or of that month's last day when it has no such date (Art.
 *   3(2)(c)); when that last day is a Saturday, Sunday or public holiday, the period ends with the
 *   expiry of the last hour of the following working day (Art. 3(4)).
 * - CCPA (Cal. Civ. Code § 1798.130(a)(2); regs § 7021): 45 calendar days, extendable once by 45
 *   more; a request to opt out of sale or sharing within 15 business days (regs § 7026(f)), not
 *   extendable.
 *
 * Public holidays come from COMPLIANCE_HOLIDAYS_FILE (a JSON array of "YYYY-MM-DD"; none by
 * default; docs/holidays/eu-institutions-2026.json is an example).
 */
export interface DeadlineCalendar {
  zone: string;
  holidays: ReadonlySet<string>;
}

export interface DeadlineRule {
  label: string;
  extendable: boolean;
}

/** A calendar day, independent of any zone. */
interface Day {
  y: number;
  m: number; // 1–12
  d: number;
}

export class DeadlineConfigError extends Error {}

export function deadlineCalendar(env: Record<string, string | undefined> = process.env): DeadlineCalendar {
  const zone = env.COMPLIANCE_TIMEZONE || "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw new DeadlineConfigError(`COMPLIANCE_TIMEZONE "${zone}" is not an IANA time zone (e.g. UTC, Europe/Berlin)`);
  }
  const file = env.COMPLIANCE_HOLIDAYS_FILE;
  if (!file) return { zone, holidays: new Set() };
  let dates: unknown;
  try {
    dates = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new DeadlineConfigError(`COMPLIANCE_HOLIDAYS_FILE ${file}: ${(error as Error).message}`);
  }
  const list = Array.isArray(dates) ? dates : (dates as { holidays?: unknown })?.holidays;
  if (!Array.isArray(list) || !list.every((d) => typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d)))
    throw new DeadlineConfigError(`COMPLIANCE_HOLIDAYS_FILE ${file}: expected a JSON array of "YYYY-MM-DD" dates`);
  return { zone, holidays: new Set(list as string[]) };
}

const pad = (n: number) => String(n).padStart(2, "0");
export const dayText = ({ y, m, d }: Day) => `${y}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const weekday = ({ y, m, d }: Day) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();
const addDays = ({ y, m, d }: Day, n: number): Day => {
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};

/** The same date n months later, or that month's last day when it has no such date (Art. 3(2)(c)). */
function addMonths({ y, m, d }: Day, n: number): Day {
  const index = m - 1 + n;
  const year = y + Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { y: year, m: month, d: Math.min(d, daysInMonth(year, month)) };
}

const isWorkingDay = (day: Day, calendar: DeadlineCalendar) =>
  weekday(day) !== 0 && weekday(day) !== 6 && !calendar.holidays.has(dayText(day));

/** The calendar day an instant falls on in the zone. */
export function dayIn(instant: Date, zone: string): Day {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(instant)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day) };
}

/** The zone's offset from UTC at an instant, in minutes. */
function offsetMinutes(instant: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  })
    .formatToParts(instant)
    .reduce<Record<string, number>>(
      (acc, p) => (p.type === "literal" ? acc : { ...acc, [p.type]: Number(p.value) }),
      {},
    );
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a local midnight happens in the zone (correct across DST changes). */
function startOfDay(day: Day, zone: string): Date {
  const naive = Date.UTC(day.y, day.m - 1, day.d);
  let instant = naive - offsetMinutes(new Date(naive), zone) * 60_000;
  instant = naive - offsetMinutes(new Date(instant), zone) * 60_000;
  return new Date(instant);
}

/** "The expiry of the last hour" of a day: the last millisecond before the next day starts. */
const endOfDay = (day: Day, zone: string) => new Date(startOfDay(addDays(day, 1), zone).getTime() - 1);

/** The last day moves to the following working day when it is not one (Art. 3(4)). */
function nextWorkingDayFrom(day: Day, calendar: DeadlineCalendar): Day {
  let current = day;
  while (!isWorkingDay(current, calendar)) current = addDays(current, 1);
  return current;
}

const isOptOut = (regime: DsrRegime, type: DsrType) => regime === "ccpa" && type === "opt_out";

export function deadlineRule(regime: DsrRegime, type: DsrType): DeadlineRule {
  if (regime === "gdpr") return { label: "GDPR: 1 month, extendable by 2 months with a reason", extendable: true };
  if (isOptOut(regime, type))
    return { label: "CCPA opt-out of sale or sharing: 15 business days, not extendable", extendable: false };
  return { label: "CCPA: 45 days, extendable by 45 days with a reason", extendable: true };
}

/** When a request received at `receivedAt` is due (extended: after its one extension). */
export function dueAt(
  regime: DsrRegime,
  type: DsrType,
  receivedAt: Date,
  extended: boolean,
  calendar: DeadlineCalendar = deadlineCalendar(),
): Date {
  const received = dayIn(receivedAt, calendar.zone);
  if (regime === "gdpr") {
    const last = addMonths(received, extended ? 3 : 1);
    return endOfDay(nextWorkingDayFrom(last, calendar), calendar.zone);
  }
  if (isOptOut(regime, type)) {
    let day = received;
    for (let counted = 0; counted < 15;) {
      day = addDays(day, 1);
      if (isWorkingDay(day, calendar)) counted++;
    }
    return endOfDay(day, calendar.zone);
  }
  return endOfDay(addDays(received, extended ? 90 : 45), calendar.zone);
}
