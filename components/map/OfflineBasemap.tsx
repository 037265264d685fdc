"use client";

import { useEffect, useMemo, useState } from "react";
import { GeoJSON, Pane, Polyline, useMap, useMapEvents } from "react-leaflet";
import { svg } from "leaflet";
import { coarseOutlines, detailedFromZoom, detailedOutlines, type Outlines } from "./offlineOutlines";
import { graticuleLines, type View } from "./graticule";

/** Land fills, and above them the lines: remounting the fills at a new detail cannot cover the lines. */
const landPane = "offline-basemap";
const linesPane = "offline-outlines";

function viewOf(map: ReturnType<typeof useMap>): View & { zoom: number } {
  const b = map.getBounds();
  return { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth(), zoom: map.getZoom() };
}

// Module constants: a new style object on each render would make react-leaflet restyle every path.
const landStyle = {
  className: "offline-land",
  color: "#6b8fa3",
  weight: 1,
  fillColor: "#f2efe9",
  fillOpacity: 1,
  smoothFactor: 1.5,
};
const bordersStyle = {
  className: "offline-borders",
  color: "#8c8c8c",
  weight: 0.8,
  dashArray: "4 3",
  smoothFactor: 1.5,
};
const graticuleStyle = { color: "#b8b2a7", weight: 0.6, opacity: 0.8 };

/**
 * Land, coastlines, borders and a coordinate grid shipped with the app (world-atlas), drawn under
 * the tile layer: without tiles (offline, or a blocked tile server) the map still reads as a map at
 * every zoom. 1:110m for the world, 1:50m once zoomed in. SVG (not the map's canvas) so the outlines
 * stay crisp and inspectable; the clusters and points draw on the overlay pane above.
 */
export function OfflineBasemap() {
  const map = useMap();
  const [view, setView] = useState(() => viewOf(map));
  useMapEvents({ moveend: () => setView(viewOf(map)) });
  const [detailed, setDetailed] = useState<Outlines | null>(null);
  const wantsDetail = view.zoom >= detailedFromZoom;
  useEffect(() => {
    if (detailed) return;
    let live = true;
    const load = () => detailedOutlines().then((outlines) => live && setDetailed(outlines));
    // Parsing 1:50m takes a moment: done when the page is idle, it is ready before the first zoom-in.
    const idle = wantsDetail ? null : window.requestIdleCallback?.(load, { timeout: 3_000 });
    if (wantsDetail || idle === undefined) load();
    return () => {
      live = false;
      if (idle) window.cancelIdleCallback(idle);
    };
  }, [wantsDetail, detailed]);

  const outlines = wantsDetail && detailed ? detailed : coarseOutlines;
  const detail = outlines === coarseOutlines ? "110m" : "50m";
  const landRenderer = useMemo(() => svg({ pane: landPane, padding: 0.5 }), []);
  const renderer = useMemo(() => svg({ pane: linesPane, padding: 0.5 }), []);
  const land = useMemo(() => ({ ...landStyle, renderer: landRenderer }), [landRenderer]);
  const borders = useMemo(() => ({ ...bordersStyle, renderer }), [renderer]);
  const grid = useMemo(() => graticuleLines(view), [view]);

  return (
    <>
      <Pane name={landPane} style={{ zIndex: 150 }}>
        {/* GeoJSON reads its data once: the key remounts it when the detail changes. Its typings
            take renderer and class only as style, which Leaflet applies before the layer is drawn. */}
        <GeoJSON key={`land-${detail}`} data={outlines.land} interactive={false} style={land} />
      </Pane>
      <Pane name={linesPane} style={{ zIndex: 160 }}>
        <Polyline
          positions={grid.lines}
          interactive={false}
          renderer={renderer}
          className="offline-graticule"
          pathOptions={graticuleStyle}
        />
        <GeoJSON key={`borders-${detail}`} data={outlines.borders} interactive={false} style={borders} />
      </Pane>
    </>
  );
}
