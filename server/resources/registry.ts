import "server-only";
import { crudResources, type CrudResource } from "../auth/permissions";
import { DomainError } from "../errors";
import type { ResourceDefinition } from "./types";
import { users } from "./definitions/users";
import { profiles } from "./definitions/profiles";
import { attachmentAssessments } from "./definitions/attachmentAssessments";
import { matches } from "./definitions/matches";
import { messages } from "./definitions/messages";
import { events } from "./definitions/events";
import { eventRegistrations } from "./definitions/eventRegistrations";
import { subscriptions } from "./definitions/subscriptions";
import { payments } from "./definitions/payments";
import { consentLogs } from "./definitions/consentLogs";
import { complianceLogs } from "./definitions/complianceLogs";
import { aiInteractions } from "./definitions/aiInteractions";

/** Every resource, by name: the one place the list of twelve lives on the server. */
export const registry: Record<CrudResource, ResourceDefinition> = {
  users,
  profiles,
  attachment_assessments: attachmentAssessments,
  matches,
  messages,
  events,
  event_registrations: eventRegistrations,
  subscriptions,
  payments,
  consent_logs: consentLogs,
  compliance_logs: complianceLogs,
  ai_interactions: aiInteractions,
};

export const isResourceName = (name: string): name is CrudResource =>
  (crudResources as readonly string[]).includes(name);

export function resourceNamed(name: string): ResourceDefinition {
  if (!isResourceName(name)) throw new DomainError("not_found", `Unknown resource: ${name}`);
  return registry[name];
}
