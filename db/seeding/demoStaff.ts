import type { StaffRole } from "../schema/enums";

/** One demo back-office login per role, created by the seed and printed at first start. */
export const demoStaff: { email: string; name: string; role: StaffRole; password: string }[] = [
  { email: "admin@saltbitter.test", name: "Ada Admin", role: "admin", password: "demo-admin-2026" },
  { email: "trust@saltbitter.test", name: "Tomas Trust", role: "trust_safety", password: "demo-trust-2026" },
  {
    email: "compliance@saltbitter.test",
    name: "Cora Compliance",
    role: "compliance_officer",
    password: "demo-compliance-2026",
  },
  { email: "analyst@saltbitter.test", name: "Ana Analyst", role: "analyst", password: "demo-analyst-2026" },
];

export function formatDemoLogins(): string {
  return demoStaff.map((s) => `  ${s.role.padEnd(20)} ${s.email.padEnd(28)} ${s.password}`).join("\n");
}
