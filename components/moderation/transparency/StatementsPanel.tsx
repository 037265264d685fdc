"use client";

import { useState } from "react";
import { Alert, Button, Card, Collapse, Empty, List, Space, Tag, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import type { PeopleById } from "@/lib/resources/people";
import type { StatementListRow } from "@/server/moderation/statements/listStatements";
import { PersonRef } from "@/components/people/PersonRef";
import { queryString, useJson } from "@/components/compliance/useJson";
import { decisionKindLabels } from "./labels";

interface Page {
  rows: StatementListRow[];
  people: PeopleById;
  nextCursor: string | null;
}

function Notice({ row }: { row: StatementListRow }) {
  return (
    <div>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {row.notice.title}
      </Typography.Title>
      {row.notice.sections.map((section) => (
        <div key={section.heading} style={{ marginBottom: 8 }}>
          <Typography.Text strong>{section.heading}</Typography.Text>
          <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: "pre-wrap" }}>
            {section.text}
          </Typography.Paragraph>
        </div>
      ))}
    </div>
  );
}

/** One page of statements; the last page offers the next. */
function StatementsPage({
  since,
  until,
  cursor,
  last,
  onMore,
}: {
  since: string;
  until: string;
  cursor: string | null;
  last: boolean;
  onMore: (cursor: string) => void;
}) {
  const { data, error, loading } = useJson<Page>(
    `/api/moderation/statements/list?${queryString({ since, until, cursor: cursor ?? undefined, pageSize: 10 })}`,
  );
  if (error) return <Alert type="error" showIcon message={error} />;
  return (
    <>
      <List<StatementListRow>
        loading={loading && !data}
        dataSource={data?.rows ?? []}
        locale={{
          emptyText: cursor ? " " : <Empty description="No statements of reasons in this period" />,
        }}
        renderItem={(row) => (
          <List.Item key={row.id} data-testid="statement-item">
            <Card
              size="small"
              style={{ width: "100%" }}
              title={
                <Space wrap>
                  <Tag>{decisionKindLabels[row.actionKind as keyof typeof decisionKindLabels] ?? row.actionKind}</Tag>
                  <PersonRef id={row.subjectUserId} person={data?.people[row.subjectUserId]} />
                </Space>
              }
              extra={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {row.createdAt.slice(0, 16).replace("T", " ")} UTC
                </Typography.Text>
              }
            >
              <Notice row={row} />
              <Collapse
                size="small"
                items={[
                  {
                    key: "statement",
                    label: `Statement as sent to the DSA database (puid ${row.puid})`,
                    children: (
                      <pre style={{ whiteSpace: "pre-wrap", wordBreak: "break-word", margin: 0, fontSize: 12 }}>
                        {JSON.stringify(row.statement, null, 2)}
                      </pre>
                    ),
                  },
                ]}
              />
            </Card>
          </List.Item>
        )}
      />
      {last && data?.nextCursor && (
        <Button onClick={() => onMore(data.nextCursor as string)}>Show older statements</Button>
      )}
    </>
  );
}

/**
 * The period's statements of reasons, newest first, each with the notice its member received and
 * the body as the DSA Transparency Database gets it; and the whole period as the database's JSON
 * Lines (one multiple-endpoint request body per line). Mounted per period (keyed by it).
 */
export function StatementsPanel({ since, until, canExport }: { since: string; until: string; canExport: boolean }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Card size="small">
        <Space wrap align="center">
          <Typography.Text>
            Statements of reasons stored from {since} to {until}, as the DSA Transparency Database&apos;s
            multiple-statements endpoint takes them: one request body per line, at most 100 statements each.
          </Typography.Text>
          {canExport && (
            <Button
              type="primary"
              icon={<DownloadOutlined />}
              href={`/api/moderation/statements?${queryString({ since, until })}`}
              download={`dsa-statements-${since}-to-${until}.jsonl`}
              data-testid="download-statements"
            >
              Download statements (JSON Lines)
            </Button>
          )}
        </Space>
      </Card>
      {cursors.map((cursor, index) => (
        <StatementsPage
          key={cursor ?? "first"}
          since={since}
          until={until}
          cursor={cursor}
          last={index === cursors.length - 1}
          onMore={(next) => setCursors((list) => [...list, next])}
        />
      ))}
    </Space>
  );
}
