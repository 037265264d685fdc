import "server-only";
import type { z } from "zod";
import { getDatabase, type Db } from "@/db/client";
import { currentActor, type StaffActor } from "../auth/actor";
import { can, type Action, type Resource } from "../auth/permissions";
import { appendAudit, type AuditEntry } from "../audit/appendAudit";
import { toActionError, type ActionResult, type FieldErrors } from "../errors";
import { logServerError } from "../logging";
import { noteOwnWrite } from "../readRouting";
import { UNSTORABLE_TEXT, unstorablePath } from "../storableText";

export type Transaction = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface ActionContext {
  actor: StaffActor;
  tx: Transaction;
}

/** What a handler returns: its data and the audit rows for what it changed (written in the same transaction). */
export interface HandlerResult<T> {
  data: T;
  audit: AuditEntry | AuditEntry[];
}

/** Turns zod issues into { field: message } for the form. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    // A strict object's unknown keys are reported on the object itself: name each key instead.
    const fields =
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => [...issue.path, key].join("."))
        : [issue.path.join(".") || "_form"];
    for (const field of fields)
      fieldErrors[field] ??= issue.code === "unrecognized_keys" ? "is not a known parameter" : issue.message;
  }
  return fieldErrors;
}

/**
 * Every mutation goes through here, in this order: session → can(role, action, resource) → text
 * the database cannot store (NUL bytes, invalid Unicode) anywhere in the payload → zod parse →
 * transaction → handler → audit rows → typed result. No step can be forgotten, a payload of the
 * wrong shape never reaches the handler, and a change that cannot be audited rolls back with
 * its audit row. Whatever goes wrong, the caller gets a result, never a stack trace.
 */
export function defineAction<Schema extends z.ZodType, T>(
  spec: { resource: Resource; action: Action; input: Schema },
  handler: (input: z.output<Schema>, context: ActionContext) => Promise<HandlerResult<T>>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (rawInput) => {
    try {
      const actor = await currentActor();
      if (!actor) return { ok: false, error: { code: "unauthenticated", message: "Please sign in again." } };
      if (!can(actor.role, spec.action, spec.resource)) {
        return {
          ok: false,
          error: { code: "forbidden", message: `Your role (${actor.role}) cannot ${spec.action} ${spec.resource}.` },
        };
      }
      const unstorable = unstorablePath(rawInput);
      if (unstorable !== null) {
        return {
          ok: false,
          error: {
            code: "invalid",
            message: "Please correct the highlighted fields.",
            fieldErrors: { [unstorable]: UNSTORABLE_TEXT },
          },
        };
      }
      const parsed = spec.input.safeParse(rawInput);
      if (!parsed.success) {
        return {
          ok: false,
          error: {
            code: "invalid",
            message: "Please correct the highlighted fields.",
            fieldErrors: fieldErrorsOf(parsed.error),
          },
        };
      }
      const { db } = await getDatabase();
      const data = await db.transaction(async (tx) => {
        const result = await handler(parsed.data, { actor, tx });
        await appendAudit(tx, actor, result.audit);
        return result.data;
      });
      // Their next reads go to the primary for a few seconds, not to a replica that may lag.
      await noteOwnWrite();
      return { ok: true, data };
    } catch (error) {
      const mapped = toActionError(error);
      // Constraint violations mapped to a field are expected outcomes, not server faults: log only the rest.
      if (mapped.code === "internal") logServerError(`[action ${spec.resource}.${spec.action}]`, error);
      return { ok: false, error: mapped };
    }
  };
}
