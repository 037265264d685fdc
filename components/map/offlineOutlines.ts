import { feature, mesh } from "topojson-client";
import type { FeatureCollection, Geometry, MultiLineString, Position } from "geojson";
import type { GeometryCollection, Topology } from "topojson-specification";
import coarseTopology from "world-atlas/countries-110m.json";

/** Land (its outline is the coastline) and the borders between countries, from one world-atlas topology. */
export interface Outlines {
  land: FeatureCollection;
  borders: MultiLineString;
}

type Countries = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

/** 1:110m is readable up to a continent; from this zoom on 1:50m keeps coasts and borders where they are. */
export const detailedFromZoom = 4;

/**
 * Makes a line's longitudes continuous: world-atlas steps from 180° to -180° where a shape
 * crosses the antimeridian (Russia, Fiji), which Leaflet would draw as a line across the world.
 * Each point takes the copy of its longitude nearest the previous point, so the shape simply
 * goes on past ±180°, as the map's world copies do.
 */
export function unwrapLongitudes(line: Position[]): Position[] {
  const unwrapped: Position[] = [];
  for (const [lng, lat] of line) {
    const previous = unwrapped.at(-1)?.[0];
    unwrapped.push([previous === undefined ? lng : lng + Math.round((previous - lng) / 360) * 360, lat]);
  }
  return unwrapped;
}

function unwrapGeometry<G extends Geometry>(geometry: G): G {
  switch (geometry.type) {
    case "LineString":
      return { ...geometry, coordinates: unwrapLongitudes(geometry.coordinates) };
    case "MultiLineString":
    case "Polygon":
      return { ...geometry, coordinates: geometry.coordinates.map(unwrapLongitudes) };
    case "MultiPolygon":
      return { ...geometry, coordinates: geometry.coordinates.map((rings) => rings.map(unwrapLongitudes)) };
    default:
      return geometry;
  }
}

/** Each arc once: the land's outline for the coasts, the arcs two countries share for the borders. */
function outlinesOf(topology: Countries): Outlines {
  const land = feature(topology, topology.objects.land) as FeatureCollection;
  return {
    land: {
      ...land,
      features: land.features.map((f) => ({ ...f, geometry: f.geometry && unwrapGeometry(f.geometry) })),
    },
    borders: unwrapGeometry(mesh(topology, topology.objects.countries, (a, b) => a !== b)),
  };
}

export const coarseOutlines: Outlines = outlinesOf(coarseTopology as unknown as Countries);

let detailed: Promise<Outlines> | null = null;

/** The 1:50m outlines (≈ 750 KB): loaded on first zoom-in only, once per page. */
export function detailedOutlines(): Promise<Outlines> {
  detailed ??= import("world-atlas/countries-50m.json").then((m) =>
    outlinesOf((m.default ?? m) as unknown as Countries),
  );
  return detailed;
}
