"use client";

import type { AccessControlProvider } from "@refinedev/core";
import type { StaffRole } from "@/db/schema/enums";
import { actions, can, type Action, type Resource } from "@/server/auth/permissions";

/** Refine resources that are screens rather than tables, and the capability each one needs. */
const screenCapability: Record<string, Resource> = {
  map: "map",
  compliance: "compliance_views",
  compliance_consent: "compliance_views",
  compliance_ai: "compliance_views",
  compliance_audit: "compliance_views",
  compliance_requests: "compliance_views",
  staff: "staff_accounts",
  dashboard: "dashboard",
};

/**
 * Hides what the role cannot do, from the same matrix the server enforces (server/auth/permissions.ts
 * is pure and safe in the browser). Hiding is a courtesy; the server refuses regardless.
 */
export function accessControlFor(role: StaffRole): AccessControlProvider {
  return {
    can: async ({ resource, action }) => {
      if (!resource) return { can: true };
      const target = (screenCapability[resource] ?? resource) as Resource;
      const normalized = (action === "clone" ? "create" : action) as Action;
      if (!actions.includes(normalized)) return { can: false, reason: `Unknown action ${action}` };
      const allowed = can(role, normalized, target);
      return allowed ? { can: true } : { can: false, reason: `Your role (${role}) cannot ${action} ${resource}.` };
    },
    options: { buttons: { enableAccessControl: true, hideIfUnauthorized: true } },
  };
}
