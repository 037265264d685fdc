import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { messages, moderationActions, profiles, reports, users } from "@/db/schema";
import { reversibleActionKinds, type ReportResolution } from "@/db/schema/enums";
import type { HandlerResult, Transaction } from "../actions/defineAction";
import type { StaffActor } from "../auth/actor";
import type { AuditEntry } from "../audit/appendAudit";
import { DomainError } from "../errors";
import { resolvingKinds, type TakeActionInput } from "./takeActionInput";
import { formFieldOfStatementField } from "./statements/buildStatement";
import { InvalidStatementError, planStatements, rowsOf, storeStatements } from "./statements/statementSources";

const invalid = (field: string, message: string) =>
  new DomainError("invalid", "Please correct the highlighted fields.", { [field]: message });

const resolutionOf: Record<(typeof resolvingKinds)[number], ReportResolution> = {
  acknowledge: "no_action",
  warn: "warned",
  restrict_visibility: "visibility_restricted",
  suspend: "suspended",
  terminate: "terminated",
};
const isResolving = (kind: TakeActionInput["kind"]): kind is (typeof resolvingKinds)[number] => kind in resolutionOf;

/** The subject exists (locked: actions on one account are serialized) and the named record is theirs. */
async function checkSubject(tx: Transaction, input: TakeActionInput) {
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.subjectUserId)).for("update");
  if (!user) throw invalid("subjectUserId", "No account has this id");
  if (input.subjectMessageId) {
    const [message] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, input.subjectMessageId), eq(messages.fromUserId, input.subjectUserId)));
    if (!message) throw invalid("subjectMessageId", "This account sent no such message");
  }
  if (input.subjectPhotoIndex !== undefined) {
    const [profile] = await tx
      .select({ count: sql<number>`jsonb_array_length(${profiles.photos})` })
      .from(profiles)
      .where(eq(profiles.userId, input.subjectUserId));
    if (!profile || input.subjectPhotoIndex >= Number(profile.count))
      throw invalid("subjectPhotoIndex", "This profile has no such photo");
  }
}

/** The named reports: all exist, concern this account and are still open or escalated (locked). */
async function checkReports(tx: Transaction, input: TakeActionInput) {
  if (input.reportIds.length === 0) return;
  const found = await tx
    .select({ id: reports.id, subjectUserId: reports.subjectUserId, status: reports.status })
    .from(reports)
    .where(inArray(reports.id, input.reportIds))
    .for("update");
  if (found.length !== input.reportIds.length) throw invalid("reportIds", "A report does not exist");
  if (found.some((r) => r.subjectUserId !== input.subjectUserId))
    throw invalid("reportIds", "A report is about another account");
  if (input.kind !== "comment" && found.some((r) => r.status === "resolved"))
    throw invalid("reportIds", "A report is already resolved");
}

/** A reversal undoes an earlier, not yet reversed, reversible decision on the same account. */
async function checkReversal(tx: Transaction, input: TakeActionInput) {
  if (!input.reversesActionId) return;
  const [target] = await tx
    .select({ subjectUserId: moderationActions.subjectUserId, kind: moderationActions.kind })
    .from(moderationActions)
    .where(eq(moderationActions.id, input.reversesActionId));
  if (!target || target.subjectUserId !== input.subjectUserId)
    throw invalid("reversesActionId", "No decision with this id on this account");
  if (!(reversibleActionKinds as readonly string[]).includes(target.kind))
    throw invalid("reversesActionId", `A ${target.kind} cannot be reversed`);
  const [reversal] = await tx
    .select({ id: moderationActions.id })
    .from(moderationActions)
    .where(eq(moderationActions.reversesActionId, input.reversesActionId));
  if (reversal) throw invalid("reversesActionId", "This decision has already been reversed");
}

/**
 * The statement of reasons a restrictive decision or its reversal needs (DSA Art. 17, 24(5)),
 * built, checked against the Transparency Database's rules and stored beside the decision. A
 * statement the database would refuse is a field error on what the moderator wrote, and the
 * transaction (decision included) rolls back. Returns the stored statement's puid, if one was due.
 */
async function recordStatement(tx: Transaction, actionId: string): Promise<string | null> {
  const rows = rowsOf(tx);
  const planned = await planStatements(rows, sql`a.id = ${actionId}`);
  try {
    await storeStatements(rows, planned);
  } catch (error) {
    if (!(error instanceof InvalidStatementError)) throw error;
    const fieldErrors: Record<string, string> = {};
    for (const [field, problems] of Object.entries(error.errors)) {
      const formField = formFieldOfStatementField[field] ?? "_form";
      fieldErrors[formField] ??= `Not accepted for the DSA statement of reasons: ${problems.join(" ")}`;
    }
    throw new DomainError("invalid", "The statement of reasons for this decision would be refused.", fieldErrors);
  }
  return planned[0]?.statement.puid ?? null;
}

/**
 * Records one moderation decision on an account, with what it does to the reports it names, and its
 * compliance_logs rows (framework dsa) and, for a restrictive decision or a reversal of one, its
 * statement of reasons, in the same transaction: all of it happens, or none. The
 * account's restriction follows from the decisions themselves (enforcement.ts); nothing else is updated.
 * Runs inside the caller's transaction: takeAction (a moderator's decision) and an appeal's reversal.
 * Not a server action itself: it trusts the actor it is given.
 */
export async function recordDecision(
  tx: Transaction,
  actor: StaffActor,
  input: TakeActionInput,
): Promise<HandlerResult<{ id: string; startsAt: string }>> {
  {
    await checkSubject(tx, input);
    await checkReports(tx, input);
    await checkReversal(tx, input);

    const values = {
      subjectUserId: input.subjectUserId,
      subjectKind: input.subjectKind,
      subjectMessageId: input.subjectMessageId ?? null,
      subjectPhotoIndex: input.subjectPhotoIndex ?? null,
      kind: input.kind,
      staffId: actor.staffId,
      reversesActionId: input.reversesActionId ?? null,
      category: input.category ?? null,
      ground: input.ground ?? null,
      legalProvision: input.legalProvision ?? null,
      termsClause: input.termsClause ?? null,
      groundExplanation: input.groundExplanation ?? null,
      facts: input.facts ?? null,
      note: input.note ?? null,
      automatedDetection: input.automatedDetection,
      automatedDecision: input.automatedDecision,
      territorialScope: input.territorialScope ?? null,
      endsAt: input.endsAt ? new Date(input.endsAt) : null,
      reportIds: input.reportIds,
    } satisfies typeof moderationActions.$inferInsert;
    const [action] = await tx
      .insert(moderationActions)
      .values(values)
      .returning({ id: moderationActions.id, startsAt: moderationActions.startsAt });
    const statementPuid = await recordStatement(tx, action.id);

    const audit: AuditEntry[] = [
      {
        resource: "moderation_actions",
        action: input.kind,
        recordId: action.id,
        userId: input.subjectUserId,
        framework: "dsa",
        changedFields: Object.entries(values)
          .filter(([, value]) => value !== null)
          .map(([field]) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)),
        // Identifiers and vocabulary only: the free texts (facts, explanation, note) may hold personal data.
        details: {
          kind: input.kind,
          subjectKind: input.subjectKind,
          category: input.category ?? null,
          ground: input.ground ?? null,
          endsAt: input.endsAt ? new Date(input.endsAt).toISOString() : null,
          reversesActionId: input.reversesActionId ?? null,
          reportIds: input.reportIds,
          statementPuid,
        },
      },
    ];

    if (input.reportIds.length && (isResolving(input.kind) || input.kind === "escalate")) {
      const resolving = isResolving(input.kind);
      await tx
        .update(reports)
        .set(
          resolving
            ? {
                status: "resolved",
                resolution: resolutionOf[input.kind as keyof typeof resolutionOf],
                resolvedAt: sql`now()`,
                resolvedByActionId: action.id,
              }
            : { status: "escalated" },
        )
        .where(inArray(reports.id, input.reportIds));
      audit.push({
        resource: "reports",
        action: resolving ? "resolve" : "escalate",
        recordId: null,
        userId: input.subjectUserId,
        framework: "dsa",
        changedFields: resolving ? ["status", "resolution", "resolved_at", "resolved_by_action_id"] : ["status"],
        details: { reportIds: input.reportIds, byActionId: action.id },
      });
    }

    return { data: { id: action.id, startsAt: action.startsAt.toISOString() }, audit };
  }
}
