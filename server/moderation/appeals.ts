import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { appeals, complianceLogs, moderationActions, statementsOfReasons } from "@/db/schema";
import { reversibleActionKinds, type AppealChannel } from "@/db/schema/enums";
import type { HandlerResult, Transaction } from "../actions/defineAction";
import { fieldErrorsOf } from "../actions/defineAction";
import type { StaffActor } from "../auth/actor";
import type { AuditEntry } from "../audit/appendAudit";
import { auditAppended } from "../audit/checkpointer";
import { DomainError } from "../errors";
import { appealDueDays } from "./queueRules";
import { recordDecision } from "./recordDecision";
import { takeActionInput } from "./takeActionInput";

/**
 * Appeals against a decision (DSA Art. 20 internal complaint handling): recorded by staff, from the
 * support channel, or by the platform's API; decided by a staff member other than the one who took
 * the decision (the database's trigger refuses it, migration 0010; its error becomes a field error
 * here); upheld, or reversed by a `reverse` decision recorded in the same transaction, which lifts
 * the restriction and, like every decision, gets its statement of reasons from recordDecision.
 */

const text = (max: number, required: string) =>
  z
    .string(required)
    .trim()
    .min(1, required)
    .max(max, `At most ${max.toLocaleString("en")} characters`);

export const recordAppealInput = z.strictObject({
  actionId: z.guid("Choose the decision that is appealed"),
  channel: z.enum(["staff", "support"], "Choose how the appeal reached us: staff or support"),
  appellantText: text(5000, "Write down the user's grounds for the appeal"),
  /** When the support channel received it (default: now); the deadline runs from then. */
  receivedAt: z.iso
    .datetime({ offset: true, message: "A date and time" })
    .refine((value) => Date.parse(value) <= Date.now() + 60_000, "Cannot be in the future")
    .optional(),
});
export type RecordAppealInput = z.output<typeof recordAppealInput>;

/** What the platform's API sends: the decision by id or by its statement's puid, and the user's text. */
export const apiAppealInput = z
  .strictObject({
    actionId: z.guid("must be a decision id").optional(),
    puid: z.string().trim().min(1).max(500).optional(),
    appellantText: text(5000, "is required: the user's grounds for the appeal"),
    receivedAt: recordAppealInput.shape.receivedAt,
  })
  .refine((input) => (input.actionId === undefined) !== (input.puid === undefined), {
    path: ["actionId"],
    message: "name the decision by actionId or by puid (exactly one)",
  });

export const decideAppealInput = z.strictObject({
  appealId: z.guid("Choose the appeal"),
  outcome: z.enum(["upheld", "reversed"], "Choose upheld or reversed"),
  /** The reasons for the outcome; for a reversal also the reversal's facts (its statement of reasons). */
  note: text(5000, "Give the reasons for the outcome"),
});
export type DecideAppealInput = z.output<typeof decideAppealInput>;

/** The appeal rules' constraints (trigger and table) → the form field each concerns. */
const appealConstraints: Record<string, { field: string; message: string }> = {
  ck_appeals_other_decider: {
    field: "outcome",
    message: "You took the appealed decision: another moderator must decide this appeal",
  },
  ix_appeals_action_id: { field: "actionId", message: "This decision has already been appealed" },
  ck_appeals_appealable: { field: "actionId", message: "Only a warning or a restriction can be appealed" },
  ck_appeals_final: { field: "outcome", message: "This appeal has already been decided" },
  appeals_action_id_moderation_actions_id_fk: { field: "actionId", message: "No decision with this id" },
  ck_appeals_due_after_received: { field: "receivedAt", message: "The deadline must be after the appeal arrived" },
  ck_appeals_decided_after_received: { field: "receivedAt", message: "Decided before it was received" },
};

function constraintOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const candidate = current as { constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    const name = candidate.constraint ?? candidate.constraint_name;
    if (typeof name === "string" && name) return name;
    current = candidate.cause;
  }
  return undefined;
}

/** Runs one appeal statement; a violated appeal rule becomes a field error (the transaction then rolls back). */
async function appealStatement<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const known = appealConstraints[constraintOf(error) ?? ""];
    if (!known) throw error;
    throw new DomainError("invalid", known.message, { [known.field]: known.message });
  }
}

const invalid = (field: string, message: string) => new DomainError("invalid", message, { [field]: message });

/** Records an appeal; `recordedBy` is null when the platform's API filed it (channel api). */
async function insertAppeal(
  tx: Transaction,
  input: Omit<RecordAppealInput, "channel"> & { channel: AppealChannel },
  recordedBy: string | null,
): Promise<{ id: string; dueAt: string; subjectUserId: string }> {
  const [decision] = await tx
    .select({ kind: moderationActions.kind, subjectUserId: moderationActions.subjectUserId })
    .from(moderationActions)
    .where(eq(moderationActions.id, input.actionId));
  if (!decision)
    throw new DomainError("not_found", "No decision with this id", { actionId: "No decision with this id" });
  if (!(reversibleActionKinds as readonly string[]).includes(decision.kind))
    throw invalid("actionId", `A ${decision.kind} is not a decision that can be appealed`);
  const receivedAt = input.receivedAt ? sql`${input.receivedAt}::timestamptz` : sql`now()`;
  const [row] = await appealStatement(() =>
    tx
      .insert(appeals)
      .values({
        actionId: input.actionId,
        channel: input.channel,
        recordedByStaffId: recordedBy,
        appellantText: input.appellantText,
        receivedAt,
        dueAt: sql`${receivedAt} + make_interval(days => ${appealDueDays}::int)`,
      })
      .returning({ id: appeals.id, dueAt: appeals.dueAt }),
  );
  return { id: row.id, dueAt: row.dueAt.toISOString(), subjectUserId: decision.subjectUserId };
}

export const appealAudit = (
  action: string,
  appealId: string,
  subjectUserId: string,
  details: Record<string, unknown>,
): AuditEntry => ({
  resource: "appeals",
  action,
  recordId: appealId,
  userId: subjectUserId,
  framework: "dsa",
  changedFields:
    action === "create"
      ? ["action_id", "channel", "appellant_text", "received_at", "due_at"]
      : ["status", "decided_by_staff_id", "decided_at", "decision_note", "reversal_action_id"],
  details,
});

/** Staff or support records an appeal (the server action's handler). */
export async function recordStaffAppeal(
  tx: Transaction,
  actor: StaffActor,
  input: RecordAppealInput,
): Promise<HandlerResult<{ id: string; dueAt: string }>> {
  const appeal = await insertAppeal(tx, input, actor.staffId);
  return {
    data: { id: appeal.id, dueAt: appeal.dueAt },
    audit: appealAudit("create", appeal.id, appeal.subjectUserId, { actionId: input.actionId, channel: input.channel }),
  };
}

/**
 * The platform's API files an appeal: no staff member, so its audit row (framework dsa) names none
 * and says it came from the platform. Written in the same transaction as the appeal.
 */
export async function recordPlatformAppeal(
  tx: Transaction,
  input: z.output<typeof apiAppealInput>,
): Promise<{ id: string; dueAt: string; actionId: string }> {
  let actionId = input.actionId;
  if (!actionId) {
    const [statement] = await tx
      .select({ actionId: statementsOfReasons.actionId })
      .from(statementsOfReasons)
      .where(eq(statementsOfReasons.puid, input.puid ?? ""));
    if (!statement) throw new DomainError("not_found", "No decision with this puid", { puid: "no such decision" });
    actionId = statement.actionId;
  }
  const appeal = await insertAppeal(
    tx,
    { actionId, channel: "api", appellantText: input.appellantText, receivedAt: input.receivedAt },
    null,
  );
  await tx.insert(complianceLogs).values({
    userId: appeal.subjectUserId,
    staffId: null,
    actionType: "platform.appeals.create",
    regulatoryFramework: "dsa",
    metadata: {
      resource: "appeals",
      action: "create",
      recordId: appeal.id,
      changedFields: ["action_id", "channel", "appellant_text", "received_at", "due_at"],
      actionId,
      channel: "api",
    },
  });
  auditAppended();
  return { id: appeal.id, dueAt: appeal.dueAt, actionId };
}

/**
 * Decides an open appeal. Reversed: a `reverse` decision of the appealed one is recorded first
 * (through recordDecision: checks, statement of reasons, audit), then the appeal names it; upheld:
 * the decision stands. If the decider took the appealed decision, the trigger refuses the appeal's
 * update and everything, the reversal included, rolls back.
 */
export async function settleAppeal(
  tx: Transaction,
  actor: StaffActor,
  input: DecideAppealInput,
): Promise<HandlerResult<{ status: "upheld" | "reversed"; reversalActionId: string | null }>> {
  const [appeal] = await tx
    .select({
      id: appeals.id,
      status: appeals.status,
      actionId: appeals.actionId,
      subjectUserId: moderationActions.subjectUserId,
      subjectKind: moderationActions.subjectKind,
      subjectMessageId: moderationActions.subjectMessageId,
      subjectPhotoIndex: moderationActions.subjectPhotoIndex,
    })
    .from(appeals)
    .innerJoin(moderationActions, eq(moderationActions.id, appeals.actionId))
    .where(eq(appeals.id, input.appealId))
    .for("update", { of: appeals });
  if (!appeal) throw new DomainError("not_found", "No appeal with this id", { appealId: "No appeal with this id" });
  if (appeal.status !== "open") throw invalid("outcome", `This appeal has already been decided (${appeal.status})`);

  const audit: AuditEntry[] = [];
  let reversalActionId: string | null = null;
  if (input.outcome === "reversed") {
    const reversal = takeActionInput.safeParse({
      subjectUserId: appeal.subjectUserId,
      kind: "reverse",
      subjectKind: appeal.subjectKind,
      subjectMessageId: appeal.subjectMessageId ?? undefined,
      subjectPhotoIndex: appeal.subjectPhotoIndex ?? undefined,
      reversesActionId: appeal.actionId,
      facts: input.note,
    });
    if (!reversal.success) {
      const problems = fieldErrorsOf(reversal.error);
      throw invalid("note", problems.facts ?? Object.values(problems)[0] ?? "The reversal cannot be recorded");
    }
    const recorded = await recordDecision(tx, actor, reversal.data);
    reversalActionId = recorded.data.id;
    audit.push(...(Array.isArray(recorded.audit) ? recorded.audit : [recorded.audit]));
  }
  await appealStatement(() =>
    tx
      .update(appeals)
      .set({
        status: input.outcome,
        decidedByStaffId: actor.staffId,
        decidedAt: sql`greatest(now(), ${appeals.receivedAt})`,
        decisionNote: input.note,
        reversalActionId,
      })
      .where(eq(appeals.id, appeal.id)),
  );
  audit.push(
    appealAudit(input.outcome === "reversed" ? "reverse" : "uphold", appeal.id, appeal.subjectUserId, {
      actionId: appeal.actionId,
      outcome: input.outcome,
      reversalActionId,
    }),
  );
  return { data: { status: input.outcome, reversalActionId }, audit };
}
