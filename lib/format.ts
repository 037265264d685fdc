/**
 * The one place dates, times and money are written for people. Times in the staff member's own
 * locale and time zone (the browser's), with the exact UTC instant for evidence on hover; money
 * with its currency (payments are in USD: the schema's `amount` is "Payment amount in USD").
 */
export const paymentCurrency = "USD";

const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/;

/** A Date from an ISO string or a date-only string (taken as UTC midnight); null when unparsable. */
export function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const date =
    value instanceof Date
      ? value
      : new Date(typeof value === "string" && !hasZone.test(value) && value.includes("T") ? `${value}Z` : value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** "2 Dec 2026, 14:05" in the reader's locale and zone. */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  const date = toDate(value);
  return date ? dateTime.format(date) : "—";
}

/** "2 Dec 2026" in the reader's locale and zone. */
export function formatDate(value: string | number | Date | null | undefined): string {
  const date = toDate(value);
  return date ? dateOnly.format(date) : "—";
}

const calendarDay = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });
const dayOnly = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a value is a calendar day ("1990-05-03", a birth date), not an instant. */
export const isCalendarDay = (value: unknown): value is string => typeof value === "string" && dayOnly.test(value);

/** A calendar day as written ("3 May 1990"): the same day in every time zone, never shifted. */
export function formatCalendarDay(value: string): string {
  const date = toDate(value);
  return date ? calendarDay.format(date) : "—";
}

/** The exact instant, for evidence: "2026-12-02 13:05:09.123 UTC". */
export function formatUtc(value: string | number | Date | null | undefined): string {
  const date = toDate(value);
  return date ? `${date.toISOString().replace("T", " ").replace("Z", "")} UTC` : "";
}

const money = new Map<string, Intl.NumberFormat>();

/** "$1,234.50" (in the reader's locale), never rounded beyond the cent. */
export function formatMoney(amount: number | string | null | undefined, currency = paymentCurrency): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  let format = money.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: "currency", currency, minimumFractionDigits: 2 });
    money.set(currency, format);
  }
  return format.format(Number(amount));
}

/** 12,345 in the reader's locale. */
export const formatCount = (n: number) => n.toLocaleString();
