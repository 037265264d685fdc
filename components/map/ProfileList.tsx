"use client";

import { Button, List, Typography } from "antd";
import { formatKm } from "./mapApi";
import { usePerson } from "@/components/people/peopleStore";
import { PersonAvatar } from "@/components/people/PersonRef";
import { RestrictionBadge } from "@/components/people/RestrictionBadge";

interface ListedProfile {
  id: string;
  name: string;
  age: number;
  gender: string;
  metres?: number;
}

/** The profile's name as the map query gave it, with the account's avatar and current restriction. */
function ProfileName({ profile }: { profile: ListedProfile }) {
  const person = usePerson(profile.id);
  return (
    <span style={{ display: "inline-flex", alignItems: "center", gap: 6 }}>
      {person && <PersonAvatar person={person} size={20} />}
      <a href={`/users/show/${profile.id}`} title={`User id ${profile.id}`}>
        {profile.name}
      </a>
      {person && <RestrictionBadge restriction={person.restriction} />}
    </span>
  );
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
          <ProfileName profile={p} />
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
