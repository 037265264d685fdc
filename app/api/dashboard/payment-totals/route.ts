import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { paymentTotals } from "@/server/dashboard/paymentTotals";
import { parseListQuery } from "@/server/resources/listParams";
import { registry } from "@/server/resources/registry";

export const dynamic = "force-dynamic";

/** Totals of the payments list's current filters (the same parameters as GET /api/resources/payments). */
export const GET = defineRoute(
  { resource: "payments", action: "list", query: z.record(z.string(), z.string()) },
  async (raw, { actor }) => {
    const { page: _page, pageSize: _pageSize, cursor: _cursor, ...filters } = raw;
    return paymentTotals(await getDatabase(), actor.role, parseListQuery(registry.payments, actor.role, filters));
  },
);
