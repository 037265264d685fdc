import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { currentActor, type StaffActor } from "./auth/actor";
import { can, type Action, type Resource } from "./auth/permissions";
import { fieldErrorsOf } from "./actions/defineAction";
import { DomainError, toActionError } from "./errors";

const statusOf = { unauthenticated: 401, forbidden: 403, invalid: 400, conflict: 409, not_found: 404, internal: 500 } as const;

/**
 * Every GET route handler goes through here: session → can() → zod parse of the query string →
 * handler → JSON. Bad input is a 400 naming the parameter; nothing internal leaks.
 */
export function defineRoute<Schema extends z.ZodType, T>(
  spec: { resource: Resource; action: Action; query: Schema },
  handler: (query: z.output<Schema>, context: { actor: StaffActor; request: Request }) => Promise<T | Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      const actor = await currentActor();
      if (!actor) return NextResponse.json({ error: { code: "unauthenticated", message: "Please sign in." } }, { status: 401 });
      if (!can(actor.role, spec.action, spec.resource)) {
        return NextResponse.json(
          { error: { code: "forbidden", message: `Your role (${actor.role}) cannot ${spec.action} ${spec.resource}.` } },
          { status: 403 },
        );
      }
      const params = Object.fromEntries(new URL(request.url).searchParams);
      const parsed = spec.query.safeParse(params);
      if (!parsed.success) {
        const fieldErrors = fieldErrorsOf(parsed.error);
        const message = Object.entries(fieldErrors).map(([field, problem]) => `${field}: ${problem}`).join("; ");
        return NextResponse.json({ error: { code: "invalid", message, fieldErrors } }, { status: 400 });
      }
      const result = await handler(parsed.data, { actor, request });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      if (!(error instanceof DomainError)) console.error(`[route ${spec.resource}.${spec.action}]`, error);
      const mapped = toActionError(error);
      return NextResponse.json({ error: mapped }, { status: statusOf[mapped.code] });
    }
  };
}
