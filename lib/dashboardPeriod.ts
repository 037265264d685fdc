/**
 * The longest dashboard period, in days (whole UTC days, both ends included): GET /api/dashboard
 * refuses a longer ?from&to, and the screen's picker does not offer one.
 */
export const maxDashboardPeriodDays = 366;
