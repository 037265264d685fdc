"use client";

import Link from "next/link";
import { Tag, Typography } from "antd";
import { DateTime } from "@/components/format/DateTime";
import { formatCalendarDay, formatMoney, isCalendarDay } from "@/lib/format";
import type { FieldKind } from "@/lib/resources/types";
import { resourcePath } from "@/components/shell/refineResources";
import { PersonRef } from "@/components/people/PersonRef";
import type { Person } from "@/lib/resources/people";

const shortId = (id: string) => `${id.slice(0, 8)}…`;

/**
 * One value as a screen shows it, by the field's kind; a foreign key links to the record it names,
 * and a user id shows the person (PersonRef). A "person" field without a relation is the record's
 * own user (users.id): its email is beside it on the same record, so it is not repeated.
 */
export function FieldValue({
  kind,
  value,
  relation,
  full = false,
  person,
  recordTitle,
}: {
  kind: FieldKind;
  value: unknown;
  relation?: string;
  full?: boolean;
  /** The person a user id names, when the caller has it (a list page carries its rows' people). */
  person?: Person;
  /** What the reference names (an event's title, a staff member), when the caller has it: shown instead of the id. */
  recordTitle?: string;
}) {
  if (value === null || value === undefined || value === "")
    return <Typography.Text type="secondary">—</Typography.Text>;
  if ((kind === "person" || relation === "users") && typeof value === "string")
    return <PersonRef id={value} person={person} showEmail={relation === "users"} />;
  if (relation && typeof value === "string") {
    return (
      <Link href={`${resourcePath(relation)}/show/${value}`} title={value} prefetch={false}>
        {recordTitle ?? (full ? value : shortId(value))}
      </Link>
    );
  }
  // A reference named by the server (a staff member): the name, the id on hover.
  if (recordTitle !== undefined) return <span title={String(value)}>{recordTitle}</span>;
  switch (kind) {
    case "boolean":
      return value ? <Tag color="green">Yes</Tag> : <Tag>No</Tag>;
    case "enum":
      return <Tag>{String(value)}</Tag>;
    case "date":
      if (isCalendarDay(value)) return <span>{formatCalendarDay(value)}</span>;
      return <DateTime value={String(value)} />;
    case "money":
      // The server renders in its locale, the browser in the reader's: the text may differ.
      return <span suppressHydrationWarning>{formatMoney(value as string | number)}</span>;
    case "uuid":
      return (
        <Typography.Text code title={String(value)}>
          {full ? String(value) : shortId(String(value))}
        </Typography.Text>
      );
    case "json":
      return <Typography.Text code>{JSON.stringify(value)}</Typography.Text>;
    default:
      return <span>{String(value)}</span>;
  }
}
