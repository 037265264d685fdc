"use client";

import { useEffect, useMemo, useState, type CSSProperties } from "react";
import Link from "next/link";
import { Select, Spin } from "antd";
import type { ListResponse, ResourceMeta, ShowResponse } from "@/lib/resources/types";
import { fetchJson } from "@/components/refine/fetchJson";
import { useDebouncedSearch } from "@/components/refine/useDebouncedSearch";
import { useResourceMeta } from "@/components/shell/AdminContext";
import { resourcePath } from "@/components/shell/refineResources";
import { formatDateTime } from "@/lib/format";

/**
 * The resource a reference field points at, when a person can choose its records by name: it has
 * a title field, the role may list it, and its list has a search. Otherwise the id is typed.
 */
export function useTitledTarget(resource: string | undefined): ResourceMeta | undefined {
  const target = useResourceMeta(resource ?? "");
  return target?.titleField && target.searchable ? target : undefined;
}

/** How a record is named in a choice: its title and, since titles repeat (a weekly event keeps its name), the list's date. */
function recordLabel(target: ResourceMeta, row: Record<string, unknown>): string {
  const when = target.listColumns.find((c) => c.field === target.defaultSort.field && c.kind === "date")?.field;
  const title = String(row[target.titleField as string] ?? row.id);
  return when && row[when] ? `${title} · ${formatDateTime(row[when] as string)}` : title;
}

/** The label of the record `value` names (fetched once per value), for a value set from outside. */
function useRecordLabel(target: ResourceMeta, value: string | null | undefined) {
  const [known, setKnown] = useState<{ value: string; label: string } | null>(null);
  useEffect(() => {
    if (!value || known?.value === value) return;
    let current = true;
    fetchJson<ShowResponse>(`/api/resources/${target.name}/${encodeURIComponent(value)}`)
      .then((body) => current && setKnown({ value, label: recordLabel(target, body.data) }))
      .catch(() => current && setKnown({ value, label: value }));
    return () => {
      current = false;
    };
  }, [value, target, known?.value]);
  return [known, setKnown] as const;
}

/** A reference that cannot be changed here: the record, linked, not a greyed-out select (whose text is unreadable). */
export function FixedRecord({ target, id, value }: { target: ResourceMeta; id?: string; value?: string | null }) {
  const [known] = useRecordLabel(target, value);
  if (!value) return <span id={id}>—</span>;
  return (
    <Link id={id} href={`${resourcePath(target.name)}/show/${value}`} prefetch={false} title={value}>
      {known?.value === value ? known.label : value}
    </Link>
  );
}

/**
 * Asks for a record of another resource (an event) by its title, searching that resource's list
 * as you type (GET /api/resources/<resource>?q=…, debounced): the value is the record's id, what
 * shows is its title. Works as a form control (value/onChange from Form.Item).
 */
export function RecordSelect({
  target,
  id,
  value,
  onChange,
  placeholder,
  style,
  allowClear = true,
}: {
  target: ResourceMeta;
  id?: string;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  style?: CSSProperties;
  allowClear?: boolean;
}) {
  const [text, setText] = useState("");
  const [chosen, setChosen] = useRecordLabel(target, value);
  // Nothing is read until the control is used: a list page need not ask for events it never offers.
  const [opened, setOpened] = useState(false);
  const { answer, loading } = useDebouncedSearch(opened ? text.trim() : null, async (q) => {
    const page = await fetchJson<ListResponse>(
      `/api/resources/${target.name}?pageSize=20${q ? `&q=${encodeURIComponent(q)}` : ""}`,
    );
    return page.data.map((row) => ({ value: row.id, label: recordLabel(target, row) }));
  });
  const found = useMemo(() => answer ?? [], [answer]);

  const options = useMemo(
    () => (chosen && !found.some((o) => o.value === chosen.value) ? [chosen, ...found] : found),
    [found, chosen],
  );

  return (
    <Select<string>
      id={id}
      showSearch
      allowClear={allowClear}
      placeholder={placeholder ?? `Any ${target.singular.toLowerCase()}: type to search`}
      style={{ minWidth: 260, ...style }}
      value={value ?? undefined}
      filterOption={false}
      searchValue={text}
      onSearch={setText}
      onFocus={() => setOpened(true)}
      onChange={(next, option) => {
        setText("");
        if (next && option && !Array.isArray(option)) setChosen({ value: next, label: String(option.label) });
        onChange?.(next ?? undefined);
      }}
      onClear={() => onChange?.(undefined)}
      options={options}
      notFoundContent={loading ? <Spin size="small" /> : `No ${target.singular.toLowerCase()} matches`}
      popupMatchSelectWidth={false}
    />
  );
}
