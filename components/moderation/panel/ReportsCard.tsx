"use client";

import { Card, Empty, List, Space, Tag, Typography } from "antd";
import type { PanelData, PanelReport } from "@/server/moderation/panel";
import { categoryRules, sourceLabels } from "@/server/moderation/queueRules";
import { ageOf, reportStatusLabels, when } from "../queue/labels";
import { CardTitle } from "./Kbd";
import { FileReport } from "./FileReport";
import { ReportedConversation } from "./ReportedConversation";

const statusColour = { open: "blue", escalated: "orange", resolved: "default" } as const;

function What({ report }: { report: PanelReport }) {
  if (report.subjectKind === "photo" && report.photoIndex !== null) return <>Photo {report.photoIndex + 1}</>;
  if (report.subjectKind === "message") return <>A message</>;
  return <>{report.subjectKind === "profile" ? "The profile" : "The account"}</>;
}

/** Every report about the account, open ones first, with the reporter's words and the reported message. */
export function ReportsCard({ data, onChanged }: { data: PanelData; onChanged: () => void }) {
  return (
    <Card
      size="small"
      title={<CardTitle>Reports ({data.reportTotal.toLocaleString()})</CardTitle>}
      extra={
        <Space size={8}>
          <span>{data.openReportCount} unresolved</span>
          {data.may.fileReports && <FileReport subjectUserId={data.person.id} onFiled={onChanged} />}
        </Space>
      }
    >
      {data.reports.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="No reports about this account." />
      ) : (
        <List
          data-testid="panel-reports"
          dataSource={data.reports}
          renderItem={(report) => (
            <List.Item key={report.id}>
              <Space direction="vertical" size={4} style={{ width: "100%" }}>
                <Space size={6} wrap>
                  <Tag color={categoryRules[report.category].urgent ? "red" : undefined}>
                    {categoryRules[report.category].label}
                  </Tag>
                  <Tag color={statusColour[report.status]}>{reportStatusLabels[report.status]}</Tag>
                  {report.overdue && <Tag color="red">Overdue</Tag>}
                  <Typography.Text>
                    <What report={report} />, {sourceLabels[report.source].toLowerCase()}
                    {report.reporter ? ` from ${report.reporter.name ?? "a member"}` : ""}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} title={when(report.createdAt)}>
                    {ageOf(report.createdAt, Date.parse(data.now))} ago
                  </Typography.Text>
                </Space>
                {report.reporterText ? (
                  <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap" }}>
                    “{report.reporterText}”
                  </Typography.Paragraph>
                ) : (
                  <Typography.Text type="secondary">No text with this report.</Typography.Text>
                )}
                {report.subjectKind === "message" &&
                  (report.matchId && report.messageId ? (
                    data.may.readMessages ? (
                      <ReportedConversation
                        matchId={report.matchId}
                        messageId={report.messageId}
                        subjectUserId={data.person.id}
                        suggestedReason={`Reviewing a ${categoryRules[report.category].label.toLowerCase()} report on this account`}
                      />
                    ) : (
                      <Typography.Text type="secondary">
                        Message content is readable only by trust &amp; safety and admins.
                      </Typography.Text>
                    )
                  ) : (
                    <Typography.Text type="secondary">The reported message no longer exists.</Typography.Text>
                  ))}
              </Space>
            </List.Item>
          )}
        />
      )}
      {data.reportTotal > data.reports.length && (
        <Typography.Text type="secondary">Showing the latest {data.reports.length} reports.</Typography.Text>
      )}
    </Card>
  );
}
