"use server";
import { defineAction, type HandlerResult } from "../actions/defineAction";
import { DomainError } from "../errors";
import { claimItem, releaseClaim, renewClaim } from "./claims";
import { queuePage, queueQuery } from "./queue";
import { claimAudit, claimedElsewhere, nextItemInput, subjectInput, type NextItem } from "./claimInputs";
import { rowsIn } from "./sqlRows";

/**
 * Claims on queue items as server actions. Who may claim: whoever may work reports (edit), i.e.
 * trust_safety and admin; compliance officers read the queue but never claim. Taking and giving
 * back a claim is audited (framework dsa); the heartbeat (renew) is not: it changes nothing but the
 * holder's last activity, every minute or so, and would drown the audit trail.
 */
export const claimQueueItem = defineAction(
  { resource: "reports", action: "edit", input: subjectInput },
  async ({ subjectUserId }, { actor, tx }) => {
    const outcome = await claimItem(tx, actor.staffId, subjectUserId);
    if (!outcome.won) throw claimedElsewhere(outcome.heldBy);
    return {
      data: { subjectUserId, lastActiveAt: outcome.claim.lastActiveAt.toISOString() },
      audit: claimAudit("claim", subjectUserId),
    };
  },
);

export const renewQueueClaim = defineAction(
  { resource: "reports", action: "edit", input: subjectInput },
  async ({ subjectUserId }, { actor, tx }) => {
    const renewed = await renewClaim(tx, actor.staffId, subjectUserId);
    if (!renewed) {
      throw new DomainError("conflict", "Your claim on this item has lapsed or was released: claim it again.", {
        subjectUserId: "not claimed by you",
      });
    }
    return { data: { subjectUserId }, audit: [] };
  },
);

export const releaseQueueClaim = defineAction(
  { resource: "reports", action: "edit", input: subjectInput },
  async ({ subjectUserId }, { actor, tx }) => {
    const released = await releaseClaim(tx, actor.staffId, subjectUserId);
    return { data: { released }, audit: released ? claimAudit("release", subjectUserId) : [] };
  },
);

/**
 * "Submit & next": claims the highest-priority item of the same tab and filters that nobody else
 * holds, skipping the one just decided. If another moderator wins an item in between, the next one
 * is tried, so the caller always lands on an item that is theirs (or on none: the queue is done).
 */
export const claimNextQueueItem = defineAction(
  { resource: "reports", action: "edit", input: nextItemInput },
  async ({ after, ...filters }, { actor, tx }): Promise<HandlerResult<NextItem>> => {
    const query = queueQuery.parse({ ...filters, assignee: "available", page: 1, pageSize: 20 });
    const { items } = await queuePage(
      rowsIn(tx),
      { staffId: actor.staffId, role: actor.role, excludeSubjects: after ? [after] : [] },
      query,
    );
    for (const item of items) {
      const outcome = await claimItem(tx, actor.staffId, item.subjectUserId);
      if (outcome.won) {
        return {
          data: { subjectUserId: item.subjectUserId, appealId: item.appeal?.id ?? null },
          audit: claimAudit("claim", item.subjectUserId),
        };
      }
    }
    return { data: { subjectUserId: null, appealId: null }, audit: [] };
  },
);
