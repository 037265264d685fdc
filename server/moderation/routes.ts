import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "../http";
import { panelData } from "./panel";
import { queuePage, queueQuery } from "./queue";

// Reports name people and quote their words: not for a browser or proxy cache.
const noStore = { "Cache-Control": "no-store" };

type Params<T> = { params: Promise<T> };

/** GET /api/moderation/queue?tab=&category=&source=&age=&assignee=&page=&pageSize=: one page of a tab. */
export const queueRoute = defineRoute(
  { resource: "reports", action: "list", query: queueQuery },
  async (query, { actor }) =>
    NextResponse.json(await queuePage(await getDatabase(), { staffId: actor.staffId, role: actor.role }, query), {
      headers: noStore,
    }),
);

const userId = z.guid("must be an account id");

/** GET /api/moderation/subjects/:userId: the take-action panel's data (subject and whole history). */
export async function subjectRoute(request: Request, { params }: Params<{ userId: string }>): Promise<Response> {
  const { userId: raw } = await params;
  return defineRoute({ resource: "reports", action: "show", query: z.strictObject({}) }, async (_query, { actor }) => {
    const parsed = userId.safeParse(raw);
    const notFound = () =>
      NextResponse.json(
        {
          error: {
            code: "not_found",
            message: `No account with id ${raw.slice(0, 64)}.`,
            fieldErrors: { userId: "no such account" },
          },
        },
        { status: 404 },
      );
    if (!parsed.success) return notFound();
    const data = await panelData(await getDatabase(), actor.role, parsed.data);
    return data ? NextResponse.json({ data }, { headers: noStore }) : notFound();
  })(request);
}
