"use client";

import { useEffect, useRef, useState } from "react";

/**
 * A search as you type: `load(text)` runs once the text has rested for `delayMs`, and only the
 * latest answer lands (an earlier, slower one is dropped). `text` null searches nothing and
 * forgets the last answer. A failed search answers null.
 */
export function useDebouncedSearch<T>(
  text: string | null,
  load: (text: string) => Promise<T>,
  delayMs = 250,
): { answer: T | null; loading: boolean } {
  const [answer, setAnswer] = useState<T | null>(null);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);
  // The caller's function, whichever render made it: a new closure is not a new search.
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const ticket = ++latest.current;
    if (text === null) return;
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const found = await loadRef.current(text);
        if (ticket === latest.current) setAnswer(found);
      } catch {
        if (ticket === latest.current) setAnswer(null);
      } finally {
        if (ticket === latest.current) setLoading(false);
      }
    }, delayMs);
    return () => clearTimeout(timer);
  }, [text, delayMs]);

  return text === null ? { answer: null, loading: false } : { answer, loading };
}
