"use client";

import { useCallback, useEffect, useRef, useState } from "react";

export type TileAvailability = "probing" | "available" | "unavailable";

/** How long the probe tile may take before the server counts as unreachable. */
const probeTimeoutMs = 5_000;
/** Failed tiles after some loaded (a flaky server) before the tile layer is given up too. */
const failuresTolerated = 5;

/** The URL of the world tile (z 0) of a Leaflet tile template. */
export function probeTileUrl(template: string): string {
  return template.replace("{s}", "a").replace("{z}", "0").replace("{x}", "0").replace("{y}", "0").replace("{r}", "");
}

/**
 * Whether the tile server answers, asked with one tile before the map requests a screenful: when
 * it is unreachable the browser reports one failed request instead of one per tile, and the map
 * shows its offline outlines with a notice. Tile errors after that (the server going away) give
 * the layer up too: at once if no tile ever loaded, else after a few.
 */
export function useTileAvailability(template: string) {
  const [state, setState] = useState<TileAvailability>("probing");
  const loaded = useRef(false);
  const failures = useRef(0);

  useEffect(() => {
    const probe = new Image();
    let settled = false;
    const settle = (next: TileAvailability) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      setState(next);
    };
    const timer = setTimeout(() => settle("unavailable"), probeTimeoutMs);
    probe.onload = () => settle("available");
    probe.onerror = () => settle("unavailable");
    probe.src = probeTileUrl(template);
    return () => {
      settled = true;
      clearTimeout(timer);
      probe.onload = probe.onerror = null;
    };
  }, [template]);

  const onTileLoad = useCallback(() => {
    loaded.current = true;
  }, []);
  const onTileError = useCallback(() => {
    failures.current++;
    if (!loaded.current || failures.current >= failuresTolerated) setState("unavailable");
  }, []);

  return { state, onTileLoad, onTileError };
}
