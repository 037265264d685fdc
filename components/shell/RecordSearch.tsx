"use client";

import { useEffect, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { Priority, useKBar, useRegisterActions, type Action } from "@refinedev/kbar";
import { restrictionLabel } from "@/lib/resources/people";
import type { RecordHit, RecordSearchResult } from "@/server/search/searchRecords";
import { fetchJson } from "@/components/refine/fetchJson";
import { PersonAvatar } from "@/components/people/PersonRef";
import { useAdmin } from "./AdminContext";

const DEBOUNCE_MS = 200;
const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Above refine's screen sections (whose priority is their match score, at most 1). */
const section = { name: "Records", priority: 10 };
const nothing: { q: string; hits: RecordHit[] } = { q: "", hits: [] };

/**
 * Records in the Ctrl/⌘ K palette, beside refine's screens: what is typed goes to GET /api/search
 * (debounced), which finds users by email or name, events by title, payments by Stripe id and any
 * pasted UUID, within the role's permissions and masking. Each hit is registered as a palette
 * action opening the record; its keywords are the text it was found for, so the palette's own
 * fuzzy filter keeps it (it matched on the server, perhaps by a field the palette does not show).
 */
export function RecordSearch() {
  const router = useRouter();
  const { resources } = useAdmin();
  const { search } = useKBar((state) => ({ search: state.searchQuery }));
  const [found, setFound] = useState(nothing);

  const q = search.trim();
  const searchable = q.length >= 3 || idPattern.test(q);
  useEffect(() => {
    if (!searchable) return;
    let live = true;
    const timer = setTimeout(() => {
      fetchJson<RecordSearchResult>(`/api/search?q=${encodeURIComponent(q)}`)
        .then((result) => live && setFound({ q, hits: result.hits }))
        .catch(() => live && setFound({ q, hits: [] }));
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, searchable]);

  const hits = searchable && found.q ? found : nothing;
  const actions = useMemo<Action[]>(() => {
    const singular = new Map(resources.map((meta) => [meta.name, meta.singular]));
    return hits.hits.map((hit) => ({
      id: `record:${hit.resource}:${hit.id}`,
      name: hit.title,
      subtitle: [
        singular.get(hit.resource) ?? hit.resource,
        hit.subtitle,
        hit.person?.restriction ? restrictionLabel(hit.person.restriction) : undefined,
      ]
        .filter(Boolean)
        .join(" · "),
      keywords: hits.q,
      section,
      priority: Priority.HIGH,
      icon: hit.person ? <PersonAvatar person={hit.person} size={20} /> : undefined,
      perform: () => router.push(hit.href),
    }));
  }, [hits, resources, router]);
  useRegisterActions(actions, [actions]);
  return null;
}
