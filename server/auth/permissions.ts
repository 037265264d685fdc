import type { StaffRole } from "@/db/schema/enums";

/**
 * The one permission matrix. The server enforces it on every route handler and server action;
 * the UI reads the same matrix (Refine's access-control provider) only to hide what cannot be done.
 */
export const crudResources = [
  "users",
  "profiles",
  "attachment_assessments",
  "matches",
  "messages",
  "events",
  "event_registrations",
  "subscriptions",
  "payments",
  "consent_logs",
  "compliance_logs",
  "ai_interactions",
] as const;
export type CrudResource = (typeof crudResources)[number];

/** Screens and capabilities that are not a table. */
export type Capability =
  "staff_accounts" | "map" | "map_points" | "compliance_views" | "audit_export" | "data_subject_requests" | "dashboard";
/** Trust & safety (issue #10): notices, and decisions (append-only: created, never edited or deleted). */
export type ModerationResource =
  | "reports"
  | "moderation_actions"
  | "appeals"
  | "statements_of_reasons"
  /** The transparency report's aggregates (DSA Arts. 15, 24): figures only, no subject. */
  | "transparency_report";
export type Resource = CrudResource | Capability | ModerationResource;

export const actions = ["list", "show", "create", "edit", "delete", "export"] as const;
export type Action = (typeof actions)[number];

const read: Action[] = ["list", "show", "export"];
const write: Action[] = ["list", "show", "create", "edit", "delete", "export"];

type Matrix = Record<Exclude<StaffRole, "admin">, Partial<Record<Resource, Action[]>>>;

const matrix: Matrix = {
  trust_safety: {
    users: write,
    profiles: write,
    matches: write,
    // Messages are read-only evidence for every role (the registry defines no message writes).
    messages: read,
    events: write,
    event_registrations: write,
    subscriptions: read,
    payments: read,
    attachment_assessments: read,
    // edit: rebuild the map's precomputed clusters (server/geo/actions.ts).
    map: [...read, "edit"],
    map_points: read,
    dashboard: read,
    // Work the queue and decide (server/moderation/takeAction.ts).
    reports: ["list", "show", "create", "edit"],
    moderation_actions: ["list", "show", "create"],
    // Record an appeal (create) and decide one (edit); the decider must not be the original moderator.
    appeals: ["list", "show", "create", "edit"],
    statements_of_reasons: read,
    transparency_report: read,
  },
  compliance_officer: {
    ...Object.fromEntries(crudResources.map((r) => [r, read])),
    map: [...read, "edit"],
    map_points: read,
    compliance_views: read,
    audit_export: read,
    data_subject_requests: write,
    dashboard: read,
    // Reads reports and decisions (for statements and the transparency report); decides nothing.
    reports: read,
    moderation_actions: read,
    appeals: read,
    statements_of_reasons: read,
    transparency_report: read,
  },
  // Read-only, with personal data masked (see maskingFor); clusters only on the map.
  analyst: {
    ...Object.fromEntries(crudResources.map((r) => [r, read])),
    map: read,
    dashboard: read,
    transparency_report: read,
  },
};

export function can(role: StaffRole, action: Action, resource: Resource): boolean {
  if (role === "admin") return true;
  return matrix[role][resource]?.includes(action) ?? false;
}

/** Analysts see personal data masked; everyone else sees it as stored. */
export const seesMaskedData = (role: StaffRole) => role === "analyst";
