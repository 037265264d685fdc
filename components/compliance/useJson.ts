"use client";

import { useCallback, useEffect, useState } from "react";
import { fetchJson } from "@/components/refine/fetchJson";

/** GET a JSON route; re-fetches when the URL changes; `reload()` fetches again. Keeps the last data while loading. */
export function useJson<T>(url: string | null) {
  const [tick, setTick] = useState(0);
  const key = url ? `${url}#${tick}` : null;
  const [result, setResult] = useState<{ key: string | null; data: T | null; error: string | null }>({
    key: null,
    data: null,
    error: null,
  });
  useEffect(() => {
    if (!url || !key) return;
    let live = true;
    fetchJson<T>(url)
      .then((data) => live && setResult({ key, data, error: null }))
      .catch((e: Error) => live && setResult((r) => ({ key, data: r.data, error: e.message })));
    return () => {
      live = false;
    };
  }, [url, key]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: result.data, error: result.error, loading: key !== null && result.key !== key, reload };
}

/** A query string from the filled-in values only. */
export function queryString(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  return params.toString();
}
