import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute, statusOf } from "../http";
import { matchOfMessage, readConversation } from "./conversation";

// Decrypted messages must not sit in a browser or proxy cache.
const noStore = { "Cache-Control": "no-store" };

/**
 * POST /api/conversations/:matchId with `{ "reason": "…" }`: a POST, not a GET, so the reason (which
 * may name a report or a person) stays out of URLs, browser history and access logs. Each successful
 * call is one opening, audited once.
 */
export async function conversationRoute(request: Request, context: { params: Promise<{ matchId: string }> }) {
  const { matchId } = await context.params;
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    body = undefined;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    const error = {
      code: "invalid",
      message: 'reason: is required (send a JSON object { "reason": "…" })',
      fieldErrors: { reason: "is required: say why you need to read these messages" },
    };
    return NextResponse.json({ error }, { status: 400, headers: noStore });
  }
  const result = await readConversation({ ...body, matchId });
  if (result.ok) return NextResponse.json({ data: result.data }, { headers: noStore });
  return NextResponse.json({ error: result.error }, { status: statusOf[result.error.code], headers: noStore });
}

/** GET /api/conversations?message=<id>: the match whose conversation holds a message (ids only, no content). */
export const conversationOfMessageRoute = defineRoute(
  { resource: "messages", action: "show", query: z.object({ message: z.guid("must be a message id") }).strict() },
  async ({ message }) => {
    const matchId = await matchOfMessage(await getDatabase(), message);
    if (!matchId) {
      return NextResponse.json(
        {
          error: {
            code: "not_found",
            message: "This message belongs to no match.",
            fieldErrors: { message: "has no match" },
          },
        },
        { status: 404 },
      );
    }
    return { matchId };
  },
);
