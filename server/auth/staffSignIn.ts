import "server-only";
import bcrypt from "bcryptjs";
import { eq, sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import { staffAccounts } from "@/db/schema";
import type { StaffRole } from "@/db/schema/enums";
import type { StaffActor } from "./actor";
import { DUMMY_HASH } from "./passwordCost";
import { recordSignIn, releaseSignInAttempt, reserveSignInAttempt, THROTTLED_MESSAGE } from "./throttle";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** A sign-in refused; its message is shown on the sign-in page as is. */
export class SignInError extends Error {}

/**
 * Checks a staff sign-in from `network` (the client's truncated address, clientAddress.ts): the
 * attempt is counted first (throttle.ts), then a bcrypt comparison whether or not the email
 * exists, then the disabled flag. Every outcome is written to compliance_logs.
 */
export async function authenticateStaff(rawEmail: string, password: string, network: string): Promise<SessionStaff> {
  const email = normalizeEmail(rawEmail).slice(0, 255);
  if (!email || !password) throw new SignInError("Enter your email and password.");
  const database = await getDatabase();
  if (!(await reserveSignInAttempt(database, email, network))) {
    await recordSignIn(database, "throttled", { email, network });
    throw new SignInError(THROTTLED_MESSAGE);
  }
  const [staff] = await database.db.select().from(staffAccounts).where(eq(staffAccounts.email, email));
  const matches = await bcrypt.compare(password.slice(0, 200), staff?.passwordHash ?? DUMMY_HASH);
  if (!staff || !matches) {
    await recordSignIn(database, "failed", { email, network, staffId: staff?.id });
    throw new SignInError("Incorrect email or password.");
  }
  await releaseSignInAttempt(database, email, network);
  if (staff.disabled) {
    await recordSignIn(database, "disabled", { email, network, staffId: staff.id });
    throw new SignInError("This account is disabled. Ask an administrator to enable it.");
  }
  await database.db
    .update(staffAccounts)
    .set({ lastLoginAt: sql`now()` })
    .where(eq(staffAccounts.id, staff.id));
  await recordSignIn(database, "succeeded", { email, network, staffId: staff.id });
  return sessionStaffOf(staff);
}

/** A staff member with the session version their sessions must carry (db/schema/staff.ts). */
export type SessionStaff = StaffActor & { sessionVersion: number };

type StaffRow = { id: string; email: string; name: string; role: string; sessionVersion: number };
const sessionStaffOf = (staff: StaffRow): SessionStaff => ({
  staffId: staff.id,
  email: staff.email,
  name: staff.name,
  role: staff.role as StaffRole,
  sessionVersion: staff.sessionVersion,
});

/**
 * The staff member behind a session, re-read on every request (one primary-key lookup): the
 * session's version is compared with it, so disabling, a role change, a password reset or a
 * sign-out elsewhere ends the session at once.
 */
export async function activeStaff(staffId: string): Promise<SessionStaff | null> {
  const database = await getDatabase();
  const [staff] = await database.db
    .select({
      id: staffAccounts.id,
      email: staffAccounts.email,
      name: staffAccounts.name,
      role: staffAccounts.role,
      disabled: staffAccounts.disabled,
      sessionVersion: staffAccounts.sessionVersion,
    })
    .from(staffAccounts)
    .where(eq(staffAccounts.id, staffId));
  if (!staff || staff.disabled) return null;
  return sessionStaffOf(staff);
}
