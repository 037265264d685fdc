"use client";

import { useEffect, useSyncExternalStore } from "react";
import type { PeopleById, Person } from "@/lib/resources/people";
import { fetchJson } from "@/components/refine/fetchJson";

/**
 * The people the screens have been told about, by user id. List and show responses carry the
 * people of their rows (server/people/peopleById.ts), and the data provider hands them here, so a
 * cell that holds a user id finds its person without a request of its own. An id no response
 * brought (a screen whose route does not look people up) is fetched in batches: every id asked for
 * within a few milliseconds goes in one GET /api/people?ids=…
 */
const known = new Map<string, Person>();
/** Asked for and not found (no such user): not asked for again. */
const unknown = new Set<string>();
const queued = new Set<string>();
const inFlight = new Set<string>();
const listeners = new Set<() => void>();
let flushTimer: ReturnType<typeof setTimeout> | null = null;
/** Bumped on every change, for components that read several people at once (usePeopleLookup). */
let version = 0;

const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BATCH = 100;

function notify() {
  version++;
  for (const listener of listeners) listener();
}

/** Takes the people a response carried (newer answers replace older ones: restrictions change). */
export function rememberPeople(people: PeopleById | undefined | null): void {
  if (!people) return;
  const entries = Object.entries(people);
  if (!entries.length) return;
  for (const [id, person] of entries) {
    known.set(id.toLowerCase(), person);
    unknown.delete(id.toLowerCase());
  }
  notify();
}

/** Forgets everyone: what one staff member's role could see is not kept for the next sign-in. */
export function forgetPeople(): void {
  known.clear();
  unknown.clear();
  queued.clear();
  notify();
}

async function flush() {
  flushTimer = null;
  const ids = [...queued].slice(0, BATCH);
  for (const id of ids) {
    queued.delete(id);
    inFlight.add(id);
  }
  if (queued.size) flushTimer = setTimeout(flush, 0);
  try {
    const { people } = await fetchJson<{ people: PeopleById }>(`/api/people?ids=${ids.join(",")}`);
    for (const id of ids) if (!people[id]) unknown.add(id);
    rememberPeople(people);
  } catch {
    // Not fatal: the cell keeps showing the id (a role without access, a network blip).
    for (const id of ids) unknown.add(id);
    notify();
  } finally {
    for (const id of ids) inFlight.delete(id);
  }
}

function request(id: string) {
  if (known.has(id) || unknown.has(id) || inFlight.has(id) || queued.has(id)) return;
  queued.add(id);
  flushTimer ??= setTimeout(flush, 10);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The person behind a user id: `given` if the caller has it, else what a response brought, else
 * fetched (undefined until then, and for an id that names nobody).
 */
export function usePerson(id: string | null | undefined, given?: Person): Person | undefined {
  const key = id && idPattern.test(id) ? id.toLowerCase() : null;
  const stored = useSyncExternalStore(
    subscribe,
    () => (key ? known.get(key) : undefined),
    () => undefined,
  );
  useEffect(() => {
    if (key && !given) request(key);
  }, [key, given, stored]);
  return given ?? stored;
}

/** Whether the lookup of `id` has ended without a person (no such user, or not visible to the role). */
export function useIsUnknownPerson(id: string | null | undefined): boolean {
  const key = id ? id.toLowerCase() : null;
  return useSyncExternalStore(
    subscribe,
    () => (key ? unknown.has(key) : false),
    () => false,
  );
}

/**
 * A lookup of people already known (no fetching), that re-renders its component when people
 * arrive: for titles naming several users ("Match of Leon I. and Ana K.").
 */
export function usePeopleLookup(): (id: string) => Person | undefined {
  useSyncExternalStore(
    subscribe,
    () => version,
    () => 0,
  );
  return (id) => known.get(id.toLowerCase());
}
