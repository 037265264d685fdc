/**
 * Text PostgreSQL cannot store: a NUL character (text columns and parameters refuse U+0000) or an
 * unpaired UTF-16 surrogate (not encodable as UTF-8). Input carrying either is refused up front,
 * naming where it was, instead of failing deep inside a query as a 500.
 */
export const UNSTORABLE_TEXT = "contains a character that cannot be stored (a NUL byte or invalid Unicode)";

export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && text.isWellFormed();
}

/**
 * The first place in a server action's payload (an object, array or string) holding unstorable
 * text, as a field path ("name", "tags.2"); keys are checked too. Deeper than `maxDepth` is
 * reported on the form: no form of this app nests that far.
 */
export function unstorablePath(value: unknown, path: string[] = [], maxDepth = 32): string | null {
  if (typeof value === "string") return isStorableText(value) ? null : path.join(".") || "_form";
  if (value === null || typeof value !== "object") return null;
  if (path.length >= maxDepth) return path.join(".") || "_form";
  for (const [key, child] of Object.entries(value)) {
    if (!isStorableText(key)) return [...path, key.replace(/\u0000/g, "\\0")].join(".");
    const found = unstorablePath(child, [...path, key], maxDepth);
    if (found) return found;
  }
  return null;
}
