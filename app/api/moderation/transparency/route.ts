import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { transparencyCsv, transparencyQuery, transparencyReport } from "@/server/moderation/transparency";

export const dynamic = "force-dynamic";

/**
 * The transparency report's aggregates for a period (?since&until, default the last 90 days), as
 * JSON or as a CSV download (?format=csv). Figures only, so analysts may read it too.
 */
export const GET = defineRoute(
  { resource: "transparency_report", action: "list", query: transparencyQuery },
  async ({ since, until, format }) => {
    const report = await transparencyReport(await getDatabase(), { since, until });
    if (format === "json") return report;
    return new Response(transparencyCsv(report), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="transparency-${since}-to-${until}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  },
);
