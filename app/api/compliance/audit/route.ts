import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { listAuditLog } from "@/server/compliance/auditLog";
import { auditLogFilters } from "@/server/compliance/filters";
import { logRead } from "@/server/compliance/readLog";
import { peopleById } from "@/server/people/peopleById";

export const dynamic = "force-dynamic";

const query = auditLogFilters.extend({
  before: z.coerce.number().int().positive("before must be a sequence number").optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** The compliance log explorer's page: newest first, keyset on seq. */
export const GET = defineRoute(
  { resource: "compliance_views", action: "list", query },
  async ({ before, limit, ...filters }, { actor, request }) => {
    const database = await getDatabase();
    const page = await listAuditLog(database, filters, before, limit);
    // Reading the audit log filtered to one framework concerns that framework.
    await logRead({ actor, request }, "audit_log", { ...filters, before }, filters.framework ?? "gdpr");
    const userIds = page.rows.flatMap((row) => (row.user_id ? [row.user_id] : []));
    return { ...page, people: await peopleById(database, actor.role, userIds) };
  },
);
