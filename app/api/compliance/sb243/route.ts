import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { logRead } from "@/server/compliance/readLog";
import { sb243Counts, sb243Csv } from "@/server/compliance/sb243";

export const dynamic = "force-dynamic";

/** SB 243 yearly counts, as JSON or as a CSV with no user identifier. */
export const GET = defineRoute(
  {
    resource: "compliance_views",
    action: "list",
    query: z.object({ format: z.enum(["json", "csv"]).default("json") }),
  },
  async ({ format }, { actor, request }) => {
    const counts = await sb243Counts(await getDatabase());
    await logRead({ actor, request }, "sb243", { format }, "sb_243");
    if (format === "json") return { counts };
    return new Response(sb243Csv(counts), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="sb243-counts.csv"',
      },
    });
  },
);
