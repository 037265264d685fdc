import { getDatabase } from "@/db/client";
import { appendAudit } from "@/server/audit/appendAudit";
import { defineRoute } from "@/server/http";
import {
  exportFileName,
  statementLines,
  statementPeriod,
  type ExportCounts,
} from "@/server/moderation/statements/exportStatements";

export const dynamic = "force-dynamic";

/**
 * The statements of reasons of a period (?since=YYYY-MM-DD[&until=YYYY-MM-DD]) as JSON Lines, one
 * request body for the DSA Transparency Database's multiple-statements endpoint per line (at most
 * 100 statements each), streamed at constant memory. Audited once the last line is out (period and
 * counts); if that audit cannot be written the download fails, so no export goes unrecorded.
 */
export const GET = defineRoute(
  { resource: "statements_of_reasons", action: "export", query: statementPeriod },
  async (period, { actor }) => {
    const database = await getDatabase();
    const counts: ExportCounts = { statements: 0, lines: 0 };
    const lines = statementLines(database, period, counts);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next();
        if (!next.done) return controller.enqueue(encoder.encode(next.value));
        await appendAudit(database.db, actor, {
          resource: "statements_of_reasons",
          action: "export",
          framework: "dsa",
          details: { since: period.since, until: period.until ?? null, ...counts, format: "jsonl" },
        });
        controller.close();
      },
      async cancel() {
        await lines.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        "Content-Type": "application/x-ndjson; charset=utf-8",
        "Content-Disposition": `attachment; filename="${exportFileName(period)}"`,
        "Cache-Control": "no-store",
      },
    });
  },
);
