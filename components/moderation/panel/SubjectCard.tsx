"use client";

import { Card, Descriptions, Space, Typography } from "antd";
import type { PanelData } from "@/server/moderation/panel";
import { SubjectPerson } from "../queue/SubjectPerson";
import { CardTitle } from "./Kbd";
import { PhotoGrid } from "./PhotoGrid";

/** The subject: who they are and their profile with its photos (blurred for sexual-content and violence reports). */
export function SubjectCard({ data }: { data: PanelData }) {
  const profile = data.account.profile;
  const reportedPhotos = new Set(
    data.reports.flatMap((r) => (r.subjectKind === "photo" && r.photoIndex !== null ? [r.photoIndex] : [])),
  );
  return (
    <Card size="small" title={<CardTitle>Subject</CardTitle>} data-testid="panel-subject">
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <SubjectPerson person={data.person} restriction={data.restriction} size={48} />
        {profile ? (
          <>
            <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
              <Descriptions.Item label="Age">{profile.age}</Descriptions.Item>
              <Descriptions.Item label="Gender">{profile.gender}</Descriptions.Item>
              <Descriptions.Item label="Looking for">{profile.lookingForGender ?? "anyone"}</Descriptions.Item>
            </Descriptions>
            <div>
              <Typography.Text strong>Bio</Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>
                {profile.bio ?? <Typography.Text type="secondary">No bio.</Typography.Text>}
              </Typography.Paragraph>
            </div>
            <div>
              <Typography.Text strong>Photos</Typography.Text>
              {data.blurPhotos && (
                <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                  Hidden because of a sexual-content or violence report: show each one when you need to.
                </Typography.Paragraph>
              )}
              <PhotoGrid photos={profile.photos} blurred={data.blurPhotos} reported={reportedPhotos} />
            </div>
          </>
        ) : (
          <Typography.Text type="secondary">This account has no profile.</Typography.Text>
        )}
      </Space>
    </Card>
  );
}
