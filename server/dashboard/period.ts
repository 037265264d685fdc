import "server-only";
import { z } from "zod";
import { maxDashboardPeriodDays } from "@/lib/dashboardPeriod";
import { defaultDashboardPeriod, periodDays } from "./metrics";

const day = z.iso.date("must be a date (YYYY-MM-DD)");

/** The dashboard's ?from&to: both days optional (default the last 30 days), at most a year, in order. */
export const dashboardPeriodQuery = z
  .object({ from: day.optional(), to: day.optional() })
  .transform(({ from, to }) => {
    const fallback = defaultDashboardPeriod();
    return { from: from ?? fallback.from, to: to ?? fallback.to };
  })
  .superRefine((period, ctx) => {
    if (period.from > period.to) ctx.addIssue({ code: "custom", path: ["from"], message: "must not be after to" });
    else if (periodDays(period) > maxDashboardPeriodDays)
      ctx.addIssue({ code: "custom", path: ["from"], message: `the period is at most ${maxDashboardPeriodDays} days` });
  });
