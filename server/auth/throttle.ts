import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { complianceLogs } from "@/db/schema";

/** Five failed sign-ins for one email, or from one IP address, within 15 minutes lock further attempts. */
export const MAX_FAILED_SIGN_INS = 5;
export const SIGN_IN_WINDOW_MINUTES = 15;
export const THROTTLED_MESSAGE = `Too many failed sign-in attempts. Try again in ${SIGN_IN_WINDOW_MINUTES} minutes.`;

export type SignInOutcome = "succeeded" | "failed" | "throttled" | "disabled";

/**
 * Sign-in attempts are kept in compliance_logs (action_type staff.auth.sign_in_<outcome>): the
 * audit trail, and the throttle's memory, shared by every server process.
 */
export async function recordSignIn(
  database: Database,
  outcome: SignInOutcome,
  attempt: { email: string; ip: string; staffId?: string | null },
): Promise<void> {
  await database.db.insert(complianceLogs).values({
    staffId: attempt.staffId ?? null,
    actionType: `staff.auth.sign_in_${outcome}`,
    regulatoryFramework: "gdpr",
    metadata: { email: attempt.email, ip: attempt.ip },
  });
}

export async function isThrottled(database: Database, email: string, ip: string): Promise<boolean> {
  const [row] = await database.rows<{ by_email: number; by_ip: number }>(sql`
    SELECT count(*) FILTER (WHERE metadata->>'email' = ${email})::int AS by_email,
           count(*) FILTER (WHERE metadata->>'ip' = ${ip})::int AS by_ip
    FROM compliance_logs
    WHERE action_type = 'staff.auth.sign_in_failed'
      AND timestamp > now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`);
  return Number(row.by_email) >= MAX_FAILED_SIGN_INS || Number(row.by_ip) >= MAX_FAILED_SIGN_INS;
}
