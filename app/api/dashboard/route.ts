import { defineRoute } from "@/server/http";
import { readDatabaseFor } from "@/server/readRouting";
import { dashboardMetrics } from "@/server/dashboard/metrics";
import { dashboardPeriodQuery } from "@/server/dashboard/period";

export const dynamic = "force-dynamic";

/** The home screen's KPIs for a period (default: the last 30 days). */
export const GET = defineRoute(
  { resource: "dashboard", action: "list", query: dashboardPeriodQuery },
  async (period, { request }) => dashboardMetrics(await readDatabaseFor(request), period),
);
