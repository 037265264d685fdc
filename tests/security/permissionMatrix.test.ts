import { describe, expect, it } from "vitest";
import type { StaffRole } from "@/db/schema/enums";
import { actions, can, type Action, type Resource } from "@/server/auth/permissions";

/**
 * The permission matrix as reviewed, written out by hand: one letter per action a role may take
 * (l list, s show, c create, e edit, d delete, x export; "-" nothing). It is the specification the
 * code must equal, cell by cell, so a widened right (an analyst who may edit) fails here even when
 * every other test computes its expectation from the code. Admin may do everything.
 */
const reviewed: Record<Resource, Record<Exclude<StaffRole, "admin">, string>> = {
  //                        trust_safety  compliance   analyst
  users: /*              */ { trust_safety: "lscedx", compliance_officer: "lsx", analyst: "lsx" },
  profiles: /*           */ { trust_safety: "lscedx", compliance_officer: "lsx", analyst: "lsx" },
  attachment_assessments: { trust_safety: "lsx", compliance_officer: "lsx", analyst: "lsx" },
  matches: /*            */ { trust_safety: "lscedx", compliance_officer: "lsx", analyst: "lsx" },
  messages: /*           */ { trust_safety: "lsx", compliance_officer: "lsx", analyst: "lsx" },
  events: /*             */ { trust_safety: "lscedx", compliance_officer: "lsx", analyst: "lsx" },
  event_registrations: /**/ { trust_safety: "lscedx", compliance_officer: "lsx", analyst: "lsx" },
  subscriptions: /*      */ { trust_safety: "lsx", compliance_officer: "lsx", analyst: "lsx" },
  payments: /*           */ { trust_safety: "lsx", compliance_officer: "lsx", analyst: "lsx" },
  consent_logs: /*       */ { trust_safety: "-", compliance_officer: "lsx", analyst: "lsx" },
  compliance_logs: /*    */ { trust_safety: "-", compliance_officer: "lsx", analyst: "lsx" },
  ai_interactions: /*    */ { trust_safety: "-", compliance_officer: "lsx", analyst: "lsx" },
  staff_accounts: /*     */ { trust_safety: "-", compliance_officer: "-", analyst: "-" },
  map: /*                */ { trust_safety: "lsex", compliance_officer: "lsex", analyst: "lsx" },
  map_points: /*         */ { trust_safety: "lsx", compliance_officer: "lsx", analyst: "-" },
  compliance_views: /*   */ { trust_safety: "-", compliance_officer: "lsx", analyst: "-" },
  audit_export: /*       */ { trust_safety: "-", compliance_officer: "lsx", analyst: "-" },
  data_subject_requests: { trust_safety: "-", compliance_officer: "lscedx", analyst: "-" },
  dashboard: /*          */ { trust_safety: "lsx", compliance_officer: "lsx", analyst: "lsx" },
  reports: /*            */ { trust_safety: "lsce", compliance_officer: "lsx", analyst: "-" },
  moderation_actions: /* */ { trust_safety: "lsc", compliance_officer: "lsx", analyst: "-" },
  appeals: /*            */ { trust_safety: "lsce", compliance_officer: "lsx", analyst: "-" },
  statements_of_reasons: { trust_safety: "lsx", compliance_officer: "lsx", analyst: "-" },
  transparency_report: { trust_safety: "lsx", compliance_officer: "lsx", analyst: "lsx" },
};

const letter: Record<Action, string> = { list: "l", show: "s", create: "c", edit: "e", delete: "d", export: "x" };

describe("the permission matrix equals the reviewed table", () => {
  for (const [resource, byRole] of Object.entries(reviewed) as [Resource, Record<string, string>][]) {
    it(resource, () => {
      for (const [role, allowed] of Object.entries(byRole) as [Exclude<StaffRole, "admin">, string][]) {
        for (const action of actions)
          expect(can(role, action, resource), `${role} ${action} ${resource}`).toBe(allowed.includes(letter[action]));
        for (const action of actions) expect(can("admin", action, resource)).toBe(true);
      }
    });
  }
});
