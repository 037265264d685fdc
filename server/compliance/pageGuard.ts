import "server-only";
import { forbidden, redirect } from "next/navigation";
import { staffRoles, type StaffRole } from "@/db/schema/enums";
import { roleInSentence, rolePlural } from "@/components/shell/roleLabels";
import { currentActor } from "../auth/actor";
import { can, type Resource } from "../auth/permissions";

/**
 * The screens that are not registry tables and are closed to some roles: the capability in the
 * permission matrix that opens each, and how a sentence starts that says who it is for.
 */
const guardedScreens = {
  consent: { resource: "compliance_views", isFor: "The consent screen is for" },
  ai: { resource: "compliance_views", isFor: "The AI transparency screen is for" },
  audit: { resource: "compliance_views", isFor: "The audit log is for" },
  requests: { resource: "data_subject_requests", isFor: "Data-subject requests are for" },
  staff: { resource: "staff_accounts", isFor: "Staff accounts are for" },
  transparency: { resource: "transparency_report", isFor: "The transparency report is for" },
  moderation: { resource: "reports", isFor: "The moderation queue is for" },
} satisfies Record<string, { resource: Resource; isFor: string }>;
export type GuardedScreen = keyof typeof guardedScreens;

/**
 * A guarded screen's page calls this first: no session goes to sign-in; a role the matrix does not
 * allow gets a 403 (the screen's forbidden.tsx says why), never a silent redirect.
 */
export async function requireScreen(screen: GuardedScreen): Promise<void> {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (!can(actor.role, "list", guardedScreens[screen].resource)) forbidden();
}

/** The roles that may open a screen, read from the matrix; admin last ("compliance officers and admins"). */
export function rolesAllowedOn(screen: GuardedScreen): StaffRole[] {
  const allowed = staffRoles.filter((role) => can(role, "list", guardedScreens[screen].resource));
  return [...allowed.filter((role) => role !== "admin"), ...allowed.filter((role) => role === "admin")];
}

const listInWords = (words: string[]) =>
  words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;

/** "Signed in as analyst. The audit log is for compliance officers and admins." */
export function noAccessSentence(role: StaffRole | null, screen: GuardedScreen): string {
  const needed = `${guardedScreens[screen].isFor} ${listInWords(rolesAllowedOn(screen).map((r) => rolePlural[r]))}.`;
  return role ? `Signed in as ${roleInSentence[role]}. ${needed}` : needed;
}

/** The sentence for the signed-in staff member (read by each guarded screen's forbidden.tsx). */
export async function noAccessMessage(screen: GuardedScreen): Promise<string> {
  return noAccessSentence((await currentActor())?.role ?? null, screen);
}
