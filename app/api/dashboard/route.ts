import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { dashboardMetrics, defaultDashboardPeriod, periodDays } from "@/server/dashboard/metrics";
import { maxDashboardPeriodDays as maxPeriodDays } from "@/lib/dashboardPeriod";

export const dynamic = "force-dynamic";

const day = z.iso.date("must be a date (YYYY-MM-DD)");

const query = z
  .object({ from: day.optional(), to: day.optional() })
  .transform(({ from, to }) => {
    const fallback = defaultDashboardPeriod();
    return { from: from ?? fallback.from, to: to ?? fallback.to };
  })
  .superRefine((period, ctx) => {
    if (period.from > period.to) ctx.addIssue({ code: "custom", path: ["from"], message: "must not be after to" });
    else if (periodDays(period) > maxPeriodDays)
      ctx.addIssue({ code: "custom", path: ["from"], message: `the period is at most ${maxPeriodDays} days` });
  });

/** The home screen's KPIs for a period (default: the last 30 days). */
export const GET = defineRoute({ resource: "dashboard", action: "list", query }, async (period) =>
  dashboardMetrics(await getDatabase(), period),
);
