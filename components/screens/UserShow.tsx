"use client";

import Link from "next/link";
import { Card, Col, Descriptions, Empty, Row, Statistic, Table, Tag } from "antd";
import type { ResourceRow, UserRelated } from "@/lib/resources/types";
import { ResourceShow } from "@/components/resource/ResourceShow";
import { FieldValue } from "@/components/resource/FieldValue";

function Summary({ row, fields }: { row: ResourceRow | null; fields: string[] }) {
  if (!row) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="None" />;
  return (
    <Descriptions column={1} size="small">
      {fields.map((field) => (
        <Descriptions.Item key={field} label={field.replace(/([A-Z])/g, " $1").toLowerCase()}>
          <FieldValue kind={typeof row[field] === "boolean" ? "boolean" : "text"} value={row[field] as unknown} />
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

/** A user with everything about them on one screen (GET /api/resources/users/<id>?include=related). */
export function UserShow({ id }: { id: string }) {
  return (
    <ResourceShow resource="users" id={id} include="related">
      {(record) => {
        const related = record._related as UserRelated | undefined;
        if (!related) return null;
        return (
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} md={12}>
              <Card
                title="Profile"
                size="small"
                extra={related.profile && <Link href={`/profiles/show/${related.profile.id}`}>Open</Link>}
              >
                <Summary
                  row={related.profile}
                  fields={["name", "age", "gender", "lookingForGender", "completenessScore"]}
                />
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card title="Attachment assessment" size="small">
                <Summary
                  row={related.assessment}
                  fields={["style", "assessmentVersion", "totalQuestions", "createdAt"]}
                />
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card title="Subscription" size="small">
                <Summary
                  row={related.subscription}
                  fields={["tier", "status", "currentPeriodStart", "currentPeriodEnd"]}
                />
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card title="Messages" size="small">
                {related.messageCounts ? (
                  <Row>
                    <Col span={12}>
                      <Statistic title="Sent" value={related.messageCounts.sent} />
                    </Col>
                    <Col span={12}>
                      <Statistic title="Received" value={related.messageCounts.received} />
                    </Col>
                  </Row>
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Not visible to your role" />
                )}
              </Card>
            </Col>
            <Col span={24}>
              <Card title="Consent state" size="small">
                {related.consentState.length ? (
                  related.consentState.map((c) => (
                    <Tag key={c.consentType} color={c.granted ? "green" : "red"}>
                      {c.consentType}: {c.granted ? "granted" : "withdrawn"}
                    </Tag>
                  ))
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="No consent records" />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title="Payments (latest 20)" size="small">
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={related.payments}
                  columns={[
                    {
                      title: "Amount",
                      dataIndex: "amount",
                      render: (v: unknown, row) => (
                        <Link href={`/payments/show/${row.id}`}>
                          <FieldValue kind="money" value={v} />
                        </Link>
                      ),
                    },
                    { title: "Type", dataIndex: "type" },
                    {
                      title: "Status",
                      dataIndex: "status",
                      render: (v: unknown) => <FieldValue kind="enum" value={v} />,
                    },
                    {
                      title: "Date",
                      dataIndex: "createdAt",
                      render: (v: unknown) => <FieldValue kind="date" value={v} />,
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title="Matches (latest 20)" size="small">
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={related.matches}
                  columns={[
                    {
                      title: "With",
                      render: (_, row) => {
                        const other = row.userAId === id ? row.userBId : row.userAId;
                        return <FieldValue kind="uuid" value={other} relation="users" />;
                      },
                    },
                    { title: "Score", dataIndex: "compatibilityScore" },
                    {
                      title: "Status",
                      dataIndex: "status",
                      render: (v: unknown, row) => (
                        <Link href={`/matches/show/${row.id}`}>
                          <FieldValue kind="enum" value={v} />
                        </Link>
                      ),
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col span={24}>
              <Card title="AI interactions (latest 20)" size="small">
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={related.aiInteractions}
                  columns={Object.keys(related.aiInteractions[0] ?? { id: "" })
                    .filter((key) => !["id", "userId"].includes(key))
                    .slice(0, 6)
                    .map((key) => ({
                      title: key,
                      dataIndex: key,
                      render: (v: unknown) => (
                        <FieldValue
                          kind={typeof v === "boolean" ? "boolean" : "text"}
                          value={typeof v === "object" && v !== null ? JSON.stringify(v) : v}
                        />
                      ),
                    }))}
                />
              </Card>
            </Col>
          </Row>
        );
      }}
    </ResourceShow>
  );
}
