/**
 * The clustering grid. A cell at display zoom z is 90/2^z degrees square (≈ 64 px on a Web
 * Mercator map at the equator), anchored at (-180, -90), so cells of zoom z+1 nest exactly inside
 * cells of zoom z: a cell index at level L rolls up to zoom z < L by a right shift of L - z.
 */
export const cellDegrees = (zoom: number) => 90 / 2 ** zoom;

/** Levels precomputed in map_cells (see the migration); each display zoom rolls up from the next one at or above it. */
export const storedLevels = [2, 5, 8, 10] as const;
export const finestLevel = storedLevels[storedLevels.length - 1];

/** From this zoom on, roles allowed to see points get individual profiles instead of clusters. */
export const pointsFromZoom = 11;

/** The stored level a display zoom reads, and the zoom its clusters are drawn at. */
export function gridFor(zoom: number): { level: number; displayZoom: number; shift: number } {
  const displayZoom = Math.min(Math.max(Math.floor(zoom), 0), finestLevel);
  const level = storedLevels.find((l) => l >= displayZoom) ?? finestLevel;
  return { level, displayZoom, shift: level - displayZoom };
}

/** Index of the cell containing a longitude (+180) or latitude (+90) at a level, as map_cells computes it. */
export const cellIndex = (degreesFromOrigin: number, level: number) =>
  Math.floor(degreesFromOrigin / cellDegrees(level));

/** The centre of a display cell (what analysts see instead of a centroid). */
export function cellCentre(cx: number, cy: number, displayZoom: number): { lng: number; lat: number } {
  const size = cellDegrees(displayZoom);
  return { lng: (cx + 0.5) * size - 180, lat: Math.min((cy + 0.5) * size - 90, 90) };
}

/**
 * The fewest profiles a cluster shown to a clusters-only role may hold: a cell of one, with the
 * filters narrowing it down, would say where a particular person lives.
 */
export const minClusterForAggregateRoles = 2;
