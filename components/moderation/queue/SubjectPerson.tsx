"use client";

import Link from "next/link";
import { Avatar, Space, Tag, Typography } from "antd";
import { displayName, restrictionLabel, type PersonRestriction } from "@/lib/resources/people";
import type { RestrictionView, SubjectPerson as Person } from "@/server/moderation/subjects";

/** Dark enough for white initials at 4.5:1 or more. */
const palette = ["#1d4ed8", "#6d28d9", "#b91c1c", "#047857", "#9a3412", "#be185d", "#0e7490", "#4338ca"];
const colourOf = (id: string) => {
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length];
};

/** The restriction in the shared vocabulary of lib/resources/people.ts (null: none). */
export function personRestriction(view: RestrictionView): PersonRestriction | null {
  switch (view.restriction) {
    case "terminated":
      return { kind: "terminated" };
    case "suspended":
      return { kind: "suspended", until: view.until ?? "" };
    case "visibility_restricted":
      return { kind: "visibility_restricted", until: view.until };
    default:
      return null;
  }
}

/** AA contrast on both colour modes: each tag carries its own light background. */
const look: Record<PersonRestriction["kind"], { color: string; background: string; borderColor: string }> = {
  terminated: { color: "#a8071a", background: "#fff1f0", borderColor: "#ffa39e" },
  suspended: { color: "#873800", background: "#fff7e6", borderColor: "#ffd591" },
  visibility_restricted: { color: "#391085", background: "#f9f0ff", borderColor: "#d3adf7" },
};

/** The account's current restriction as a badge; nothing when there is none. */
export function RestrictionTag({ restriction }: { restriction: RestrictionView }) {
  const value = personRestriction(restriction);
  if (!value) return null;
  return (
    <Tag
      data-testid="restriction-badge"
      data-restriction={value.kind}
      style={{ ...look[value.kind], marginInlineEnd: 0 }}
    >
      {restrictionLabel(value)}
    </Tag>
  );
}

/**
 * A subject of the queue as a person: initials avatar, name (linking to the panel or the user page),
 * email, and the restriction badge. Photos are not used as avatars here: reported photos may be the
 * very content under review.
 */
export function SubjectPerson({
  person,
  restriction,
  href,
  size = 32,
}: {
  person: Person;
  restriction: RestrictionView;
  href?: string;
  size?: number;
}) {
  const name = displayName(person);
  return (
    <Space size={8} align="center" wrap={false}>
      <Avatar
        size={size}
        aria-hidden
        style={{ backgroundColor: colourOf(person.id), color: "#fff", flex: "none", fontSize: size * 0.4 }}
      >
        {person.initials}
      </Avatar>
      <Space direction="vertical" size={0}>
        <Space size={6} wrap>
          {href ? <Link href={href}>{name}</Link> : <Typography.Text strong>{name}</Typography.Text>}
          <RestrictionTag restriction={restriction} />
        </Space>
        {person.email && person.email !== name && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {person.email}
          </Typography.Text>
        )}
      </Space>
    </Space>
  );
}
