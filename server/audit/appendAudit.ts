import "server-only";
import { complianceLogs } from "@/db/schema";
import type { Db } from "@/db/client";
import type { StaffActor } from "../auth/actor";
import type { RegulatoryFramework } from "@/db/schema/enums";
import { auditAppended } from "./checkpointer";
import { nudgeSequencer } from "./sequencer";

/** The closed list the compliance_logs CHECK enforces (db/schema/enums.ts). */
type Framework = RegulatoryFramework;

/** What a staff action did, for the record: never the sensitive values themselves. */
export interface AuditEntry {
  action: string;
  resource: string;
  recordId?: string | null;
  /** The platform user the action concerns, when there is one. */
  userId?: string | null;
  changedFields?: string[];
  framework?: Framework;
  details?: Record<string, unknown>;
}

/** A Drizzle transaction or the database: the audit row is written wherever the change is. */
export type Executor = Pick<Db, "insert">;

/** Appends audit rows to compliance_logs, in the caller's transaction. */
export async function appendAudit(
  executor: Executor,
  actor: StaffActor,
  entries: AuditEntry | AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await executor.insert(complianceLogs).values(
    list.map((entry) => ({
      userId: entry.userId ?? null,
      staffId: actor.staffId,
      actionType: `staff.${entry.resource}.${entry.action}`,
      regulatoryFramework: entry.framework ?? "gdpr",
      metadata: {
        resource: entry.resource,
        action: entry.action,
        recordId: entry.recordId ?? null,
        changedFields: entry.changedFields ?? [],
        // The role, not the email: staff_id already says who, and evidence keeps no personal data it does not need.
        staffRole: actor.role,
        ...entry.details,
      },
    })),
  );
  // Still inside the caller's transaction: the sequencer and the checkpointer run after a short
  // delay, so they see the rows once it has committed (or on a later run).
  nudgeSequencer();
  auditAppended();
}
