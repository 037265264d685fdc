"use client";

import { Button, List, Typography } from "antd";
import { formatKm } from "./mapApi";

interface ListedProfile {
  id: string;
  name: string;
  age: number;
  gender: string;
  metres?: number;
}

/** Profiles with their distance (when known), each linked to its user page. */
export function ProfileList({
  title,
  profiles,
  testId,
  onCandidates,
}: {
  title: string;
  profiles: ListedProfile[];
  testId: string;
  onCandidates?: (id: string) => void;
}) {
  return (
    <List
      size="small"
      header={<Typography.Text strong>{title}</Typography.Text>}
      dataSource={profiles}
      data-testid={testId}
      style={{ maxHeight: 360, overflowY: "auto" }}
      renderItem={(p) => (
        <List.Item
          data-testid="profile-row"
          data-user-id={p.id}
          actions={
            onCandidates
              ? [
                  <Button key="c" type="link" size="small" onClick={() => onCandidates(p.id)}>
                    Candidates
                  </Button>,
                ]
              : undefined
          }
        >
          <a href={`/users/show/${p.id}`}>{p.name}</a>
          <Typography.Text type="secondary">
            {" "}
            {p.age}, {p.gender}
          </Typography.Text>
          {p.metres !== undefined && <Typography.Text data-testid="distance"> · {formatKm(p.metres)}</Typography.Text>}
        </List.Item>
      )}
    />
  );
}
