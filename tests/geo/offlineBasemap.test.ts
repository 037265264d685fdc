import { describe, expect, it } from "vitest";
import type { Position } from "geojson";
import { graticuleLines, graticuleStep } from "@/components/map/graticule";
import { coarseOutlines, detailedOutlines, unwrapLongitudes, type Outlines } from "@/components/map/offlineOutlines";

/** The offline basemap's data: no line across the world, and a grid in every view. */
const worldJumps = (lines: Position[][]) =>
  lines.flatMap((line) => line.filter((p, i) => i > 0 && Math.abs(p[0] - line[i - 1][0]) > 180));

function allLines(outlines: Outlines): Position[][] {
  const land = outlines.land.features.flatMap((f) =>
    f.geometry.type === "Polygon"
      ? f.geometry.coordinates
      : f.geometry.type === "MultiPolygon"
        ? f.geometry.coordinates.flat()
        : [],
  );
  return [...land, ...outlines.borders.coordinates];
}

describe("offline outlines", () => {
  it("continue past the antimeridian instead of jumping back across the world", () => {
    expect(
      unwrapLongitudes([
        [179, 66],
        [-179, 66],
        [-178, 65],
        [178, 64],
      ]),
    ).toEqual([
      [179, 66],
      [181, 66],
      [182, 65],
      [178, 64],
    ]);
  });

  it.each([
    ["1:110m", () => Promise.resolve(coarseOutlines)],
    ["1:50m", detailedOutlines],
  ])("%s has land (outlined by its coasts) and borders, and no segment spanning the world", async (_scale, load) => {
    const outlines = await load();
    const landRings = outlines.land.features.flatMap((f) =>
      f.geometry.type === "MultiPolygon"
        ? f.geometry.coordinates
        : f.geometry.type === "Polygon"
          ? [f.geometry.coordinates]
          : [],
    );
    expect(landRings.length).toBeGreaterThan(100);
    expect(outlines.borders.coordinates.length).toBeGreaterThan(100);
    expect(worldJumps(allLines(outlines))).toEqual([]);
  });
});

describe("the coordinate grid", () => {
  it.each([
    ["the world", { west: -180, south: -85, east: 180, north: 85 }],
    ["a country", { west: -10, south: 36, east: 4, north: 44 }],
    ["a city at zoom 13", { west: -0.17, south: 51.49, east: -0.09, north: 51.52 }],
    ["a street at zoom 18", { west: -0.1281, south: 51.5071, east: -0.1275, north: 51.5076 }],
  ])("crosses %s with at least four lines each way", (_label, view) => {
    const { step, lines } = graticuleLines(view);
    const meridians = lines.filter(([a, b]) => a[1] === b[1] && a[1] > view.west && a[1] < view.east);
    const parallels = lines.filter(([a, b]) => a[0] === b[0] && a[0] > view.south && a[0] < view.north);
    expect(meridians.length).toBeGreaterThanOrEqual(3);
    expect(parallels.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThan(200);
    expect(step).toBe(graticuleStep(Math.min(view.east - view.west, view.north - view.south)));
  });
});
