"use server";
import { defineAction } from "../actions/defineAction";
import { claimedElsewhere } from "./claimInputs";
import { currentClaim, releaseClaim } from "./claims";
import { recordDecision } from "./recordDecision";
import { takeActionInput } from "./takeActionInput";

/**
 * The take-action panel's Submit: takeAction's decision (same permission, input, checks, statement
 * and audit, through recordDecision) plus the queue's claim rule: refused while another moderator
 * holds a live claim on the account, and the moderator's own claim is given back once the decision
 * closes or escalates the item (a comment leaves it with them).
 */
export const decideQueueItem = defineAction(
  { resource: "moderation_actions", action: "create", input: takeActionInput },
  async (input, { actor, tx }) => {
    const holder = await currentClaim(tx, input.subjectUserId);
    if (holder && holder.staffId !== actor.staffId) throw claimedElsewhere(holder);
    const result = await recordDecision(tx, actor, input);
    if (input.kind !== "comment") await releaseClaim(tx, actor.staffId, input.subjectUserId);
    return result;
  },
);
