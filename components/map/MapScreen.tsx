"use client";

import { DateTime } from "@/components/format/DateTime";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState, type CSSProperties } from "react";
import { Alert, Button, Card, Flex, Input, InputNumber, Slider, Space, Tabs, Tag, Typography } from "antd";
import { refreshMapAggregate } from "@/server/geo/actions";
import { FilterBar } from "./FilterBar";
import { AnomalyPanel } from "./AnomalyPanel";
import { ProfileList } from "./ProfileList";
import {
  fetchCandidates,
  fetchProfileLocation,
  fetchRadius,
  fetchViewport,
  type Bounds,
  type CandidatesResult,
  type MapFilters,
  type RadiusResult,
  type ViewportResult,
} from "./mapApi";
import { useTileAvailability } from "./useTileAvailability";

// Leaflet touches `window` on import: the map renders in the browser only.
const MapCanvas = dynamic(() => import("./MapCanvas"), {
  ssr: false,
  loading: () => <div style={{ height: "100%", background: "#aad3df" }} />,
});

export interface MapScreenProps {
  tileUrl: string;
  tileAttribution: string;
  /** map_points: individual profiles, radius search, match candidates, anomaly lists. */
  canSeePoints: boolean;
  /** map edit: rebuild the precomputed clusters. */
  canRefresh: boolean;
}

/**
 * The map screen: filters, the map (clusters or points for the view), radius search, match
 * candidates and location anomalies. Every read is a GET route (parallel, cancellable).
 */
export function MapScreen({ tileUrl, tileAttribution, canSeePoints, canRefresh }: MapScreenProps) {
  const [filters, setFilters] = useState<MapFilters>({});
  const [view, setView] = useState<{ bounds: Bounds; zoom: number } | null>(null);
  const [data, setData] = useState<ViewportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const [focus, setFocus] = useState<{ lat: number; lng: number; zoom: number; key: number } | null>(null);

  const [centre, setCentre] = useState<{ lat: number; lng: number } | null>(null);
  const [radiusKm, setRadiusKm] = useState(50);
  const [radius, setRadius] = useState<RadiusResult | null>(null);
  const [centreUserId, setCentreUserId] = useState("");
  const [candidateUserId, setCandidateUserId] = useState("");
  const [candidates, setCandidates] = useState<CandidatesResult | null>(null);
  const [panelError, setPanelError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tab, setTab] = useState("radius");
  const tiles = useTileAvailability(tileUrl);

  // Only the latest viewport request may set the data; a slower earlier one is discarded.
  const latest = useRef(0);
  useEffect(() => {
    if (!view) return;
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      setLoading(true);
      fetchViewport(view.bounds, view.zoom, filters)
        .then((result) => {
          if (ticket !== latest.current) return;
          setData(result);
          setError(null);
        })
        .catch((e: Error) => ticket === latest.current && setError(e.message))
        .finally(() => ticket === latest.current && setLoading(false));
    }, 150);
    return () => clearTimeout(timer);
  }, [view, filters, refreshKey]);

  const onView = useCallback((bounds: Bounds, zoom: number) => setView({ bounds, zoom }), []);
  const onMapClick = useCallback((position: { lat: number; lng: number }) => {
    setCentre({ lat: Math.round(position.lat * 1e5) / 1e5, lng: Math.round(position.lng * 1e5) / 1e5 });
  }, []);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setPanelError(null);
    try {
      await work();
    } catch (e) {
      setPanelError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const searchRadius = () =>
    run(async () => {
      if (!centre) throw new Error("Pick a centre: click the map, enter coordinates, or use a user's location.");
      const result = await fetchRadius(centre, radiusKm, filters);
      setRadius(result);
      setCandidates(null);
      setFocus({ ...centre, zoom: zoomForRadius(radiusKm), key: Date.now() });
    });

  const useUserLocation = () =>
    run(async () => {
      const seeker = await fetchProfileLocation(centreUserId.trim());
      setCentre({ lat: seeker.lat, lng: seeker.lng });
    });

  const showCandidates = (userId: string) =>
    run(async () => {
      setTab("candidates");
      setCandidateUserId(userId);
      const result = await fetchCandidates(userId.trim());
      setCandidates(result);
      setRadius(null);
      setFocus({
        lat: result.seeker.lat,
        lng: result.seeker.lng,
        zoom: zoomForRadius(result.seeker.maxDistanceKm),
        key: Date.now(),
      });
    });

  const refresh = async () => {
    setBusy(true);
    const result = await refreshMapAggregate({});
    setBusy(false);
    if (!result.ok) setError(result.error.message);
    else setRefreshKey((k) => k + 1);
  };

  return (
    <Flex vertical gap={12}>
      <FilterBar filters={filters} onChange={setFilters} />
      <Flex gap={12} align="center" wrap data-testid="map-status">
        <Typography.Text strong data-testid="map-total">
          {data
            ? `${data.mode === "points" && data.totalIsEstimate ? "≈ " : ""}${data.total.toLocaleString("en-US")}`
            : "…"}
        </Typography.Text>
        <Typography.Text>
          {data?.mode === "points" ? "profiles in view" : "profiles in the clusters shown"}
          {loading ? " (loading…)" : ""}
        </Typography.Text>
        {data && (
          <Tag color={data.mode === "points" ? "blue" : "volcano"} data-testid="map-mode" data-mode={data.mode}>
            {data.mode === "points" ? `${data.points.length} individual profiles` : `${data.clusters.length} clusters`}
          </Tag>
        )}
        {data?.mode === "points" && data.capped && (
          <Tag color="gold" data-testid="map-capped">
            Showing {data.points.length} of {data.totalIsEstimate ? "≈ " : ""}
            {data.total.toLocaleString("en-US")}: zoom in to see all
          </Tag>
        )}
        {data?.mode === "clusters" && !canSeePoints && <Tag>Clusters only for your role (approximate positions)</Tag>}
        {data?.mode === "clusters" && (
          <Typography.Text type="secondary" data-testid="map-freshness">
            Clusters computed {data.freshness.refreshedAt ? <DateTime value={data.freshness.refreshedAt} /> : "never"}
          </Typography.Text>
        )}
        {canRefresh && data?.mode === "clusters" && (
          <Button size="small" onClick={refresh} loading={busy}>
            Refresh clusters
          </Button>
        )}
      </Flex>
      {error && <Alert type="error" showIcon message={error} />}
      <Flex gap={12} wrap>
        <div
          style={{
            flex: "3 1 560px",
            height: 600,
            border: "1px solid #d9d9d9",
            borderRadius: 8,
            overflow: "hidden",
            position: "relative",
          }}
          data-testid="map"
        >
          {tiles.state === "unavailable" && (
            <div role="status" data-testid="map-tiles-notice" style={tilesNoticeStyle}>
              Map tiles unavailable — showing offline outlines
            </div>
          )}
          <MapCanvas
            tileUrl={tileUrl}
            tileAttribution={tileAttribution}
            showTiles={tiles.state === "available"}
            onTileLoad={tiles.onTileLoad}
            onTileError={tiles.onTileError}
            data={data}
            radius={radius}
            candidates={candidates}
            focus={focus}
            onView={onView}
            onMapClick={onMapClick}
            onSelectProfile={showCandidates}
          />
        </div>
        <div style={{ flex: "1 1 320px", minWidth: 300 }}>
          {canSeePoints ? (
            <Card size="small">
              {panelError && <Alert type="error" showIcon message={panelError} style={{ marginBottom: 8 }} />}
              {/* Short labels: all three tabs fit the panel at its narrowest, so antd never shows its
                  overflow button, which it puts inside the tablist (axe aria-required-children). */}
              <Tabs
                activeKey={tab}
                onChange={setTab}
                items={[
                  {
                    key: "radius",
                    label: "Radius",
                    children: (
                      <Space direction="vertical" style={{ width: "100%" }}>
                        <Typography.Text type="secondary">
                          Click the map, type coordinates, or use a user&apos;s location.
                        </Typography.Text>
                        <Space.Compact style={{ width: "100%" }}>
                          <InputNumber
                            aria-label="Latitude"
                            placeholder="Latitude"
                            min={-90}
                            max={90}
                            value={centre?.lat}
                            onChange={(lat) => setCentre((c) => ({ lng: c?.lng ?? 0, lat: Number(lat ?? 0) }))}
                            style={{ width: "50%" }}
                          />
                          <InputNumber
                            aria-label="Longitude"
                            placeholder="Longitude"
                            min={-180}
                            max={180}
                            value={centre?.lng}
                            onChange={(lng) => setCentre((c) => ({ lat: c?.lat ?? 0, lng: Number(lng ?? 0) }))}
                            style={{ width: "50%" }}
                          />
                        </Space.Compact>
                        <Space.Compact style={{ width: "100%" }}>
                          <Input
                            aria-label="Centre on user id"
                            placeholder="User id"
                            value={centreUserId}
                            onChange={(e) => setCentreUserId(e.target.value)}
                          />
                          <Button onClick={useUserLocation} disabled={!centreUserId.trim()}>
                            Use location
                          </Button>
                        </Space.Compact>
                        <Flex align="center" gap={8}>
                          <Slider
                            min={1}
                            max={500}
                            value={radiusKm}
                            onChange={setRadiusKm}
                            ariaLabelForHandle="Radius (km)"
                            style={{ flex: 1 }}
                          />
                          <InputNumber
                            aria-label="Radius (km)"
                            min={1}
                            max={500}
                            value={radiusKm}
                            onChange={(v) => setRadiusKm(Number(v ?? 1))}
                            addonAfter="km"
                            style={{ width: 120 }}
                          />
                        </Flex>
                        <Flex gap={8}>
                          <Button type="primary" onClick={searchRadius} loading={busy}>
                            Search
                          </Button>
                          {radius && <Button onClick={() => setRadius(null)}>Clear</Button>}
                        </Flex>
                        {radius && (
                          <ProfileList
                            testId="radius-results"
                            title={`${radius.totalIsEstimate ? "≈ " : ""}${radius.total.toLocaleString("en-US")} within ${radius.radiusKm} km${radius.capped ? ` (nearest ${radius.profiles.length} shown)` : ""}`}
                            profiles={radius.profiles}
                            onCandidates={showCandidates}
                          />
                        )}
                      </Space>
                    ),
                  },
                  {
                    key: "candidates",
                    label: "Candidates",
                    children: (
                      <Space direction="vertical" style={{ width: "100%" }}>
                        <Typography.Text type="secondary">
                          Mutual distance, gender and age preferences. Pick a profile on the map, or enter a user id.
                        </Typography.Text>
                        <Space.Compact style={{ width: "100%" }}>
                          <Input
                            aria-label="Candidates for user id"
                            placeholder="User id"
                            value={candidateUserId}
                            onChange={(e) => setCandidateUserId(e.target.value)}
                          />
                          <Button
                            type="primary"
                            onClick={() => showCandidates(candidateUserId)}
                            disabled={!candidateUserId.trim()}
                            loading={busy}
                          >
                            Find
                          </Button>
                        </Space.Compact>
                        {candidates && (
                          <ProfileList
                            testId="candidate-results"
                            title={`${candidates.candidates.length}${candidates.candidates.length === candidates.limit ? "+" : ""} candidates for ${candidates.seeker.name} (${candidates.seeker.age}, ${candidates.seeker.gender}, looks for ${candidates.seeker.lookingForGender ?? "anyone"} ${candidates.seeker.minAge}–${candidates.seeker.maxAge} within ${candidates.seeker.maxDistanceKm} km)`}
                            profiles={candidates.candidates}
                          />
                        )}
                      </Space>
                    ),
                  },
                  { key: "anomalies", label: "Anomalies", children: <AnomalyPanel canList /> },
                ]}
              />
            </Card>
          ) : (
            <Card size="small" title="Location anomalies">
              <AnomalyPanel canList={false} />
            </Card>
          )}
        </div>
      </Flex>
      {data?.mode === "points" && (
        <Card size="small">
          <ProfileList
            testId="points-list"
            title={`Profiles on the map (${data.points.length})`}
            profiles={data.points}
            onCandidates={showCandidates}
          />
        </Card>
      )}
    </Flex>
  );
}

/** Above Leaflet's panes and controls (z-index up to 1000), top centre, clear of the zoom buttons. */
const tilesNoticeStyle: CSSProperties = {
  position: "absolute",
  top: 8,
  left: "50%",
  transform: "translateX(-50%)",
  zIndex: 1001,
  padding: "2px 10px",
  borderRadius: 4,
  background: "rgba(255, 255, 255, 0.92)",
  border: "1px solid #d9d9d9",
  color: "#434343",
  fontSize: 12,
  pointerEvents: "none",
};

/** A zoom at which a circle of this radius fills much of the map. */
const zoomForRadius = (km: number) => Math.max(3, Math.min(14, Math.round(Math.log2(20_000 / km))));
