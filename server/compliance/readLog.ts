import "server-only";
import { getDatabase } from "@/db/client";
import type { StaffActor } from "../auth/actor";
import { appendAudit } from "../audit/appendAudit";
import { filterDigest } from "../audit/filterDigest";
import type { RegulatoryFramework } from "@/db/schema/enums";
import { activeFilters } from "./filters";

type Framework = RegulatoryFramework;

/** The header a compliance screen sends with every read it makes during one visit (a random id). */
export const viewIdHeader = "x-compliance-view";
/** Parameters that only move within the same result (paging): reading the next page is the same view. */
const pagingParams = new Set(["before", "cursor", "page", "limit", "pageSize"]);
const viewIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const rememberFor = 30 * 60_000;
const maxRemembered = 50_000;
const logged = new Map<string, number>();

/** The visit's id, when the read comes from a screen that sent a well-formed one. */
function viewIdOf(request: Request | undefined): string | null {
  const id = request?.headers.get(viewIdHeader);
  return id && viewIdPattern.test(id) ? id.toLowerCase() : null;
}

/** True the first time this visit reads this view with these filters (paging aside) in this process. */
function firstReadOfVisit(key: string, now = Date.now()): boolean {
  const seen = logged.get(key);
  if (seen !== undefined && now - seen < rememberFor) return false;
  if (logged.size >= maxRemembered) {
    for (const [k, at] of logged) if (now - at >= rememberFor || logged.size >= maxRemembered) logged.delete(k);
  }
  logged.set(key, now);
  return true;
}

/**
 * Every read of a compliance view is itself recorded: who looked at what (GDPR Art. 5(2), 30),
 * under the framework the view concerns (AI screens under eu_ai_act, SB 243 under sb_243). Once
 * per visit: a screen's paging, facets and refreshes within one visit write one row, while a new
 * filter (another person's consent timeline) is a new read and logged again. A call without a
 * visit id (a script, a tool) is logged every time. The filters appear as names and a keyed
 * digest, never as values: a looked-up user id or email is personal data. The subject of a
 * per-person view is the row's user_id, so the person's own access report can list it.
 */
export async function logRead(
  { actor, request }: { actor: StaffActor; request?: Request },
  view: string,
  params: Record<string, unknown>,
  framework: Framework = "gdpr",
  userId?: string,
): Promise<void> {
  const filters = Object.fromEntries(
    Object.entries(activeFilters(params))
      .filter(([key]) => !pagingParams.has(key))
      .map(([key, value]) => [key, String(value)]),
  );
  const digest = filterDigest(filters);
  const viewId = viewIdOf(request);
  if (viewId && !firstReadOfVisit(`${actor.staffId}:${viewId}:${view}:${digest.valuesHmac ?? ""}`)) return;
  const { db } = await getDatabase();
  await appendAudit(db, actor, {
    resource: "compliance_views",
    action: "show",
    recordId: view,
    userId: userId ?? null,
    framework,
    details: { view, filters: digest },
  });
}
