import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { currentActor, type StaffActor } from "./auth/actor";
import { can, type Action, type Resource } from "./auth/permissions";
import { fieldErrorsOf } from "./actions/defineAction";
import { DomainError, toActionError, type ErrorCode, type FieldErrors } from "./errors";
import { logServerError } from "./logging";
import { isStorableText, UNSTORABLE_TEXT } from "./storableText";

/** The HTTP status of each error code, for every route that answers with an ActionError. */
export const statusOf: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  invalid: 400,
  conflict: 409,
  not_found: 404,
  internal: 500,
};

const invalid = (fieldErrors: FieldErrors) => {
  const message = Object.entries(fieldErrors)
    .map(([field, problem]) => `${field}: ${problem}`)
    .join("; ");
  return NextResponse.json({ error: { code: "invalid", message, fieldErrors } }, { status: 400 });
};

/**
 * The query string as name → value, or the parameters whose text cannot be stored: percent-
 * encoding that is not UTF-8 (URLSearchParams would quietly turn it into U+FFFD), a NUL byte or
 * an unpaired surrogate. Checked here once for every route, before any schema or query sees it.
 */
export function queryParams(url: URL): { params: Record<string, string> } | { fieldErrors: FieldErrors } {
  const fieldErrors: FieldErrors = {};
  for (const pair of url.search.slice(1).split("&")) {
    if (!pair) continue;
    const [rawName, rawValue = ""] = pair.split(/=(.*)/s, 2);
    const decode = (text: string) => {
      try {
        return decodeURIComponent(text.replace(/\+/g, " "));
      } catch {
        return null;
      }
    };
    const name = decode(rawName);
    const value = decode(rawValue);
    const label = name !== null && isStorableText(name) ? name : rawName.slice(0, 64);
    if (name === null || value === null || !isStorableText(name) || !isStorableText(value)) {
      fieldErrors[label] = UNSTORABLE_TEXT;
    }
  }
  if (Object.keys(fieldErrors).length) return { fieldErrors };
  return { params: Object.fromEntries(url.searchParams) };
}

/**
 * Every GET route handler goes through here: session → can() → the query string's text →
 * zod parse of it → handler → JSON. Bad input is a 400 naming the parameter; nothing internal
 * leaks, and a failure is logged without the request's values (server/logging.ts).
 */
export function defineRoute<Schema extends z.ZodType, T>(
  spec: { resource: Resource; action: Action; query: Schema },
  handler: (query: z.output<Schema>, context: { actor: StaffActor; request: Request }) => Promise<T | Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      const actor = await currentActor();
      if (!actor)
        return NextResponse.json({ error: { code: "unauthenticated", message: "Please sign in." } }, { status: 401 });
      if (!can(actor.role, spec.action, spec.resource)) {
        return NextResponse.json(
          {
            error: { code: "forbidden", message: `Your role (${actor.role}) cannot ${spec.action} ${spec.resource}.` },
          },
          { status: 403 },
        );
      }
      const query = queryParams(new URL(request.url));
      if ("fieldErrors" in query) return invalid(query.fieldErrors);
      const parsed = spec.query.safeParse(query.params);
      if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
      const result = await handler(parsed.data, { actor, request });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      if (!(error instanceof DomainError)) logServerError(`[route ${spec.resource}.${spec.action}]`, error);
      const mapped = toActionError(error);
      return NextResponse.json({ error: mapped }, { status: statusOf[mapped.code] });
    }
  };
}
