"use client";

import { useCallback, useMemo } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import { parseListState, toQueryString, type ListState } from "@/components/refine/listParams";

/**
 * The list's state lives in the URL (not in Refine's syncWithLocation, which misbehaves under the
 * App Router — refine issue #7013). `update` replaces the URL; anything but paging returns to page 1.
 */
export function useListState(): [ListState, (change: Partial<ListState>) => void] {
  const search = useSearchParams();
  const pathname = usePathname();
  const state = useMemo(() => parseListState(new URLSearchParams(search.toString())), [search]);
  const update = useCallback(
    (change: Partial<ListState>) => {
      const paging = Object.keys(change).every((key) => key === "page" || key === "cursor" || key === "pageSize");
      const next: ListState = { ...state, ...(paging ? {} : { page: 1, cursor: undefined }), ...change };
      if (!("cursor" in change) && "page" in change) next.cursor = undefined;
      const query = toQueryString(next);
      // The browser's history, not router.replace: Next keeps useSearchParams in step with it,
      // and it does not render the page on the server again (the list fetches its own data).
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [state, pathname],
  );
  return [state, update];
}
