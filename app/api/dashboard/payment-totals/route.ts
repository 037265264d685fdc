import { z } from "zod";
import { defineRoute } from "@/server/http";
import { readDatabaseFor } from "@/server/readRouting";
import { paymentTotals } from "@/server/dashboard/paymentTotals";
import { parseListQuery } from "@/server/resources/listParams";
import { registry } from "@/server/resources/registry";

export const dynamic = "force-dynamic";

/** Totals of the payments list's current filters (the same parameters as GET /api/resources/payments). */
export const GET = defineRoute(
  { resource: "payments", action: "list", query: z.record(z.string(), z.string()) },
  async (raw, { actor, request }) => {
    const { page: _page, pageSize: _pageSize, cursor: _cursor, ...filters } = raw;
    return paymentTotals(
      await readDatabaseFor(request),
      actor.role,
      parseListQuery(registry.payments, actor.role, filters),
    );
  },
);
