"use client";

import "leaflet/dist/leaflet.css";
import { useEffect } from "react";
import {
  Circle,
  CircleMarker,
  MapContainer,
  Popup,
  ScaleControl,
  TileLayer,
  Tooltip,
  useMap,
  useMapEvents,
} from "react-leaflet";
import type { LatLngBoundsExpression } from "leaflet";
import { OfflineBasemap } from "./OfflineBasemap";
import type { Bounds, CandidatesResult, RadiusResult, ViewportResult } from "./mapApi";
import { formatKm } from "./mapApi";

/** A transparent pixel for tiles that fail to load, so the offline basemap shows through them. */
const transparentTile = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";

export interface MapCanvasProps {
  tileUrl: string;
  tileAttribution: string;
  /** Draw the tile layer: false while the tile server is probed and when it is unreachable. */
  showTiles: boolean;
  onTileLoad: () => void;
  onTileError: () => void;
  data: ViewportResult | null;
  radius: RadiusResult | null;
  candidates: CandidatesResult | null;
  /** Set to move the map (e.g. to a search centre); the map reports every move through onView. */
  focus: { lat: number; lng: number; zoom: number; key: number } | null;
  onView: (bounds: Bounds, zoom: number) => void;
  onMapClick: (position: { lat: number; lng: number }) => void;
  onSelectProfile: (id: string) => void;
}

const world: LatLngBoundsExpression = [
  [-60, -170],
  [75, 180],
];

/** Reports the view after every move, and once at start. */
function ViewReporter({ onView, onMapClick }: Pick<MapCanvasProps, "onView" | "onMapClick">) {
  const map = useMapEvents({
    moveend: () => report(),
    click: (event) => onMapClick({ lat: event.latlng.lat, lng: event.latlng.lng }),
  });
  const report = () => {
    const b = map.getBounds();
    onView({ west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }, map.getZoom());
  };
  useEffect(() => {
    report();
    // Once, when the map is ready; later moves report through moveend.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
}

function FocusController({ focus }: Pick<MapCanvasProps, "focus">) {
  const map = useMap();
  useEffect(() => {
    if (focus) map.setView([focus.lat, focus.lng], focus.zoom);
  }, [focus, map]);
  return null;
}

/** Clusters as circles with their counts; a click zooms in on one. */
function ClusterMarkers({ data }: { data: Extract<ViewportResult, { mode: "clusters" }> }) {
  const map = useMap();
  return data.clusters.map((c) => (
    <CircleMarker
      key={`${c.lng},${c.lat}`}
      center={[c.lat, c.lng]}
      radius={clusterRadius(c.count)}
      // A click on a cluster zooms in; it should not also pick the radius-search centre.
      bubblingMouseEvents={false}
      pathOptions={{ color: "#d4380d", weight: 1, fillColor: "#fa541c", fillOpacity: 0.55 }}
      eventHandlers={{ click: () => map.setView([c.lat, c.lng], Math.min(map.getZoom() + 3, 18)) }}
    >
      <Tooltip permanent direction="center" className="map-cluster-label">
        {c.count}
      </Tooltip>
    </CircleMarker>
  ));
}

/** Radius of a cluster's circle, in pixels: grows with the log of its count. */
const clusterRadius = (count: number) => Math.min(10 + Math.log10(count + 1) * 8, 40);

/**
 * The Leaflet map itself (client only: loaded with next/dynamic, ssr false). Canvas rendering and
 * circle markers keep thousands of shapes cheap; cluster counts are permanent tooltips.
 */
export default function MapCanvas(props: MapCanvasProps) {
  const { data, radius, candidates } = props;
  return (
    <MapContainer
      bounds={world}
      preferCanvas
      worldCopyJump
      minZoom={1}
      maxZoom={18}
      style={{ height: "100%", width: "100%", background: "#aad3df" }}
    >
      <OfflineBasemap />
      {props.showTiles && (
        <TileLayer
          url={props.tileUrl}
          attribution={props.tileAttribution}
          errorTileUrl={transparentTile}
          eventHandlers={{ tileload: props.onTileLoad, tileerror: props.onTileError }}
        />
      )}
      <ScaleControl position="bottomleft" />
      <ViewReporter onView={props.onView} onMapClick={props.onMapClick} />
      <FocusController focus={props.focus} />

      {data?.mode === "clusters" && <ClusterMarkers data={data} />}

      {data?.mode === "points" &&
        data.points.map((p) => (
          <CircleMarker
            key={p.id}
            center={[p.lat, p.lng]}
            radius={5}
            pathOptions={{ color: "#1d39c4", weight: 1, fillColor: "#2f54eb", fillOpacity: 0.8 }}
          >
            <Popup>
              <strong>{p.name}</strong>, {p.age}, {p.gender}
              <br />
              <a href={`/users/show/${p.id}`}>Open user</a> ·{" "}
              <a
                href="#"
                onClick={(event) => {
                  event.preventDefault();
                  props.onSelectProfile(p.id);
                }}
              >
                Match candidates
              </a>
            </Popup>
          </CircleMarker>
        ))}

      {radius && (
        <>
          <Circle
            center={[radius.centre.lat, radius.centre.lng]}
            radius={radius.radiusKm * 1000}
            pathOptions={{ color: "#389e0d", weight: 2, fillOpacity: 0.06 }}
            interactive={false}
          />
          {radius.profiles.map((p) => (
            <CircleMarker
              key={p.id}
              center={[p.lat, p.lng]}
              radius={4}
              pathOptions={{ color: "#237804", fillOpacity: 0.9 }}
            >
              <Tooltip>
                {p.name} · {formatKm(p.metres)}
              </Tooltip>
            </CircleMarker>
          ))}
        </>
      )}

      {candidates && (
        <>
          <Circle
            center={[candidates.seeker.lat, candidates.seeker.lng]}
            radius={candidates.seeker.maxDistanceKm * 1000}
            pathOptions={{ color: "#722ed1", weight: 2, dashArray: "6 4", fillOpacity: 0.04 }}
            interactive={false}
          />
          <CircleMarker
            center={[candidates.seeker.lat, candidates.seeker.lng]}
            radius={8}
            pathOptions={{ color: "#391085", fillColor: "#722ed1", fillOpacity: 1 }}
          >
            <Tooltip>{candidates.seeker.name} (selected)</Tooltip>
          </CircleMarker>
          {candidates.candidates.map((p) => (
            <CircleMarker
              key={p.id}
              center={[p.lat, p.lng]}
              radius={5}
              pathOptions={{ color: "#531dab", fillOpacity: 0.8 }}
            >
              <Tooltip>
                {p.name} · {formatKm(p.metres)}
              </Tooltip>
            </CircleMarker>
          ))}
        </>
      )}
    </MapContainer>
  );
}
