import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { auditLogFacets } from "@/server/compliance/auditLog";

export const dynamic = "force-dynamic";

/** Action types and staff for the explorer's filter pickers (not logged: no data subject's data). */
export const GET = defineRoute({ resource: "compliance_views", action: "list", query: z.object({}) }, async () =>
  auditLogFacets(await getDatabase()),
);
