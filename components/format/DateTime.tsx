import { formatDate, formatDateTime, formatUtc, toDate } from "@/lib/format";

/**
 * A point in time as people read it (their locale and time zone), the exact UTC instant on hover
 * and in the machine-readable `dateTime`. Rendered on the server in the server's zone, then in the
 * reader's: the hydration warning for that text is expected.
 */
export function DateTime({ value, dateOnly = false }: { value: string | Date | null | undefined; dateOnly?: boolean }) {
  const utc = formatUtc(value);
  if (!utc) return <span>—</span>;
  return (
    <time dateTime={toDate(value)?.toISOString()} title={utc} suppressHydrationWarning>
      {dateOnly ? formatDate(value) : formatDateTime(value)}
    </time>
  );
}
