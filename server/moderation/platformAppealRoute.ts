import "server-only";
import crypto from "node:crypto";
import { NextResponse } from "next/server";
import { getDatabase } from "@/db/client";
import { fieldErrorsOf } from "../actions/defineAction";
import { toActionError } from "../errors";
import { statusOf } from "../http";
import { logServerError } from "../logging";
import { unstorablePath, UNSTORABLE_TEXT } from "../storableText";
import { apiAppealInput, recordPlatformAppeal } from "./appeals";

/**
 * POST /api/moderation/appeals: the platform files a user's appeal (DSA Art. 20) on their behalf.
 *
 * Authentication: `Authorization: Bearer <MODERATION_API_TOKEN>`, a shared secret of at least 32
 * characters set in the back office's environment and the platform's. The token is compared in
 * constant time (SHA-256 digests through crypto.timingSafeEqual, so neither its length nor a prefix
 * leaks through timing). Without a configured token the route is closed (503), never open.
 * No staff session is involved: the appeal's channel is `api` and its audit row names no staff member.
 *
 * Body: { "actionId": uuid } or { "puid": "<statement puid>" }, plus "appellantText" and optionally
 * "receivedAt". Answers 201 { data: { id, dueAt, actionId } }, 400 naming the field, 401, 404 for an
 * unknown decision, 409 when the decision is already appealed.
 */
export const minimumTokenLength = 32;

const digest = (value: string) => crypto.createHash("sha256").update(value, "utf8").digest();

/** True when the request carries the configured token. */
export function platformAuthorized(request: Request, configured = process.env.MODERATION_API_TOKEN): boolean {
  if (!configured || configured.length < minimumTokenLength) return false;
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return crypto.timingSafeEqual(digest(match?.[1] ?? ""), digest(configured)) && Boolean(match);
}

const noStore = { "Cache-Control": "no-store" };
const failure = (status: number, code: string, message: string, fieldErrors?: Record<string, string>) =>
  NextResponse.json(
    { error: { code, message, ...(fieldErrors ? { fieldErrors } : {}) } },
    { status, headers: noStore },
  );

export async function platformAppealRoute(request: Request): Promise<Response> {
  const configured = process.env.MODERATION_API_TOKEN;
  if (!configured || configured.length < minimumTokenLength) {
    return failure(503, "unavailable", "Appeals through the API are not configured (MODERATION_API_TOKEN).");
  }
  if (!platformAuthorized(request, configured)) {
    const response = failure(401, "unauthenticated", "A valid bearer token is required.");
    response.headers.set("WWW-Authenticate", 'Bearer realm="moderation"');
    return response;
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return failure(400, "invalid", "The body must be a JSON object.");
  }
  const unstorable = unstorablePath(body);
  if (unstorable !== null) return failure(400, "invalid", UNSTORABLE_TEXT, { [unstorable]: UNSTORABLE_TEXT });
  const parsed = apiAppealInput.safeParse(body);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    const message = Object.entries(fieldErrors)
      .map(([field, problem]) => `${field}: ${problem}`)
      .join("; ");
    return failure(400, "invalid", message, fieldErrors);
  }
  try {
    const { db } = await getDatabase();
    const data = await db.transaction((tx) => recordPlatformAppeal(tx, parsed.data));
    return NextResponse.json({ data }, { status: 201, headers: noStore });
  } catch (error) {
    const mapped = toActionError(error);
    if (mapped.code === "internal") logServerError("[route appeals.api]", error);
    // A violated appeal rule is a conflict with what is recorded (already appealed, not appealable).
    const status = mapped.code === "invalid" && mapped.fieldErrors?.actionId ? 409 : statusOf[mapped.code];
    return failure(status, mapped.code, mapped.message, mapped.fieldErrors);
  }
}
