"use server";
import { defineAction } from "../actions/defineAction";
import { decideAppealInput, recordAppealInput, recordStaffAppeal, settleAppeal } from "./appeals";

/** Staff record an appeal that reached them (channel staff or support): trust_safety and admin. */
export const recordAppeal = defineAction(
  { resource: "appeals", action: "create", input: recordAppealInput },
  (input, { actor, tx }) => recordStaffAppeal(tx, actor, input),
);

/** Decide an appeal: upheld, or reversed (the reversal lifts the restriction in the same transaction). */
export const decideAppeal = defineAction(
  { resource: "appeals", action: "edit", input: decideAppealInput },
  (input, { actor, tx }) => settleAppeal(tx, actor, input),
);
