import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database, Db } from "@/db/client";
import { complianceLogs, staffSignInThrottle } from "@/db/schema";

/**
 * Five failed sign-ins for one email from one network within 15 minutes lock that email out from
 * that network: a stranger elsewhere cannot lock a colleague out. Twenty failures from one network
 * across all emails lock the network out (password spraying). An admin can unlock an account.
 */
export const MAX_FAILED_SIGN_INS = 5;
export const MAX_FAILED_SIGN_INS_PER_NETWORK = 20;
export const SIGN_IN_WINDOW_MINUTES = 15;
export const THROTTLED_MESSAGE = `Too many failed sign-in attempts. Try again in ${SIGN_IN_WINDOW_MINUTES} minutes.`;
/** The throttle row counting every email from a network. */
const ANY_EMAIL = "";

export type SignInOutcome = "succeeded" | "failed" | "throttled" | "disabled";

/** Every attempt is written to compliance_logs (action_type staff.auth.sign_in_<outcome>): the audit trail. */
export async function recordSignIn(
  database: Database,
  outcome: SignInOutcome,
  attempt: { email: string; network: string; staffId?: string | null },
): Promise<void> {
  await database.db.insert(complianceLogs).values({
    staffId: attempt.staffId ?? null,
    actionType: `staff.auth.sign_in_${outcome}`,
    regulatoryFramework: "gdpr",
    metadata: { email: attempt.email, network: attempt.network },
  });
}

/**
 * Counts an attempt before its password is checked, in one atomic upsert of both counters (a
 * window older than 15 minutes starts again at 1), and says whether it may go on. Parallel
 * attempts each get their own count, so at most MAX_FAILED_SIGN_INS of them reach bcrypt.
 */
export async function reserveSignInAttempt(database: Database, email: string, network: string): Promise<boolean> {
  const expired = sql`t.window_started_at <= now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`;
  const rows = await database.rows<{ email: string; failures: number }>(sql`
    INSERT INTO staff_sign_in_throttle AS t (email, address, failures, window_started_at)
    VALUES (${email}, ${network}, 1, now()), (${ANY_EMAIL}, ${network}, 1, now())
    ON CONFLICT (email, address) DO UPDATE SET
      failures = CASE WHEN ${expired} THEN 1 ELSE t.failures + 1 END,
      window_started_at = CASE WHEN ${expired} THEN now() ELSE t.window_started_at END
    RETURNING t.email, t.failures`);
  const count = (key: string) => Number(rows.find((r) => r.email === key)?.failures ?? Infinity);
  return count(email) <= MAX_FAILED_SIGN_INS && count(ANY_EMAIL) <= MAX_FAILED_SIGN_INS_PER_NETWORK;
}

/** The password was right: this email starts afresh from this network, and the network's count gives back the attempt. */
export async function releaseSignInAttempt(database: Database, email: string, network: string): Promise<void> {
  await database.db
    .delete(staffSignInThrottle)
    .where(and(eq(staffSignInThrottle.email, email), eq(staffSignInThrottle.address, network)));
  await database.db
    .update(staffSignInThrottle)
    .set({ failures: sql`greatest(${staffSignInThrottle.failures} - 1, 0)` })
    .where(and(eq(staffSignInThrottle.email, ANY_EMAIL), eq(staffSignInThrottle.address, network)));
}

/** A Drizzle transaction or the database. */
type Executor = Pick<Db, "select" | "delete">;

/** The emails among `emails` locked out from at least one network right now. */
export async function lockedOutEmails(db: Executor, emails?: string[]): Promise<Set<string>> {
  const rows = await db
    .select({ email: staffSignInThrottle.email })
    .from(staffSignInThrottle)
    .where(
      and(
        sql`${staffSignInThrottle.failures} >= ${MAX_FAILED_SIGN_INS}`,
        sql`${staffSignInThrottle.windowStartedAt} > now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`,
        sql`${staffSignInThrottle.email} <> ${ANY_EMAIL}`,
        emails ? inArray(staffSignInThrottle.email, emails) : undefined,
      ),
    );
  return new Set(rows.map((r) => r.email));
}

/**
 * An admin unlocks an account: its counters go, and so do the network-wide counters of the
 * networks it failed from (else a sprayed network would still keep it out). Returns whether
 * anything was locked.
 */
export async function unlockSignIns(db: Executor, email: string): Promise<boolean> {
  const removed = await db
    .delete(staffSignInThrottle)
    .where(eq(staffSignInThrottle.email, email))
    .returning({ address: staffSignInThrottle.address, failures: staffSignInThrottle.failures });
  const networks = removed.map((r) => r.address);
  if (networks.length) {
    await db
      .delete(staffSignInThrottle)
      .where(and(eq(staffSignInThrottle.email, ANY_EMAIL), inArray(staffSignInThrottle.address, networks)));
  }
  return removed.some((r) => r.failures >= MAX_FAILED_SIGN_INS);
}
