import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { auditLogFacets } from "@/server/compliance/auditLog";
import { logRead } from "@/server/compliance/readLog";

export const dynamic = "force-dynamic";

/** Action types and staff for the explorer's filter pickers. */
export const GET = defineRoute(
  { resource: "compliance_views", action: "list", query: z.object({}) },
  async (_query, { actor }) => {
    const facets = await auditLogFacets(await getDatabase());
    await logRead(actor, "audit_log_facets", {});
    return facets;
  },
);
