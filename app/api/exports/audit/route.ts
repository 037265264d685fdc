import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { prepareExport } from "@/server/compliance/export";
import { auditLogFilters, consentLogFilters } from "@/server/compliance/filters";

export const dynamic = "force-dynamic";

const query = z
  .object({ source: z.enum(["compliance_logs", "consent_logs"]), format: z.enum(["csv", "jsonl"]) })
  .passthrough();

/**
 * Streams an audit-trail export at constant memory (COPY on PostgreSQL, keyset batches on PGlite).
 * Headers carry the export id (for its manifest) and the expected row count (for progress).
 */
export const GET = defineRoute(
  { resource: "audit_export", action: "export", query },
  async ({ source, format, ...rest }, { actor }) => {
    const parsed = source === "compliance_logs" ? auditLogFilters.safeParse(rest) : consentLogFilters.safeParse(rest);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      return Response.json({ error: { code: "invalid", message } }, { status: 400 });
    }
    const database = await getDatabase();
    const prepared =
      source === "compliance_logs"
        ? await prepareExport(database, actor, {
            source,
            format,
            filters: parsed.data as z.output<typeof auditLogFilters>,
          })
        : await prepareExport(database, actor, {
            source,
            format,
            filters: parsed.data as z.output<typeof consentLogFilters>,
          });
    return new Response(prepared.body, {
      headers: {
        "Content-Type": prepared.contentType,
        "Content-Disposition": `attachment; filename="${prepared.fileName}"`,
        "Cache-Control": "no-store",
        "X-Export-Id": prepared.exportId,
        "X-Expected-Rows": String(prepared.expectedRows),
        "X-File-Name": prepared.fileName,
      },
    });
  },
);
