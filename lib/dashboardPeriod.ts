/**
 * The longest dashboard period, in days (whole UTC days, both ends included): GET /api/dashboard
 * refuses a longer ?from&to, and the screen's picker does not offer one.
 */
export const maxDashboardPeriodDays = 366;

/** The figures' URL for the screen's ?from&to (as given, validated by the route): the screen's query key. */
export function dashboardUrl(from: string | null, to: string | null): string {
  const params = new URLSearchParams();
  if (from !== null) params.set("from", from);
  if (to !== null) params.set("to", to);
  return `/api/dashboard${params.size ? `?${params}` : ""}`;
}
