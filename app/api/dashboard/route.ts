import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { dashboardMetrics } from "@/server/dashboard/metrics";

export const dynamic = "force-dynamic";

/** The home screen's KPIs. */
export const GET = defineRoute({ resource: "dashboard", action: "list", query: z.object({}) }, async () =>
  dashboardMetrics(await getDatabase()),
);
