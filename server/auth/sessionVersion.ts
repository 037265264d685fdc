import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import { complianceLogs, staffAccounts } from "@/db/schema";

/** `SET session_version = session_version + 1`: ends every session of the account it is applied to. */
export const nextSessionVersion = sql`${staffAccounts.sessionVersion} + 1`;

/**
 * Sign-out (next-auth's signOut event): the session's version is bumped on the server, so a copy
 * of the token (another tab, a stolen cookie) stops working too, and the sign-out is logged. Only
 * a still-valid session can do it: a stale copy cannot sign its owner out of a newer session.
 */
export async function endSessionsOnSignOut(staffId: string, sessionVersion: number): Promise<void> {
  const database = await getDatabase();
  await database.db.transaction(async (tx) => {
    const ended = await tx
      .update(staffAccounts)
      .set({ sessionVersion: nextSessionVersion })
      .where(and(eq(staffAccounts.id, staffId), eq(staffAccounts.sessionVersion, sessionVersion)))
      .returning({ id: staffAccounts.id });
    if (!ended.length) return;
    await tx.insert(complianceLogs).values({
      staffId,
      actionType: "staff.auth.sign_out",
      regulatoryFramework: "gdpr",
      metadata: {},
    });
  });
}
