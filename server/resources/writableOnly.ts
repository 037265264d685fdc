import "server-only";
import { z } from "zod";
import type { RowValues } from "./types";

/**
 * A write may name only the fields its definition lets it set. Anything else in the payload (a
 * compatibility score on a match, an email on a user, a key no table has) refuses the whole write
 * with an error naming the key, instead of being dropped while the screen says "saved". Both the
 * stray keys and the given fields' own errors are reported, so one round trip shows every problem.
 */
export function writableOnly(
  fields: z.ZodType<RowValues>,
  writable: readonly string[],
  columns: ReadonlySet<string>,
  refusal: "cannot be set" | "cannot be changed",
  plural: string,
): z.ZodType<RowValues> {
  const allowed = new Set(writable);
  return z.unknown().transform((input, ctx) => {
    if (input !== null && typeof input === "object" && !Array.isArray(input)) {
      for (const [key, value] of Object.entries(input)) {
        // An absent value (a form leaving a field out) asks for nothing.
        if (allowed.has(key) || value === undefined) continue;
        const message = columns.has(key) ? `${key}: ${refusal}` : `${key}: is not a field of ${plural.toLowerCase()}`;
        ctx.addIssue({ code: "custom", path: [key], message });
      }
    }
    const parsed = fields.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      return z.NEVER;
    }
    return parsed.data;
  });
}
