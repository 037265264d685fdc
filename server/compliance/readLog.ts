import "server-only";
import { getDatabase } from "@/db/client";
import type { StaffActor } from "../auth/actor";
import { appendAudit } from "../audit/appendAudit";
import { activeFilters } from "./filters";

type Framework = "gdpr" | "eu_ai_act" | "ccpa" | "sb_243";

/**
 * Every read of a compliance view is itself recorded: who looked at what, with which filters.
 * Reads of personal data are processing too (GDPR Art. 5(2), 30).
 */
export async function logRead(
  actor: StaffActor,
  view: string,
  params: Record<string, unknown>,
  framework: Framework = "gdpr",
  userId?: string,
): Promise<void> {
  const { db } = await getDatabase();
  await appendAudit(db, actor, {
    resource: "compliance_views",
    action: "show",
    recordId: view,
    userId: userId ?? null,
    framework,
    details: { view, filters: activeFilters(params) },
  });
}
