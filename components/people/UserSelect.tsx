"use client";

import { useMemo, useState, type CSSProperties } from "react";
import { Select, Space, Spin, Typography } from "antd";
import { displayName, type Person } from "@/lib/resources/people";
import { fetchJson } from "@/components/refine/fetchJson";
import { useDebouncedSearch } from "@/components/refine/useDebouncedSearch";
import { rememberPeople, usePerson } from "./peopleStore";
import { PersonAvatar } from "./PersonRef";
import { RestrictionBadge } from "./RestrictionBadge";

interface SearchAnswer {
  people: Person[];
  searchedBy: ("id" | "email" | "name")[];
}

const MIN_LENGTH = 3;
const DEBOUNCE_MS = 250;
const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function PersonOption({ person }: { person: Person }) {
  return (
    <Space size={6} wrap={false}>
      <PersonAvatar person={person} size={20} />
      <span>{displayName(person)}</span>
      {person.email && person.email !== displayName(person) && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {person.email}
        </Typography.Text>
      )}
      <RestrictionBadge restriction={person.restriction} />
    </Space>
  );
}

const hintFor = (searchedBy: SearchAnswer["searchedBy"] | null, text: string, loading: boolean) => {
  if (loading) return <Spin size="small" />;
  const byIdOnly = searchedBy !== null && !searchedBy.includes("email") && !searchedBy.includes("name");
  if (byIdOnly) return "Your role finds users by id only: paste a user id";
  if (text.trim().length < MIN_LENGTH && !idPattern.test(text.trim()))
    return `Type ${MIN_LENGTH} or more letters of an email or name, or paste a user id`;
  return "No user matches";
};

/**
 * Asks for a platform user by email, name or id, searching as you type (GET /api/people/search,
 * debounced): the value is the user's id, what shows is the person. A role that sees emails and
 * names masked (analysts) can only paste an id; the server decides that, not this control.
 * Works as a form control (value/onChange from Form.Item) and on its own.
 */
export function UserSelect({
  id,
  value,
  onChange,
  disabled,
  placeholder = "Email, name or user id",
  style,
  allowClear = true,
  "aria-label": ariaLabel,
}: {
  id?: string;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  disabled?: boolean;
  placeholder?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  "aria-label"?: string;
}) {
  const [text, setText] = useState("");
  const selected = usePerson(value ?? null);
  const q = text.trim();
  const { answer, loading } = useDebouncedSearch(
    q.length >= MIN_LENGTH || idPattern.test(q) ? q : null,
    async (query) => {
      const found = await fetchJson<SearchAnswer>(`/api/people/search?q=${encodeURIComponent(query)}`);
      rememberPeople(Object.fromEntries(found.people.map((person) => [person.id, person])));
      return found;
    },
    DEBOUNCE_MS,
  );
  const found = useMemo(() => answer?.people ?? [], [answer]);
  const searchedBy = answer?.searchedBy ?? null;

  const options = useMemo(() => {
    const people = [...found];
    if (selected && !people.some((p) => p.id === selected.id)) people.unshift(selected);
    return people.map((person) => ({ value: person.id, label: displayName(person), person }));
  }, [found, selected]);

  return (
    <Select<string, (typeof options)[number]>
      id={id}
      aria-label={ariaLabel}
      showSearch
      allowClear={allowClear}
      disabled={disabled}
      placeholder={placeholder}
      style={{ minWidth: 260, ...style }}
      value={value ?? undefined}
      filterOption={false}
      searchValue={text}
      onSearch={setText}
      onChange={(next) => {
        setText("");
        onChange?.(next ?? undefined);
      }}
      onClear={() => onChange?.(undefined)}
      options={options}
      optionRender={(option) => <PersonOption person={option.data.person} />}
      notFoundContent={hintFor(searchedBy, text, loading)}
      popupMatchSelectWidth={false}
    />
  );
}
