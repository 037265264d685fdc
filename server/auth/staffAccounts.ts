import "server-only";
import bcrypt from "bcryptjs";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { staffAccounts } from "@/db/schema";
import { staffRoles, type StaffRole } from "@/db/schema/enums";
import { defineAction, type Transaction } from "../actions/defineAction";
import { DomainError } from "../errors";
import { nextSessionVersion } from "./sessionVersion";
import { lockedOutEmails, unlockSignIns } from "./throttle";
import { BCRYPT_COST } from "./passwordCost";
import { normalizeEmail } from "./staffSignIn";

/** A staff account as the staff screen sees it: never the password hash. */
export interface StaffAccount {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

const publicColumns = {
  id: staffAccounts.id,
  email: staffAccounts.email,
  name: staffAccounts.name,
  role: staffAccounts.role,
  disabled: staffAccounts.disabled,
  createdAt: staffAccounts.createdAt,
  lastLoginAt: staffAccounts.lastLoginAt,
};

type StaffRow = {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
};
const toAccount = (row: StaffRow): StaffAccount => ({
  ...row,
  role: row.role as StaffRole,
  createdAt: row.createdAt.toISOString(),
  lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
});

/** A staff account on the staff screen, with whether too many failed sign-ins lock it out somewhere. */
export interface StaffListEntry extends StaffAccount {
  lockedOut: boolean;
}

export async function listStaff(database: Database): Promise<StaffListEntry[]> {
  const rows = await database.db.select(publicColumns).from(staffAccounts).orderBy(asc(staffAccounts.email));
  const locked = await lockedOutEmails(database.db);
  return rows.map((row) => ({ ...toAccount(row), lockedOut: locked.has(row.email) }));
}

const password = z
  .string()
  .min(12, "Password must be at least 12 characters")
  .max(200, "Password must be at most 200 characters");
const staffId = z.guid("Not a staff account id");
const role = z.enum(staffRoles, { error: `Role must be one of: ${staffRoles.join(", ")}` });

async function lockStaff(tx: Transaction, id: string): Promise<StaffRow> {
  const [row] = await tx.select(publicColumns).from(staffAccounts).where(eq(staffAccounts.id, id)).for("update");
  if (!row) throw new DomainError("not_found", "No such staff account");
  return row;
}

/**
 * Locks the account to change, after locking every active admin (always in this order, ids
 * ascending, so concurrent changes queue instead of deadlocking), and refuses a change that would
 * leave no active admin: two admins demoting each other at once cannot both succeed.
 */
async function lockForChange(
  tx: Transaction,
  id: string,
  after: (target: StaffRow) => { role: string; disabled: boolean },
  field: string,
): Promise<StaffRow> {
  const activeAdmins = await tx
    .select({ id: staffAccounts.id })
    .from(staffAccounts)
    .where(and(eq(staffAccounts.role, "admin"), eq(staffAccounts.disabled, false)))
    .orderBy(asc(staffAccounts.id))
    .for("update");
  const target = await lockStaff(tx, id);
  const next = after(target);
  const wasActiveAdmin = activeAdmins.some((a) => a.id === target.id);
  const staysActiveAdmin = next.role === "admin" && !next.disabled;
  if (wasActiveAdmin && !staysActiveAdmin && activeAdmins.length <= 1) {
    const message = "This is the last active admin: make another admin first";
    throw new DomainError("invalid", message, { [field]: message });
  }
  return target;
}

export const createStaffAccount = defineAction(
  {
    resource: "staff_accounts",
    action: "create",
    input: z.object({
      email: z.email("Enter a valid email").max(255).transform(normalizeEmail),
      name: z.string().trim().min(1, "Required").max(100),
      role,
      password,
    }),
  },
  async (input, { tx }) => {
    const passwordHash = await bcrypt.hash(input.password, BCRYPT_COST);
    const [row] = await tx
      .insert(staffAccounts)
      .values({ email: input.email, name: input.name, role: input.role, passwordHash })
      .returning(publicColumns);
    return {
      data: toAccount(row),
      audit: {
        resource: "staff_accounts",
        action: "create",
        recordId: row.id,
        changedFields: ["email", "name", "role", "passwordHash"],
      },
    };
  },
);

export const changeStaffAccountRole = defineAction(
  { resource: "staff_accounts", action: "edit", input: z.object({ staffId, role }) },
  async (input, { tx }) => {
    const target = await lockForChange(tx, input.staffId, (t) => ({ role: input.role, disabled: t.disabled }), "role");
    const changed = target.role === input.role ? [] : ["role"];
    // A new role ends the account's sessions: it signs in again under the new role.
    const [row] = await tx
      .update(staffAccounts)
      .set(changed.length ? { role: input.role, sessionVersion: nextSessionVersion } : { role: input.role })
      .where(eq(staffAccounts.id, target.id))
      .returning(publicColumns);
    return {
      data: toAccount(row),
      audit: changed.length
        ? {
            resource: "staff_accounts",
            action: "change_role",
            recordId: row.id,
            changedFields: [...changed, "sessionVersion"],
            details: { from: target.role, to: input.role },
          }
        : [],
    };
  },
);

export const setStaffAccountDisabled = defineAction(
  { resource: "staff_accounts", action: "edit", input: z.object({ staffId, disabled: z.boolean() }) },
  async (input, { actor, tx }) => {
    if (input.disabled && input.staffId === actor.staffId) {
      throw new DomainError("invalid", "You cannot disable your own account", {
        disabled: "You cannot disable your own account",
      });
    }
    const target = await lockForChange(
      tx,
      input.staffId,
      (t) => ({ role: t.role, disabled: input.disabled }),
      "disabled",
    );
    const [row] = await tx
      .update(staffAccounts)
      .set(input.disabled ? { disabled: true, sessionVersion: nextSessionVersion } : { disabled: false })
      .where(eq(staffAccounts.id, target.id))
      .returning(publicColumns);
    return {
      data: toAccount(row),
      audit:
        target.disabled === input.disabled
          ? []
          : {
              resource: "staff_accounts",
              action: input.disabled ? "disable" : "enable",
              recordId: row.id,
              changedFields: input.disabled ? ["disabled", "sessionVersion"] : ["disabled"],
            },
    };
  },
);

export const resetStaffAccountPassword = defineAction(
  { resource: "staff_accounts", action: "edit", input: z.object({ staffId, password }) },
  async (input, { tx }) => {
    const target = await lockStaff(tx, input.staffId);
    const passwordHash = await bcrypt.hash(input.password, BCRYPT_COST);
    const [row] = await tx
      .update(staffAccounts)
      .set({ passwordHash, sessionVersion: nextSessionVersion })
      .where(eq(staffAccounts.id, target.id))
      .returning(publicColumns);
    return {
      data: toAccount(row),
      audit: {
        resource: "staff_accounts",
        action: "reset_password",
        recordId: row.id,
        changedFields: ["passwordHash", "sessionVersion"],
      },
    };
  },
);

/** Lifts a sign-in lockout (throttle.ts) before its 15 minutes are up, e.g. after a colleague mistyped. */
export const unlockStaffAccountSignIn = defineAction(
  { resource: "staff_accounts", action: "edit", input: z.object({ staffId }) },
  async (input, { tx }) => {
    const target = await lockStaff(tx, input.staffId);
    const wasLockedOut = await unlockSignIns(tx, target.email);
    return {
      data: toAccount(target),
      audit: {
        resource: "staff_accounts",
        action: "unlock_sign_in",
        recordId: target.id,
        changedFields: [],
        details: { wasLockedOut },
      },
    };
  },
);
