"use client";

import { useState } from "react";
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { knownAiTypes } from "@/db/schema/enums";
import type {
  AiDailyMetric as Metric,
  AiViolation as Violation,
  ViolationKind as Kind,
} from "@/server/compliance/aiTransparency";
import type { PeopleById } from "@/lib/resources/people";
import { PersonRef } from "@/components/people/PersonRef";
import { UserSelect } from "@/components/people/UserSelect";
import { queryString, useJson } from "./useJson";

const kinds: { key: Kind; label: string }[] = [
  { key: "no_disclosure", label: "Interactions without disclosure" },
  { key: "session_start_without_disclosure", label: "Sessions that started without disclosure" },
  { key: "no_consent", label: "Interactions without consent" },
];
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const yes = (v: boolean) => (v ? <Tag color="green">yes</Tag> : <Tag color="red">no</Tag>);

function Violations({
  kind,
  filters,
  onSession,
}: {
  kind: Kind;
  filters: Record<string, string | undefined>;
  onSession: (s: string) => void;
}) {
  const { data, error, loading } = useJson<{ rows: Violation[]; total: number; people: PeopleById }>(
    `/api/compliance/ai?${queryString({ ...filters, violation: kind })}`,
  );
  if (error) return <Alert type="error" showIcon message={error} />;
  return (
    <Table<Violation>
      rowKey="id"
      size="small"
      loading={loading}
      title={() => `${data?.total ?? 0} in total (newest 100 shown)`}
      dataSource={data?.rows ?? []}
      pagination={{ pageSize: 10 }}
      columns={[
        { title: "Time (UTC)", dataIndex: "created_at" },
        { title: "AI type", dataIndex: "ai_type" },
        {
          title: "User",
          dataIndex: "user_id",
          render: (u: string) => <PersonRef id={u} person={data?.people[u]} />,
        },
        {
          title: "Session",
          dataIndex: "session_id",
          render: (s: string | null) => (s ? <a onClick={() => onSession(s)}>{s}</a> : "—"),
        },
        { title: "Disclosed", dataIndex: "disclosure_shown", render: yes },
        { title: "Consented", dataIndex: "user_consented", render: yes },
      ]}
    />
  );
}

function Session({ id, onClose }: { id: string; onClose: () => void }) {
  const { data } = useJson<{ session: Violation[] }>(`/api/compliance/ai?${queryString({ session: id })}`);
  return (
    <Modal open title={`Session ${id}`} onCancel={onClose} footer={null} width={800}>
      <Table<Violation>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data?.session ?? []}
        columns={[
          { title: "Time (UTC)", dataIndex: "created_at" },
          { title: "AI type", dataIndex: "ai_type" },
          { title: "Disclosed", dataIndex: "disclosure_shown", render: yes },
          { title: "Consented", dataIndex: "user_consented", render: yes },
        ]}
      />
    </Modal>
  );
}

function Sb243() {
  const { data } = useJson<{ counts: { year: number; action_type: string; events: number }[] }>(
    "/api/compliance/sb243",
  );
  return (
    <Card
      size="small"
      title="California SB 243 (companion chatbots): events per year"
      extra={
        <Button href="/api/compliance/sb243?format=csv" size="small">
          Export CSV (no user identifiers)
        </Button>
      }
    >
      <Table
        rowKey={(r) => `${r.year}-${r.action_type}`}
        size="small"
        pagination={false}
        dataSource={data?.counts ?? []}
        columns={[
          { title: "Year", dataIndex: "year" },
          { title: "Event", dataIndex: "action_type" },
          { title: "Count", dataIndex: "events" },
        ]}
      />
    </Card>
  );
}

/** EU AI Act Art. 50 transparency per AI type and day, the violations behind it, and SB 243 counts. */
export function AiScreen() {
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [session, setSession] = useState<string | null>(null);
  const metrics = useJson<{ metrics: Metric[] }>(`/api/compliance/ai?${queryString(filters)}`);
  const types = [...new Set((metrics.data?.metrics ?? []).map((m) => m.ai_type))];
  const chart = Object.values(
    (metrics.data?.metrics ?? []).reduce<Record<string, Record<string, string | number>>>((acc, m) => {
      acc[m.day] ??= { day: m.day };
      acc[m.day][m.ai_type] = Math.round(m.disclosure_share * 1000) / 10;
      return acc;
    }, {}),
  );
  const colors = ["#1677ff", "#52c41a", "#fa8c16", "#eb2f96", "#722ed1"];
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Typography.Title level={3}>AI transparency</Typography.Title>
      <Typography.Paragraph type="secondary">
        EU AI Act Art. 50 (applicable from 2 August 2026): people must be told when they interact with an AI system.
      </Typography.Paragraph>
      <Form
        layout="inline"
        onFinish={(v: { aiType?: string; from?: string; to?: string; userId?: string }) =>
          setFilters({
            aiType: v.aiType,
            from: v.from?.trim() || undefined,
            to: v.to?.trim() || undefined,
            userId: v.userId || undefined,
          })
        }
      >
        <Form.Item name="aiType" label="AI type">
          <Select allowClear style={{ width: 220 }} options={knownAiTypes.map((t) => ({ value: t, label: t }))} />
        </Form.Item>
        <Form.Item name="from" label="From">
          <Input placeholder="YYYY-MM-DD" style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="to" label="To">
          <Input placeholder="YYYY-MM-DD" style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="userId" label="User" htmlFor="ai-user">
          <UserSelect id="ai-user" style={{ width: 300 }} placeholder="Any user: email, name or id" />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          Apply
        </Button>
      </Form>
      {metrics.error && <Alert type="error" showIcon message={metrics.error} />}
      <Card size="small" title="Share of interactions with disclosure shown (%), per AI type per day">
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={chart}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis domain={[0, 100]} />
            <Tooltip />
            <Legend />
            {types.map((t, i) => (
              <Line key={t} dataKey={t} stroke={colors[i % colors.length]} dot={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </Card>
      <Table<Metric>
        rowKey={(m) => `${m.day}-${m.ai_type}`}
        size="small"
        loading={metrics.loading}
        dataSource={[...(metrics.data?.metrics ?? [])].reverse()}
        pagination={{ pageSize: 10 }}
        columns={[
          { title: "Day (UTC)", dataIndex: "day" },
          { title: "AI type", dataIndex: "ai_type" },
          { title: "Interactions", dataIndex: "interactions" },
          { title: "Disclosure shown", dataIndex: "disclosure_share", render: pct },
          { title: "User consented", dataIndex: "consent_share", render: pct },
        ]}
      />
      <Card size="small" title="Violations">
        <Tabs
          items={kinds.map((k) => ({
            key: k.key,
            label: k.label,
            children: <Violations kind={k.key} filters={filters} onSession={setSession} />,
          }))}
        />
      </Card>
      <Sb243 />
      {session && <Session id={session} onClose={() => setSession(null)} />}
    </Space>
  );
}
