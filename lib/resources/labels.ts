/**
 * A resource label inside a sentence: "Match" → "match", "Event registrations" → "event
 * registrations", but an acronym stays as it is ("AI interactions").
 */
export const inSentence = (label: string): string =>
  /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);

/** "1 match", "1,204 matches": a count with the label that fits it, mid-sentence. */
export const counted = (count: number, labels: { singular: string; plural: string }): string =>
  `${count.toLocaleString()} ${inSentence(count === 1 ? labels.singular : labels.plural)}`;

/** What titles need to know of a resource (its ResourceMeta on the client, its definition on the server). */
export interface TitleSpec {
  singular: string;
  primaryKey: string;
  /** The field that names a record ("title" of an event). */
  titleField?: string;
  /** Fields holding a platform user's id. */
  people?: string[];
}

/**
 * A record's title, naming it as a person would: "Leon I. — user", "Speed dating Berlin — event",
 * "Match of Leon I. and Ana K."; without a name to give, "Payment 1a2b3c4d". `nameOf` gives a user
 * id's display name as the role may see it (initials for analysts).
 */
export function recordTitle(
  spec: TitleSpec,
  record: Record<string, unknown>,
  nameOf: (userId: string) => string | undefined,
): string {
  const kind = inSentence(spec.singular);
  const named = spec.titleField ? record[spec.titleField] : undefined;
  if (typeof named === "string" && named.trim()) return `${named.trim()} — ${kind}`;
  const id = String(record.id ?? record[spec.primaryKey] ?? "");
  const people = spec.people ?? [];
  if (people.includes(spec.primaryKey)) {
    const name = nameOf(id);
    if (name) return `${name} — ${kind}`;
  }
  const names = people
    .filter((field) => field !== spec.primaryKey)
    .map((field) => record[field])
    .filter((value): value is string => typeof value === "string")
    .map(nameOf)
    .filter((name): name is string => !!name);
  if (names.length) return `${spec.singular} of ${names.join(" and ")}`;
  return `${spec.singular} ${id.slice(0, 8)}`;
}
