import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { appendAudit } from "@/server/audit/appendAudit";
import { getRequest } from "@/server/compliance/requests";
import { subjectData } from "@/server/compliance/subjectData";
import { sequenceAuditChain } from "@/server/audit/sequencer";

export const dynamic = "force-dynamic";

/** Access/portability: the user's data as one JSON document, for a verified access or portability request. */
export const GET = defineRoute(
  { resource: "data_subject_requests", action: "export", query: z.object({ id: z.guid("id must be a request id") }) },
  async ({ id }, { actor }) => {
    const database = await getDatabase();
    const request = await getRequest(database, id);
    if (!request) return Response.json({ error: { code: "not_found", message: "No such request" } }, { status: 404 });
    if (!["access", "portability"].includes(request.request_type) || ["received", "denied"].includes(request.status)) {
      return Response.json(
        { error: { code: "conflict", message: "Only a verified access or portability request can be fulfilled." } },
        { status: 409 },
      );
    }
    // The audit rows with their chain positions (a row still unsequenced is listed last, with seq 0).
    await sequenceAuditChain(database);
    const document = await subjectData(database, request.user_id);
    await appendAudit(database.db, actor, {
      resource: "data_subject_requests",
      action: "export",
      recordId: id,
      userId: request.user_id,
      framework: request.regime === "ccpa" ? "ccpa" : "gdpr",
      details: { tables: Object.fromEntries(Object.entries(document.tables).map(([t, rows]) => [t, rows.length])) },
    });
    return new Response(JSON.stringify(document, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="subject-data-${request.user_id}.json"`,
      },
    });
  },
);
