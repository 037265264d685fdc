/**
 * A statement of reasons must not contain personal data (DSA Art. 24(5)); the database's own
 * guidance warns that the free-text fields are where it slips in. Moderators write the facts for
 * colleagues and may name people, so the statement's free texts pass through here: the names,
 * emails and ids of everyone the decision touches (the account holder, the reporters, the staff
 * member) are removed, and so is anything shaped like an email, a uuid, a phone number, a link or
 * an @handle. The moderation record itself keeps what was written.
 *
 * Pure: the seed uses it too.
 */

export const REMOVED = "[personal data removed]";

/** Who a decision touches, as far as we know them; every field is optional. */
export interface KnownPeople {
  ids?: (string | null | undefined)[];
  emails?: (string | null | undefined)[];
  /** Display and staff names ("Lena K.", "Tomas Trust"): the whole name and its first word are removed. */
  names?: (string | null | undefined)[];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const patterns: RegExp[] = [
  // Emails, before handles (the part after @ would otherwise look like one).
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu,
  /\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b/gi,
  /\b(?:https?:\/\/|www\.)\S+/gi,
  /(?<![\p{L}\p{N}])@[\p{L}\p{N}_.]{2,}/gu,
];

/** Phone numbers: 7 or more digits, allowing spaces, dots, dashes, brackets and a leading +. */
const phoneShaped = /(?<![\p{L}\p{N}])\+?\d(?:[\s().-]?\d){6,}(?![\p{L}\p{N}])/gu;
const dateShaped = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}(?:[:.]?\d{2})?)?$/;

/** The literal strings to remove for these people, longest first (a full name before its first word). */
function literalsOf(people: KnownPeople): string[] {
  const literals = new Set<string>();
  for (const value of [...(people.ids ?? []), ...(people.emails ?? [])]) if (value?.trim()) literals.add(value.trim());
  for (const name of people.names ?? []) {
    const trimmed = name?.trim();
    if (!trimmed) continue;
    literals.add(trimmed);
    // "Lena K." also appears as "Lena"; a one- or two-letter word is too common to remove everywhere.
    const first = trimmed.split(/\s+/)[0].replace(/[.,]$/, "");
    if ([...first].length >= 3) literals.add(first);
  }
  return [...literals].sort((a, b) => b.length - a.length);
}

const letterOrDigitAtEnd = /[\p{L}\p{N}]$/u;
const letterOrDigitAtStart = /^[\p{L}\p{N}]/u;

/** Whether text[start, end) stands alone: no letter or digit right before or after it. */
const isWhole = (text: string, start: number, end: number) =>
  !letterOrDigitAtEnd.test(text.slice(Math.max(0, start - 2), start)) &&
  !letterOrDigitAtStart.test(text.slice(end, end + 2));

/**
 * A function removing the known people's identifiers and anything shaped like contact data from a
 * text. Compiled once for a set of people (one pattern for all their names, emails and ids) and
 * applied to each free text of a statement.
 *
 * Whole words only (so "Lena" does not eat "Lenard"), case-insensitive, longest first. The pattern
 * with the word boundaries written into it (lookarounds on \p{L}\p{N}) takes V8 about a
 * millisecond to compile, once per decision's set of people, which made statements the seed's
 * slowest table; so the literals are matched alone and each match's boundaries checked after. When
 * a match fails that check (a shorter literal might still stand alone at the same place), the text
 * goes through the full pattern instead: the same removals either way.
 */
export function personalDataRemover(people: KnownPeople = {}): (text: string) => string {
  const literals = literalsOf(people);
  const alternation = literals.map(escape).join("|");
  const known = literals.length ? new RegExp(alternation, "giu") : null;
  let bounded: RegExp | undefined;
  const removeKnown = (text: string) => {
    if (!known) return text;
    let inWord = false;
    const removed = text.replace(known, (match: string, offset: number) => {
      if (isWhole(text, offset, offset + match.length)) return REMOVED;
      inWord = true;
      return match;
    });
    if (!inWord) return removed;
    bounded ??= new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation})(?![\\p{L}\\p{N}])`, "giu");
    return text.replace(bounded, REMOVED);
  };
  return (text) => {
    let result = removeKnown(text);
    for (const pattern of patterns) result = result.replace(pattern, REMOVED);
    // Dates and times ("2026-03-04 10:30") have as many digits as a phone number: keep those.
    return result.replace(phoneShaped, (match) => (dateShaped.test(match) ? match : REMOVED));
  };
}

/** `text` without the known people's identifiers and without anything shaped like contact data. */
export function withoutPersonalData(text: string, people: KnownPeople = {}): string {
  return personalDataRemover(people)(text);
}

/** The identifiers of `people` that occur in `text` (for tests and the export's last check). */
export function personalDataIn(text: string, people: KnownPeople): string[] {
  const haystack = text.toLowerCase();
  return literalsOf(people).filter((literal) => haystack.includes(literal.toLowerCase()));
}
