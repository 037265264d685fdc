"use client";

import Link from "next/link";
import { Avatar, Typography } from "antd";
import { avatarInitials, displayName, type Person } from "@/lib/resources/people";
import { resourcePath } from "@/components/shell/refineResources";
import { useIsUnknownPerson, usePerson } from "./peopleStore";
import { RestrictionBadge } from "./RestrictionBadge";

/** Dark enough for white initials at 4.5:1 or more. */
const palette = ["#1d4ed8", "#6d28d9", "#b91c1c", "#047857", "#9a3412", "#be185d", "#0e7490", "#4338ca"];

function colourOf(id: string): string {
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length];
}

/**
 * A photo only from this origin (a path like /photos/…): the Content-Security-Policy allows images
 * from nowhere else (lib/securityHeaders.ts), and a blocked image is a console error per row.
 * Anything else, initials. (Decided from the text alone, so server and browser render the same.)
 */
function usablePhoto(photo: string | null): string | undefined {
  return photo && photo.startsWith("/") && !photo.startsWith("//") ? photo : undefined;
}

/** The small round picture beside a name: the first photo, or initials. Decorative: the name says who. */
export function PersonAvatar({ person, size = 24 }: { person: Person; size?: number }) {
  return (
    <Avatar
      size={size}
      src={usablePhoto(person.photo)}
      alt=""
      aria-hidden
      style={{ backgroundColor: colourOf(person.id), color: "#fff", flex: "none", fontSize: size * 0.42 }}
    >
      {avatarInitials(person)}
    </Avatar>
  );
}

const userPath = (id: string) => `${resourcePath("users")}/show/${id}`;

/**
 * A reference to a platform user, shown as the person: avatar, display name linking to their page,
 * the email where the role may see it (masked for analysts), the restriction badge, and the id on
 * hover. `person` if the caller has it; else the people its screen's response brought
 * (components/people/peopleStore.ts). `showEmail={false}` where the email is on screen beside it.
 */
export function PersonRef({
  id,
  person: given,
  showEmail = true,
}: {
  id: string;
  person?: Person;
  showEmail?: boolean;
}) {
  const person = usePerson(id, given);
  const unknown = useIsUnknownPerson(id);
  if (!person) {
    return (
      <Link href={userPath(id)} title={`User id ${id}`} prefetch={false} data-testid="person-ref">
        {unknown ? `Unknown user ${id.slice(0, 8)}…` : `${id.slice(0, 8)}…`}
      </Link>
    );
  }
  const name = displayName(person);
  return (
    <span
      className="sb-person"
      data-testid="person-ref"
      title={`User id ${person.id}`}
      style={{ display: "inline-flex", alignItems: "center", gap: 6, flexWrap: "wrap", maxWidth: "100%" }}
    >
      <PersonAvatar person={person} />
      <Link href={userPath(person.id)} prefetch={false}>
        {name}
      </Link>
      {showEmail && person.email && person.email !== name && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {person.email}
        </Typography.Text>
      )}
      <RestrictionBadge restriction={person.restriction} />
    </span>
  );
}
