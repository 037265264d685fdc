"use client";

import { useState } from "react";
import { Alert, Button, Card, Col, Form, Input, Row, Select, Space, Statistic, Table, Tag, Typography } from "antd";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ExportPanel } from "./ExportPanel";
import type { ConsentEvent as ConsentLogEvent } from "@/server/compliance/consent";
import type { PeopleById } from "@/lib/resources/people";
import { PersonRef } from "@/components/people/PersonRef";
import { UserSelect } from "@/components/people/UserSelect";
import { queryString, useJson } from "./useJson";

interface ConsentEvent extends ConsentLogEvent {
  user_id?: string;
  missing?: string[];
}
interface Overview {
  trend: { period: string; consent_type: string; grants: number; withdrawals: number }[];
  provability: { rows: ConsentEvent[]; counts: { total: number; no_text: number; no_ip: number; no_notice: number } };
  specialCategory: {
    rows: {
      user_id: string;
      email: string;
      assessed_at: string;
      latest_granted: boolean | null;
      latest_at: string | null;
    }[];
    total: number;
  };
  people: PeopleById;
}

const granted = (g: boolean) => (g ? <Tag color="green">granted</Tag> : <Tag color="red">withdrawn</Tag>);
const consentTypes = ["terms_of_service", "special_category_data", "ai_features", "marketing"];

function UserConsent({ userId }: { userId: string }) {
  const { data, error, loading } = useJson<{ timeline: ConsentEvent[]; current: ConsentEvent[] }>(
    `/api/compliance/consent?${queryString({ userId })}`,
  );
  if (error) return <Alert type="error" showIcon message={error} />;
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <PersonRef id={userId} />
      <Card size="small" title="Current state (latest event per type wins)">
        <Space wrap data-testid="consent-current">
          {(data?.current ?? []).map((c) => (
            <Tag key={c.consent_type} color={c.granted ? "green" : "red"}>
              {c.consent_type}: {c.granted ? "granted" : "withdrawn"} ({c.timestamp.slice(0, 10)})
            </Tag>
          ))}
          {data && data.current.length === 0 && <Typography.Text type="secondary">No consent events.</Typography.Text>}
        </Space>
      </Card>
      <Table<ConsentEvent>
        rowKey="id"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={data?.timeline ?? []}
        data-testid="consent-timeline"
        columns={[
          { title: "Time (UTC)", dataIndex: "timestamp", width: 200 },
          { title: "Type", dataIndex: "consent_type" },
          { title: "Event", dataIndex: "granted", render: granted },
          {
            title: "Text shown",
            dataIndex: "consent_text",
            render: (t: string | null) => t ?? <Tag color="orange">missing</Tag>,
          },
          {
            title: "Notice",
            dataIndex: "notice_version",
            render: (t: string | null) => t ?? <Tag color="orange">missing</Tag>,
          },
          { title: "Method", dataIndex: "collection_method" },
          { title: "Jurisdiction", dataIndex: "jurisdiction" },
          {
            title: "IP",
            dataIndex: "ip_address",
            render: (t: string | null) => t ?? <Tag color="orange">missing</Tag>,
          },
        ]}
      />
    </Space>
  );
}

/** Consent evidence: a user's timeline and state, trends, the provability check and special-category gaps. */
export function ConsentScreen() {
  const [userId, setUserId] = useState<string | null>(null);
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const overview = useJson<Overview>(`/api/compliance/consent/overview?${queryString(filters)}`);
  const chart = Object.values(
    (overview.data?.trend ?? []).reduce<Record<string, { period: string; grants: number; withdrawals: number }>>(
      (acc, p) => {
        acc[p.period] ??= { period: p.period, grants: 0, withdrawals: 0 };
        acc[p.period].grants += p.grants;
        acc[p.period].withdrawals += p.withdrawals;
        return acc;
      },
      {},
    ),
  );
  const userWithTimeline = (id: string) => (
    <Space size={4} wrap>
      <PersonRef id={id} person={overview.data?.people[id]} />
      <Button size="small" onClick={() => setUserId(id)}>
        Timeline
      </Button>
    </Space>
  );
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Typography.Title level={3}>Consent</Typography.Title>
      <Card size="small" title="One user's consent timeline">
        <Form layout="inline" onFinish={(v: { userId: string }) => setUserId(v.userId)}>
          <Form.Item
            name="userId"
            label="User"
            htmlFor="consent-user"
            rules={[{ required: true, message: "Choose a user: type part of an email or name, or paste an id" }]}
          >
            <UserSelect id="consent-user" style={{ width: 340 }} />
          </Form.Item>
          <Button htmlType="submit" type="primary">
            Show timeline
          </Button>
        </Form>
        {userId && (
          <div style={{ marginTop: 12 }}>
            <UserConsent userId={userId} />
          </div>
        )}
      </Card>
      <Card size="small" title="Filters (chart, provability check, export)">
        <Form
          layout="inline"
          onFinish={(v: { consentType?: string; jurisdiction?: string; granted?: string }) =>
            setFilters({
              consentType: v.consentType,
              jurisdiction: v.jurisdiction?.trim() || undefined,
              granted: v.granted,
            })
          }
        >
          <Form.Item name="consentType" label="Type">
            <Select allowClear style={{ width: 220 }} options={consentTypes.map((t) => ({ value: t, label: t }))} />
          </Form.Item>
          <Form.Item name="granted" label="Event">
            <Select
              allowClear
              style={{ width: 140 }}
              options={[
                { value: "true", label: "grants" },
                { value: "false", label: "withdrawals" },
              ]}
            />
          </Form.Item>
          <Form.Item name="jurisdiction" label="Jurisdiction">
            <Input style={{ width: 100 }} placeholder="DE, US-CA" />
          </Form.Item>
          <Button htmlType="submit">Apply</Button>
        </Form>
      </Card>
      {overview.error && <Alert type="error" showIcon message={overview.error} />}
      <Card size="small" title="Grants and withdrawals per month">
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={chart}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="period" />
            <YAxis />
            <Tooltip />
            <Legend />
            <Bar dataKey="grants" fill="#52c41a" />
            <Bar dataKey="withdrawals" fill="#ff4d4f" />
          </BarChart>
        </ResponsiveContainer>
      </Card>
      <Card size="small" title="Provability check: records that could not prove consent on their own">
        <Row gutter={16} style={{ marginBottom: 12 }}>
          <Col>
            <Statistic title="Records with a gap" value={overview.data?.provability.counts.total ?? 0} />
          </Col>
          <Col>
            <Statistic title="No consent text" value={overview.data?.provability.counts.no_text ?? 0} />
          </Col>
          <Col>
            <Statistic title="No IP address" value={overview.data?.provability.counts.no_ip ?? 0} />
          </Col>
          <Col>
            <Statistic title="No notice version" value={overview.data?.provability.counts.no_notice ?? 0} />
          </Col>
        </Row>
        <Table<ConsentEvent>
          rowKey="id"
          size="small"
          loading={overview.loading}
          dataSource={overview.data?.provability.rows ?? []}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: "Time (UTC)", dataIndex: "timestamp", width: 200 },
            { title: "User", dataIndex: "user_id", render: (u: string) => userWithTimeline(u) },
            { title: "Type", dataIndex: "consent_type" },
            {
              title: "Missing",
              dataIndex: "missing",
              render: (m: string[]) =>
                m.map((f) => (
                  <Tag key={f} color="orange">
                    {f}
                  </Tag>
                )),
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={`Assessed users without current special-category consent (${overview.data?.specialCategory.total ?? 0})`}
      >
        <Typography.Paragraph type="secondary">
          An attachment assessment can reveal psychological health (GDPR Art. 9): it needs explicit consent whose latest
          event is a grant.
        </Typography.Paragraph>
        <Table
          rowKey="user_id"
          size="small"
          dataSource={overview.data?.specialCategory.rows ?? []}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: "User", dataIndex: "user_id", render: (u: string) => userWithTimeline(u) },
            { title: "Assessed", dataIndex: "assessed_at", render: (t: string) => t.slice(0, 10) },
            {
              title: "Latest special-category event",
              dataIndex: "latest_granted",
              render: (g: boolean | null) => (g === null ? <Tag>never asked</Tag> : granted(g)),
            },
          ]}
        />
      </Card>
      <Card size="small" title="Export consent records (filtered)">
        <ExportPanel source="consent_logs" filters={filters} />
      </Card>
    </Space>
  );
}
