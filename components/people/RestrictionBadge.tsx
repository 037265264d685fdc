"use client";

import { Tag } from "antd";
import { restrictionLabel, type PersonRestriction } from "@/lib/resources/people";

/**
 * Colours chosen for AA contrast (at least 4.5:1) in both colour modes: the tag carries its own
 * light background, so its dark text reads the same on a dark page (antd's orange and gold
 * presets are about 3:1).
 */
const look: Record<PersonRestriction["kind"], { color: string; background: string; borderColor: string }> = {
  terminated: { color: "#a8071a", background: "#fff1f0", borderColor: "#ffa39e" },
  suspended: { color: "#873800", background: "#fff7e6", borderColor: "#ffd591" },
  visibility_restricted: { color: "#391085", background: "#f9f0ff", borderColor: "#d3adf7" },
};

/**
 * The account's restriction (issue #10): terminated, suspended until a date, or hidden from
 * discovery. Nothing for an account without one.
 */
export function RestrictionBadge({ restriction }: { restriction: PersonRestriction | null | undefined }) {
  if (!restriction) return null;
  const label = restrictionLabel(restriction);
  return (
    <Tag
      data-testid="restriction-badge"
      data-restriction={restriction.kind}
      style={{ ...look[restriction.kind], marginInlineEnd: 0 }}
    >
      {label}
    </Tag>
  );
}
