/** A JSON value, as JSON.stringify writes it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The value with object keys sorted by UTF-16 code unit at every depth (arrays keep their order,
 * undefined members are left out): one text for one content, whatever order its keys came in.
 */
export function keysSorted(value: unknown): Json {
  if (Array.isArray(value)) return value.map(keysSorted);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, keysSorted((value as Record<string, unknown>)[k])]),
    );
  return value as Json;
}

/** JSON.stringify of keysSorted(value). */
export const sortedJson = (value: unknown): string => JSON.stringify(keysSorted(value));
