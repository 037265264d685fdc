import type { StaffRole } from "@/db/schema/enums";

/** How the back office names each staff role: a tag label, and the words for a sentence. */
export const roleLabel: Record<StaffRole, string> = {
  admin: "Admin",
  trust_safety: "Trust & safety",
  compliance_officer: "Compliance officer",
  analyst: "Analyst",
};

/** "Signed in as <one>." */
export const roleInSentence: Record<StaffRole, string> = {
  admin: "admin",
  trust_safety: "trust & safety",
  compliance_officer: "compliance officer",
  analyst: "analyst",
};

/** "… is for <many>." */
export const rolePlural: Record<StaffRole, string> = {
  admin: "admins",
  trust_safety: "trust & safety staff",
  compliance_officer: "compliance officers",
  analyst: "analysts",
};
