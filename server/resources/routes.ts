import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/db/client";
import { currentActor } from "../auth/actor";
import { defineRoute } from "../http";
import { readDatabaseFor } from "../readRouting";
import { auditExport, csvStream } from "./exportCsv";
import { showRecord } from "./getRecord";
import { parseListQuery } from "./listParams";
import { listRecords } from "./listQuery";
import { isResourceName, registry } from "./registry";

/**
 * The route handlers behind app/api/resources and app/api/exports: one set for all twelve resources.
 * Their reads go to the replica when there is one (server/readRouting.ts); the export's audit row to the primary.
 */
type Params<T> = { params: Promise<T> };
const params = z.record(z.string(), z.string());
/** Unknown resource: 404, but only to a signed-in caller (the session is always checked first). */
const unknownResource = async (name: string) =>
  (await currentActor())
    ? NextResponse.json({ error: { code: "not_found", message: `Unknown resource: ${name}` } }, { status: 404 })
    : NextResponse.json({ error: { code: "unauthenticated", message: "Please sign in." } }, { status: 401 });

export async function listRoute(request: Request, { params: p }: Params<{ resource: string }>): Promise<Response> {
  const { resource } = await p;
  if (!isResourceName(resource)) return unknownResource(resource);
  const def = registry[resource];
  return defineRoute({ resource, action: "list", query: params }, async (raw, { actor, request }) =>
    listRecords(await readDatabaseFor(request), def, actor.role, parseListQuery(def, actor.role, raw)),
  )(request);
}

export async function showRoute(
  request: Request,
  { params: p }: Params<{ resource: string; id: string }>,
): Promise<Response> {
  const { resource, id } = await p;
  if (!isResourceName(resource)) return unknownResource(resource);
  const def = registry[resource];
  const query = z.object({ include: z.enum(["related"]).optional() });
  return defineRoute({ resource, action: "show", query }, async ({ include }, { actor, request }) =>
    showRecord(await readDatabaseFor(request), def, actor.role, id, include),
  )(request);
}

export async function exportRoute(request: Request, { params: p }: Params<{ resource: string }>): Promise<Response> {
  const { resource } = await p;
  if (!isResourceName(resource)) return unknownResource(resource);
  const def = registry[resource];
  return defineRoute({ resource, action: "export", query: params }, async (raw, { actor, request }) => {
    const query = parseListQuery(def, actor.role, raw);
    const { cursor: _cursor, page: _page, pageSize: _pageSize, ...filters } = raw;
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
    const [reads, primary] = await Promise.all([readDatabaseFor(request), getDatabase()]);
    const audit = (rowCount: number) => auditExport(primary, def, actor, filters, rowCount);
    return new Response(csvStream(reads, def, actor, query, filters, audit), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${resource}-${stamp}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  })(request);
}
