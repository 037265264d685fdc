/**
 * A platform user as a screen shows them wherever a record references one (server/people builds
 * these, masked for the role; components/people shows them). Shared by server and browser: no
 * server code here.
 */

/** The account's restriction now (issue #10), derived from its moderation decisions; null: none. */
export type PersonRestriction =
  | { kind: "visibility_restricted"; until: string | null }
  | { kind: "suspended"; until: string }
  | { kind: "terminated" };

export interface Person {
  id: string;
  /** The profile's display name as the role may see it (initials for analysts); null without a profile. */
  name: string | null;
  /** As the role may see it (masked for analysts); null once the account is erased. */
  email: string | null;
  /** The profile's first photo, for roles that may see photos; null otherwise. */
  photo: string | null;
  erased: boolean;
  restriction: PersonRestriction | null;
}

/** Every response of the list and show API that names users carries them, keyed by user id. */
export type PeopleById = Record<string, Person>;

const shortId = (id: string) => id.slice(0, 8);

/** What a person is called on screen: their name, else their email, else what is left of them. */
export function displayName(person: Pick<Person, "id" | "name" | "email" | "erased">): string {
  if (person.erased) return "Erased user";
  return person.name || person.email || `User ${shortId(person.id)}`;
}

/** One or two letters for an avatar without a photo: "Leon I." → "LI", "j***@x.com" → "J". */
export function avatarInitials(person: Pick<Person, "name" | "email">): string {
  const source = person.name ?? person.email ?? "";
  const letters = source
    .split(/[\s@.]+/)
    .filter((word) => /^\p{L}/u.test(word))
    .map((word) => Array.from(word)[0].toLocaleUpperCase());
  if (letters.length === 0) return "?";
  return person.name && letters.length > 1 ? letters[0] + letters[letters.length - 1] : letters[0];
}

const day = (iso: string) => iso.slice(0, 10);

/** "Suspended until 2026-03-01", "Hidden from discovery", "Terminated". */
export function restrictionLabel(restriction: PersonRestriction): string {
  switch (restriction.kind) {
    case "terminated":
      return "Terminated";
    case "suspended":
      return `Suspended until ${day(restriction.until)}`;
    case "visibility_restricted":
      return restriction.until ? `Hidden from discovery until ${day(restriction.until)}` : "Hidden from discovery";
  }
}
