import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { findManifest } from "@/server/compliance/export";
import { prepareExportProofs } from "@/server/compliance/exportProofs";
import { auditLogFilters } from "@/server/compliance/filters";

export const dynamic = "force-dynamic";

const query = z.object({ exportId: z.guid("exportId must be an export id") }).passthrough();

/**
 * The membership proofs of a finished compliance_logs export (docs/audit-format.md §8), given the
 * export's id and the same filters it was made with. Streams JSON Lines.
 */
export const GET = defineRoute({ resource: "audit_export", action: "export", query }, async ({ exportId, ...rest }) => {
  const filters = auditLogFilters.safeParse(rest);
  if (!filters.success) {
    const message = filters.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    return Response.json({ error: { code: "invalid", message } }, { status: 400 });
  }
  const database = await getDatabase();
  const manifest = await findManifest(database, exportId);
  if (!manifest)
    return Response.json({ error: { code: "not_found", message: "No finished export has this id" } }, { status: 404 });
  const proofs = await prepareExportProofs(database, manifest, filters.data);
  if (!proofs.ok) return Response.json({ error: { code: "invalid", message: proofs.message } }, { status: 409 });
  // The first line is computed before answering, so a database that no longer matches its signed
  // checkpoints is an error response rather than a cut-off download.
  const first = await proofs.lines.next();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      const next = first.done ? first : await proofs.lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await proofs.lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="${proofs.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
});
