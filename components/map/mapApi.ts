import { fetchJson } from "@/components/refine/fetchJson";
import type { AnomalousProfile, AnomalyCounts } from "@/server/geo/anomalies";
import type { CandidatesResult, Seeker } from "@/server/geo/candidates";
import type { RadiusResult } from "@/server/geo/radius";
import type { MapFilters } from "@/server/geo/schemas";
import type { Bounds, ViewportResult } from "@/server/geo/viewport";

export type {
  AnomalousProfile,
  AnomalyCounts,
  CandidatesResult,
  MapFilters,
  RadiusResult,
  Seeker,
  ViewportResult,
  Bounds,
};

/** Query-string values for the filters that are set (unset ones are left out, not sent empty). */
function filterParams(filters: MapFilters): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters))
    if (value !== undefined && value !== null) params[key] = String(value);
  return params;
}

const url = (path: string, params: Record<string, string | number>) =>
  `${path}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()}`;

/** Leaflet's bounds can run past ±180 when the world wraps; the API takes one world's worth. */
export function clampBounds(b: Bounds): Bounds {
  const span = b.east - b.west;
  if (span >= 360) return { west: -180, south: Math.max(b.south, -90), east: 180, north: Math.min(b.north, 90) };
  const round = (v: number) => Math.round(v * 1e5) / 1e5;
  return {
    west: round(Math.max(b.west, -180)),
    south: round(Math.max(b.south, -90)),
    east: round(Math.min(b.east, 180)),
    north: round(Math.min(b.north, 90)),
  };
}

export const fetchViewport = (bounds: Bounds, zoom: number, filters: MapFilters) =>
  fetchJson<ViewportResult>(url("/api/map/viewport", { ...clampBounds(bounds), zoom, ...filterParams(filters) }));

export const fetchRadius = (centre: { lat: number; lng: number }, radiusKm: number, filters: MapFilters) =>
  fetchJson<RadiusResult>(
    url("/api/map/radius", { lat: centre.lat, lng: centre.lng, radiusKm, limit: 200, ...filterParams(filters) }),
  );

export const fetchCandidates = (userId: string) =>
  fetchJson<CandidatesResult>(url("/api/map/candidates", { userId, limit: 200 }));

export const fetchProfileLocation = (userId: string) => fetchJson<Seeker>(url("/api/map/profile", { userId }));

export const fetchAnomalies = (kind?: string) =>
  fetchJson<{ counts: AnomalyCounts; profiles: AnomalousProfile[] | null }>(
    url("/api/map/anomalies", kind ? { kind, limit: 100 } : { limit: 100 }),
  );

export const formatKm = (metres: number) =>
  metres < 10_000 ? `${(metres / 1000).toFixed(2)} km` : `${(metres / 1000).toFixed(1)} km`;
