"use client";

import { useMemo } from "react";
import { GeoJSON, Pane } from "react-leaflet";
import { feature } from "topojson-client";
import type { FeatureCollection } from "geojson";
import type { GeometryCollection, Topology } from "topojson-specification";
import countries from "world-atlas/countries-110m.json";

/**
 * Country outlines shipped with the app (world-atlas), drawn under the tile layer: when tiles
 * cannot load (no network), the map is still a readable map, never a blank grey box.
 */
export function OfflineBasemap() {
  const land = useMemo(() => {
    const topology = countries as unknown as Topology<{ countries: GeometryCollection }>;
    return feature(topology, topology.objects.countries) as FeatureCollection;
  }, []);
  return (
    <Pane name="offline-basemap" style={{ zIndex: 150 }}>
      <GeoJSON
        data={land}
        interactive={false}
        style={{ color: "#8c8c8c", weight: 0.8, fillColor: "#f2efe9", fillOpacity: 1 }}
      />
    </Pane>
  );
}
