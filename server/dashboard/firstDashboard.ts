import "server-only";
import { currentActor } from "../auth/actor";
import { can } from "../auth/permissions";
import { readDatabaseFor } from "../readRouting";
import { dashboardMetrics, type DashboardMetrics } from "./metrics";
import { dashboardPeriodQuery } from "./period";
import { dashboardUrl } from "@/lib/dashboardPeriod";

/** The dashboard's figures as the server rendered them, for exactly this request URL. */
export interface FirstDashboard {
  url: string;
  metrics: DashboardMetrics;
}

/**
 * The figures read while the server renders the home screen, so they arrive with the HTML instead
 * of after hydration and a round trip. The same checks and query as GET /api/dashboard; anything it
 * refuses (no session, no access, a refused period) yields null and the screen asks the route,
 * which reports the error where it is fixed (the period picker).
 */
export async function firstDashboard(
  searchParams: Record<string, string | string[] | undefined>,
): Promise<FirstDashboard | null> {
  const actor = await currentActor();
  if (!actor || !can(actor.role, "list", "dashboard")) return null;
  const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const from = one(searchParams.from);
  const to = one(searchParams.to);
  const period = dashboardPeriodQuery.safeParse({ from, to });
  if (!period.success) return null;
  try {
    const metrics = await dashboardMetrics(await readDatabaseFor(), period.data);
    // As the route would send it (dates as ISO text).
    return {
      url: dashboardUrl(from ?? null, to ?? null),
      metrics: JSON.parse(JSON.stringify(metrics)) as DashboardMetrics,
    };
  } catch {
    return null;
  }
}
