import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { findManifest } from "@/server/compliance/export";

export const dynamic = "force-dynamic";

/** The manifest of a finished export, read back from the audit trail where it was logged. */
export const GET = defineRoute(
  {
    resource: "audit_export",
    action: "export",
    query: z.object({ exportId: z.guid("exportId must be an export id") }),
  },
  async ({ exportId }) => {
    const manifest = await findManifest(await getDatabase(), exportId);
    if (!manifest)
      return Response.json(
        { error: { code: "not_found", message: "No finished export has this id" } },
        { status: 404 },
      );
    return new Response(JSON.stringify(manifest, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${manifest.fileName}.manifest.json"`,
      },
    });
  },
);
