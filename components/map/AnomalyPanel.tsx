"use client";

import { useEffect, useState } from "react";
import { Alert, List, Segmented, Space, Statistic, Typography } from "antd";
import { fetchAnomalies, type AnomalousProfile, type AnomalyCounts } from "./mapApi";

const labels = { missing: "No location", null_island: "At (0, 0)", out_of_range: "Out of range" } as const;
type Kind = keyof typeof labels;

/** Profiles the map cannot place: counted for everyone, listed for roles that may see individuals. */
export function AnomalyPanel({ canList }: { canList: boolean }) {
  const [kind, setKind] = useState<Kind>("missing");
  const [counts, setCounts] = useState<AnomalyCounts | null>(null);
  const [profiles, setProfiles] = useState<AnomalousProfile[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchAnomalies(canList ? kind : undefined)
      .then((result) => {
        setCounts(result.counts);
        setProfiles(result.profiles);
      })
      .catch((e: Error) => setError(e.message));
  }, [kind, canList]);

  if (error) return <Alert type="error" showIcon message={error} />;
  return (
    <Space direction="vertical" style={{ width: "100%" }} data-testid="anomalies">
      <Space size="large">
        {(Object.keys(labels) as Kind[]).map((k) => (
          <Statistic key={k} title={labels[k]} value={counts ? counts[k] : "…"} />
        ))}
      </Space>
      {canList && (
        <>
          <Segmented
            value={kind}
            onChange={(v) => setKind(v as Kind)}
            options={(Object.keys(labels) as Kind[]).map((k) => ({ value: k, label: labels[k] }))}
          />
          <List
            size="small"
            dataSource={profiles ?? []}
            style={{ maxHeight: 300, overflowY: "auto" }}
            renderItem={(p) => (
              <List.Item>
                <a href={`/users/show/${p.id}`}>{p.name}</a>
                <Typography.Text type="secondary">
                  {p.lat === null ? " no location" : ` ${p.lat.toFixed(4)}, ${p.lng?.toFixed(4)}`}
                </Typography.Text>
              </List.Item>
            )}
          />
        </>
      )}
    </Space>
  );
}
