"use client";

import type { ReactNode } from "react";
import { DeleteButton, EditButton, Show } from "@refinedev/antd";
import { useOne } from "@refinedev/core";
import { Alert, Descriptions } from "antd";
import type { FieldKind, RelatedTitles, ResourceMeta, ResourceRow } from "@/lib/resources/types";
import { useResourceMeta } from "@/components/shell/AdminContext";
import { isNotFound, retryUnlessRefused } from "@/components/refine/queryRetry";
import { recordTitle } from "@/lib/resources/labels";
import { displayName } from "@/lib/resources/people";
import { usePeopleLookup } from "@/components/people/peopleStore";
import { RestrictionBadge } from "@/components/people/RestrictionBadge";
import { FieldValue } from "./FieldValue";
import { RecordNotFound } from "./RecordNotFound";

const kindGuess = (value: unknown): FieldKind =>
  typeof value === "boolean"
    ? "boolean"
    : typeof value === "number"
      ? "number"
      : typeof value === "object" && value !== null
        ? "json"
        : typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)
          ? "date"
          : "text";

/** Every field of a record, labelled from the registry where it knows the field. */
export function RecordDescriptions({ meta, record }: { meta: ResourceMeta; record: ResourceRow }) {
  const known = new Map<string, { label: string; kind: FieldKind }>();
  for (const field of [...meta.listColumns, ...meta.formFields]) known.set(field.field, field);
  const relationOf = new Map((meta.relations ?? []).map((r) => [r.field, r.resource]));
  const entries = Object.entries(record).filter(([key]) => !key.startsWith("_"));
  const titles = record._titles as RelatedTitles | undefined;
  return (
    <Descriptions bordered column={1} size="small">
      {entries.map(([key, value]) => {
        const field = known.get(key);
        const label =
          meta.recordLabels?.[key] ??
          field?.label ??
          key.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase());
        return (
          <Descriptions.Item key={key} label={label}>
            <FieldValue
              kind={field?.kind ?? kindGuess(value)}
              value={value}
              relation={relationOf.get(key)}
              recordTitle={typeof value === "string" ? titles?.[key]?.[value] : undefined}
              full
            />
          </Descriptions.Item>
        );
      })}
    </Descriptions>
  );
}

/** The show screen of any resource; `children` receives the record for screen-specific parts. */
export function ResourceShow({
  resource,
  id,
  include,
  children,
  extraButtons,
}: {
  resource: string;
  id: string;
  include?: "related";
  children?: (record: ResourceRow) => ReactNode;
  extraButtons?: (record: ResourceRow) => ReactNode;
}) {
  const meta = useResourceMeta(resource);
  const { query } = useOne<ResourceRow>({
    resource,
    id,
    meta: include ? { include } : undefined,
    errorNotification: false,
    queryOptions: { enabled: !!meta, retry: retryUnlessRefused },
  });
  const personOf = usePeopleLookup();
  if (!meta) return <Alert type="warning" showIcon message="Your role cannot open this record." />;
  if (isNotFound(query.error)) return <RecordNotFound resource={resource} message={query.error?.message} />;
  const record = query.data?.data;
  const nameOf = (userId: string) => {
    const person = personOf(userId);
    return person ? displayName(person) : undefined;
  };
  // A record that is a user (users, profiles) shows the account's restriction beside its name.
  const ownPerson = record && meta.people?.includes(meta.primaryKey) ? personOf(record.id) : undefined;
  const title = record ? recordTitle(meta, record, nameOf) : `${meta.singular} ${id.slice(0, 8)}`;
  return (
    <Show
      resource={resource}
      recordItemId={id}
      isLoading={query.isLoading}
      // No back arrow: Refine nests its button in a role="button" div (nested-interactive); the breadcrumb leads back.
      goBack={false}
      title={
        <span
          data-testid="record-title"
          style={{ display: "inline-flex", alignItems: "center", gap: 8, flexWrap: "wrap" }}
        >
          {title}
          <RestrictionBadge restriction={ownPerson?.restriction} />
        </span>
      }
      headerButtons={() => (
        <>
          {record && extraButtons?.(record)}
          {meta.can.edit && <EditButton resource={resource} recordItemId={id} />}
          {meta.can.delete && <DeleteButton resource={resource} recordItemId={id} />}
        </>
      )}
    >
      {query.isError && <Alert type="error" showIcon message={query.error?.message ?? "Could not load the record"} />}
      {record && <RecordDescriptions meta={meta} record={record} />}
      {record && children?.(record)}
    </Show>
  );
}
