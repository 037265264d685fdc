import "server-only";
import type { StaffRole } from "@/db/schema/enums";
import { seesMaskedData } from "../auth/permissions";
import type { Masker, ResolvedField, ResourceDefinition, RowValues } from "./types";
import type { ResourceRow } from "@/lib/resources/types";

/** j***@example.com: enough to recognise an account, not to contact it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * "Leon Ivanov" → "L. I.": initials of the first and last word. Enough to tell two people apart in
 * a list, not to find them (a dating platform's users are searchable by name elsewhere).
 */
export function maskPersonName(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "";
  const initial = (word: string) => `${Array.from(word)[0].toLocaleUpperCase()}.`;
  return words.length === 1 ? initial(words[0]) : `${initial(words[0])} ${initial(words[words.length - 1])}`;
}

/** A profile name as `role` may see it: every screen or route that selects a name outside the registry goes through here. */
export function personNameFor(role: StaffRole, name: string | null): string | null {
  if (name === null) return null;
  return seesMaskedData(role) ? maskPersonName(name) : name;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function applyMask(mask: Masker, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (mask) {
    case "email":
      return maskEmail(String(value));
    case "omit":
      return null;
    case "initials":
      return maskPersonName(String(value));
    case "round1": {
      const point = value as { lat: number; lng: number };
      return { lat: round1(point.lat), lng: round1(point.lng) };
    }
  }
}

/** Whether `role` sees this field as stored (masked and role-restricted fields cannot be filtered, sorted or searched by it). */
export function seesVerbatim(field: ResolvedField, role: StaffRole): boolean {
  if (field.spec.visibleTo && !field.spec.visibleTo.includes(role)) return false;
  return !(field.spec.mask && seesMaskedData(role));
}

/** One stored value as `role` may see it: null where the role may not, masked where it sees masked data. */
export function present(field: ResolvedField, role: StaffRole, value: unknown): unknown {
  if (field.spec.visibleTo && !field.spec.visibleTo.includes(role)) return null;
  if (field.spec.mask && seesMaskedData(role)) return applyMask(field.spec.mask, value);
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}

/** A database row as a role may see it: camelCase keys, `id`, hidden fields gone, masks applied. */
export function toClientRow(def: ResourceDefinition, role: StaffRole, raw: RowValues): ResourceRow {
  const row: Record<string, unknown> = {};
  for (const field of def.visibleFields) row[field.field] = present(field, role, raw[field.field]);
  row.id = String(raw[def.pk.field]);
  return row as ResourceRow;
}
