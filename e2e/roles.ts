import type { StaffRole } from "../db/schema/enums";

/** The demo staff the seed creates (db/seeding/demoStaff.ts), one per role. */
export const staffLogins: Record<StaffRole, { email: string; password: string; name: string; label: string }> = {
  admin: { email: "admin@saltbitter.test", password: "demo-admin-2026", name: "Ada Admin", label: "Admin" },
  trust_safety: {
    email: "trust@saltbitter.test",
    password: "demo-trust-2026",
    name: "Tomas Trust",
    label: "Trust & safety",
  },
  compliance_officer: {
    email: "compliance@saltbitter.test",
    password: "demo-compliance-2026",
    name: "Cora Compliance",
    label: "Compliance officer",
  },
  analyst: { email: "analyst@saltbitter.test", password: "demo-analyst-2026", name: "Ana Analyst", label: "Analyst" },
};
