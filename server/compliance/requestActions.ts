"use server";
import { and, eq, notInArray, sql } from "drizzle-orm";
import { dataSubjectRequests, users, type DsrRegime, type DsrStatus, type DsrType } from "@/db/schema";
import { defineAction, type Transaction } from "../actions/defineAction";
import type { AuditEntry } from "../audit/appendAudit";
import { DomainError } from "../errors";
import { eraseUser, type ErasureCounts } from "./erasure";
import { deadlineRule, dueAt } from "./deadlines";
import { advanceInput, fileRequestInput, nextStatuses, reasonInput, requestIdInput } from "./requests";

/** Data-subject request mutations: each one audited, under the request's regime. */
async function load(tx: Transaction, id: string) {
  const [request] = await tx.select().from(dataSubjectRequests).where(eq(dataSubjectRequests.id, id)).for("update");
  if (!request) throw new DomainError("not_found", "This request does not exist.", { id: "No such request" });
  return request;
}

function assertTransition(from: DsrStatus, to: DsrStatus) {
  if (!nextStatuses[from].includes(to)) {
    throw new DomainError("conflict", `A ${from.replace("_", " ")} request cannot become ${to.replace("_", " ")}.`, {
      status: `Not allowed from ${from}`,
    });
  }
}

const audit = (request: { id: string; userId: string; regime: string }, action: string, changedFields: string[]) => ({
  resource: "data_subject_requests",
  action,
  recordId: request.id,
  userId: request.userId,
  changedFields,
  framework: request.regime === "ccpa" ? ("ccpa" as const) : ("gdpr" as const),
});

/**
 * An erasure is filed once: not for an account already erased (there is nothing left to erase),
 * nor while another erasure request for it is still open. The user row is locked by the caller,
 * so two simultaneous filings cannot both pass.
 */
async function refuseRepeatedErasure(tx: Transaction, userId: string, erasedAt: Date | null) {
  if (erasedAt) {
    const when = erasedAt.toISOString().slice(0, 10);
    throw new DomainError("conflict", `This account was already erased on ${when}; there is nothing left to erase.`, {
      userId: `Already erased on ${when}`,
    });
  }
  const [open] = await tx
    .select({ id: dataSubjectRequests.id, receivedAt: dataSubjectRequests.receivedAt })
    .from(dataSubjectRequests)
    .where(
      and(
        eq(dataSubjectRequests.userId, userId),
        eq(dataSubjectRequests.requestType, "erasure"),
        notInArray(dataSubjectRequests.status, ["completed", "denied"]),
      ),
    )
    .limit(1);
  if (open) {
    const when = open.receivedAt.toISOString().slice(0, 10);
    throw new DomainError("conflict", `An erasure request for this account (received ${when}) is still open.`, {
      userId: `An erasure request received ${when} is still open`,
    });
  }
}

export const fileRequest = defineAction(
  { resource: "data_subject_requests", action: "create", input: fileRequestInput },
  async (input, { actor, tx }) => {
    const [user] = await tx
      .select({ id: users.id, erasedAt: users.erasedAt })
      .from(users)
      .where(eq(users.id, input.userId))
      .for("update");
    if (!user) throw new DomainError("invalid", "No user has this id.", { userId: "No user has this id" });
    if (input.requestType === "erasure") await refuseRepeatedErasure(tx, input.userId, user.erasedAt);
    const received = input.receivedAt ? new Date(input.receivedAt) : new Date();
    const [request] = await tx
      .insert(dataSubjectRequests)
      .values({
        userId: input.userId,
        requestType: input.requestType,
        regime: input.regime,
        receivedAt: received,
        dueAt: dueAt(input.regime, input.requestType, received, false),
        handlerStaffId: actor.staffId,
        notes: input.notes || null,
      })
      .returning();
    return {
      data: { id: request.id, dueAt: request.dueAt.toISOString() },
      audit: audit(request, "create", ["request_type", "regime", "status", "due_at"]),
    };
  },
);

export const advanceRequest = defineAction(
  { resource: "data_subject_requests", action: "edit", input: advanceInput },
  async (input, { actor, tx }) => {
    const request = await load(tx, input.id);
    assertTransition(request.status as DsrStatus, input.status);
    await tx
      .update(dataSubjectRequests)
      .set({ status: input.status, handlerStaffId: actor.staffId })
      .where(eq(dataSubjectRequests.id, input.id));
    return { data: { id: input.id, status: input.status }, audit: audit(request, "edit", ["status"]) };
  },
);

export const extendRequest = defineAction(
  { resource: "data_subject_requests", action: "edit", input: reasonInput },
  async (input, { actor, tx }) => {
    const request = await load(tx, input.id);
    assertTransition(request.status as DsrStatus, "extended");
    if (request.extendedAt)
      throw new DomainError("conflict", "This request has already been extended once.", { reason: "Already extended" });
    const regime = request.regime as DsrRegime;
    const type = request.requestType as DsrType;
    if (!deadlineRule(regime, type).extendable)
      throw new DomainError("conflict", `${deadlineRule(regime, type).label}.`, { reason: "Cannot be extended" });
    await tx
      .update(dataSubjectRequests)
      .set({
        status: "extended",
        extendedAt: sql`now()`,
        extensionReason: input.reason,
        dueAt: dueAt(regime, type, request.receivedAt, true),
        handlerStaffId: actor.staffId,
      })
      .where(eq(dataSubjectRequests.id, input.id));
    return { data: { id: input.id }, audit: audit(request, "extend", ["status", "due_at", "extension_reason"]) };
  },
);

export const denyRequest = defineAction(
  { resource: "data_subject_requests", action: "edit", input: reasonInput },
  async (input, { actor, tx }) => {
    const request = await load(tx, input.id);
    assertTransition(request.status as DsrStatus, "denied");
    await tx
      .update(dataSubjectRequests)
      .set({ status: "denied", denialReason: input.reason, completedAt: sql`now()`, handlerStaffId: actor.staffId })
      .where(eq(dataSubjectRequests.id, input.id));
    return { data: { id: input.id }, audit: audit(request, "deny", ["status", "denial_reason", "completed_at"]) };
  },
);

/**
 * Completes a request. For an erasure, the erasure itself runs here, in the same transaction as
 * the status change and its audit row (with the per-table counts): all of it happens, or none.
 */
export const completeRequest = defineAction(
  { resource: "data_subject_requests", action: "edit", input: requestIdInput },
  async (input, { actor, tx }) => {
    const request = await load(tx, input.id);
    assertTransition(request.status as DsrStatus, "completed");
    const outcome: { erased: ErasureCounts } | null =
      request.requestType === "erasure" ? { erased: await eraseUser(tx, request.userId) } : null;
    await tx
      .update(dataSubjectRequests)
      .set({ status: "completed", completedAt: sql`now()`, handlerStaffId: actor.staffId, outcome })
      .where(eq(dataSubjectRequests.id, input.id));
    const entries: AuditEntry[] = [
      { ...audit(request, "complete", ["status", "completed_at", "outcome"]), details: outcome ?? {} },
    ];
    if (outcome) {
      const erase = audit(request, "erase", ["email", "password_hash", "erased_at"]);
      entries.push({ ...erase, resource: "users", recordId: request.userId, details: outcome });
    }
    return { data: { id: input.id, outcome }, audit: entries };
  },
);
