/** Spacings of the coordinate grid, in degrees, coarsest first. */
const steps = [30, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005, 0.0002, 0.0001];

/** The coarsest spacing giving at least four lines across a view this many degrees wide. */
export function graticuleStep(spanDegrees: number): number {
  return steps.find((s) => spanDegrees / s >= 4) ?? steps[steps.length - 1];
}

export interface View {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * Meridians and parallels covering a view (one step of margin so panning shows no gap), as
 * Leaflet latlng lines. Inside a country at city zoom, the grid (with the scale bar) is what tells
 * where and how big things are when no tiles load.
 */
export function graticuleLines(view: View): { step: number; lines: [number, number][][] } {
  const step = graticuleStep(Math.min(view.east - view.west, view.north - view.south));
  const south = Math.max(Math.floor(view.south / step) * step - step, -85);
  const north = Math.min(Math.ceil(view.north / step) * step + step, 85);
  const west = Math.floor(view.west / step) * step - step;
  const east = Math.ceil(view.east / step) * step + step;
  const lines: [number, number][][] = [];
  // Integer counters, then multiply: adding 0.1 repeatedly drifts off the grid.
  for (let i = Math.round(west / step); i * step <= east; i++) {
    lines.push([
      [south, i * step],
      [north, i * step],
    ]);
  }
  for (let j = Math.round(south / step); j * step <= north; j++) {
    lines.push([
      [j * step, west],
      [j * step, east],
    ]);
  }
  return { step, lines };
}
