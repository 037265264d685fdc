"use server";

import type { StaffRole } from "@/db/schema/enums";
import type { ActionResult } from "../errors";
import {
  changeStaffAccountRole,
  createStaffAccount,
  resetStaffAccountPassword,
  setStaffAccountDisabled,
  unlockStaffAccountSignIn,
  type StaffAccount,
} from "../auth/staffAccounts";

/** Admin-only staff management (staff_accounts in the permission matrix); each call is audited. */
export async function createStaff(input: {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
}): Promise<ActionResult<StaffAccount>> {
  return createStaffAccount(input);
}

export async function changeStaffRole(input: {
  staffId: string;
  role: StaffRole;
}): Promise<ActionResult<StaffAccount>> {
  return changeStaffAccountRole(input);
}

export async function setStaffDisabled(input: {
  staffId: string;
  disabled: boolean;
}): Promise<ActionResult<StaffAccount>> {
  return setStaffAccountDisabled(input);
}

export async function resetStaffPassword(input: {
  staffId: string;
  password: string;
}): Promise<ActionResult<StaffAccount>> {
  return resetStaffAccountPassword(input);
}

export async function unlockStaffSignIn(input: { staffId: string }): Promise<ActionResult<StaffAccount>> {
  return unlockStaffAccountSignIn(input);
}
