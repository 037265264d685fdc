"use client";

import { useSyncExternalStore, type ReactNode } from "react";

const noSubscription = () => () => {};

/** False in the server's HTML and while React hydrates it; true once this page's JavaScript runs. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/**
 * Every page's content is `inert` until React has hydrated it: before then no button, link or form
 * control takes a click, a key press or focus (a click would otherwise be lost, or a form would
 * submit natively with its fields in the URL). shell.css dims the controls and shows a busy cursor
 * meanwhile. Content that hydrates later (inside a Suspense boundary) is covered by React itself,
 * which replays clicks on it once it has hydrated.
 */
export function HydrationGate({ children }: { children: ReactNode }) {
  const hydrated = useHydrated();
  return (
    <div data-hydrated={hydrated ? "true" : "false"} inert={!hydrated} aria-busy={hydrated ? undefined : true}>
      {children}
    </div>
  );
}
