"use server";
import { defineAction } from "../actions/defineAction";
import { recordDecision } from "./recordDecision";
import { takeActionInput } from "./takeActionInput";

/** A moderator's decision on an account (server action): permission, validation, transaction, audit. */
export const takeAction = defineAction(
  { resource: "moderation_actions", action: "create", input: takeActionInput },
  (input, { actor, tx }) => recordDecision(tx, actor, input),
);
