"use client";

import { useEffect, useState } from "react";
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { regulatoryFrameworks } from "@/db/schema/enums";
import { fetchJson } from "@/components/refine/fetchJson";
import { rememberPeople } from "@/components/people/peopleStore";
import { ExportPanel } from "./ExportPanel";
import type { PeopleById } from "@/lib/resources/people";
import { PersonRef } from "@/components/people/PersonRef";
import { UserSelect } from "@/components/people/UserSelect";
import { queryString, useJson } from "./useJson";

interface LogRow {
  seq: number;
  id: string;
  timestamp: string;
  user_id: string | null;
  staff_email: string | null;
  action_type: string;
  regulatory_framework: string;
  metadata: Record<string, unknown>;
  hash: string;
}
interface Page {
  rows: LogRow[];
  nextBefore: number | null;
  people?: PeopleById;
}
interface Facets {
  actionTypes: string[];
  staff: { id: string; email: string; role: string }[];
}
interface Verification {
  ok: boolean;
  rows: number;
  /** Rows committed during the check, not yet sequenced (so not checked). */
  unsequenced?: number;
  head: { seq: number; hash: string };
  firstBrokenSeq?: number;
  explanation: string | null;
  seconds: number;
}
interface FilterValues {
  framework?: string;
  actionType?: string;
  staffId?: string;
  userId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}
type Filters = Record<string, string | undefined>;

/** `readsLogged` changes whenever this visit's read has been logged: the head is then read again, so it is current. */
function ChainStatus({ readsLogged }: { readsLogged: unknown }) {
  const head = useJson<{ head: { seq: number; hash: string } }>("/api/compliance/chain?mode=head");
  const { reload } = head;
  useEffect(() => {
    if (readsLogged) reload();
  }, [readsLogged, reload]);
  const [result, setResult] = useState<Verification | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState({ seq: "", hash: "" });
  const [savedResult, setSavedResult] = useState<boolean | null>(null);
  async function verify() {
    setRunning(true);
    setError(null);
    try {
      setResult(await fetchJson<Verification>("/api/compliance/chain?mode=verify"));
      head.reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  }
  async function checkSaved() {
    try {
      const { found } = await fetchJson<{ found: boolean }>(
        `/api/compliance/chain?${queryString({ mode: "check", ...saved })}`,
      );
      setSavedResult(found);
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <Card title="Chain status" size="small" data-testid="chain-status">
      <Space direction="vertical" style={{ width: "100%" }}>
        {head.data && (
          <Typography.Text>
            Head: seq <b>{head.data.head.seq}</b>{" "}
            <Typography.Text code copyable style={{ fontSize: 12 }} data-testid="chain-head-hash">
              {head.data.head.hash}
            </Typography.Text>
            <Typography.Text type="secondary">
              {" "}
              — copy it somewhere outside the database to prove later that nothing before it changed.
            </Typography.Text>
          </Typography.Text>
        )}
        <Space>
          <Button type="primary" onClick={verify} loading={running}>
            Verify chain
          </Button>
          {result &&
            (result.ok ? (
              <Tag color="green" data-testid="chain-result">
                Chain OK: {result.rows.toLocaleString()} rows verified in {result.seconds.toFixed(2)} s
                {result.unsequenced ? ` (${result.unsequenced.toLocaleString()} newer rows not yet sequenced)` : ""}
              </Tag>
            ) : (
              <Tag color="red" data-testid="chain-result">
                Chain broken at seq {result.firstBrokenSeq}: {result.explanation}
              </Tag>
            ))}
        </Space>
        <Space wrap>
          <Input
            placeholder="Saved seq"
            style={{ width: 120 }}
            value={saved.seq}
            onChange={(e) => setSaved({ ...saved, seq: e.target.value })}
          />
          <Input
            placeholder="Saved head hash"
            style={{ width: 420 }}
            value={saved.hash}
            onChange={(e) => setSaved({ ...saved, hash: e.target.value.trim() })}
          />
          <Button onClick={checkSaved}>Check a saved head</Button>
          {savedResult !== null && (
            <Tag color={savedResult ? "green" : "red"}>
              {savedResult ? "Still in the chain" : "Not found: the chain was altered"}
            </Tag>
          )}
        </Space>
        {error && <Alert type="error" showIcon message={error} />}
      </Space>
    </Card>
  );
}

/** The compliance log explorer: filters, newest-first pages, metadata as JSON, chain status, exports. */
export function AuditLogScreen() {
  const [form] = Form.useForm<FilterValues>();
  const facets = useJson<Facets>("/api/compliance/audit/facets");
  const [filters, setFilters] = useState<Filters>({});
  const filtersKey = queryString(filters);
  const first = useJson<Page>(`/api/compliance/audit?${filtersKey}`);
  // Older pages appended below the first, for the filters they were loaded with.
  const [more, setMore] = useState<{ key: string; rows: LogRow[]; nextBefore: number | null }>({
    key: "",
    rows: [],
    nextBefore: null,
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const extra = more.key === filtersKey ? more : { rows: [], nextBefore: null };
  const rows = [...(first.data?.rows ?? []), ...extra.rows];
  const nextBefore = extra.rows.length ? extra.nextBefore : (first.data?.nextBefore ?? null);
  const error = first.error ?? moreError;
  const loading = first.loading || loadingMore;

  async function loadMore(before: number) {
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await fetchJson<Page>(`/api/compliance/audit?${queryString({ ...filters, before })}`);
      rememberPeople(page.people);
      setMore({ key: filtersKey, rows: [...extra.rows, ...page.rows], nextBefore: page.nextBefore });
    } catch (e) {
      setMoreError((e as Error).message);
    } finally {
      setLoadingMore(false);
    }
  }

  function apply(values: FilterValues) {
    const next: Filters = {
      framework: values.framework,
      actionType: values.actionType,
      staffId: values.staffId,
      userId: values.userId || undefined,
      from: values.range?.[0]?.format("YYYY-MM-DD"),
      to: values.range?.[1]?.format("YYYY-MM-DD"),
    };
    setFilters(next);
  }

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Typography.Title level={3}>Compliance log</Typography.Title>
      <ChainStatus readsLogged={first.data} />
      <Card size="small" title="Filters">
        <Form form={form} layout="inline" onFinish={apply} data-testid="audit-filters">
          <Form.Item name="framework" label="Framework">
            <Select
              allowClear
              style={{ width: 140 }}
              options={regulatoryFrameworks.map((f) => ({ value: f, label: f }))}
            />
          </Form.Item>
          <Form.Item name="actionType" label="Action type">
            <Select
              allowClear
              showSearch
              style={{ width: 260 }}
              options={(facets.data?.actionTypes ?? []).map((a) => ({ value: a, label: a }))}
            />
          </Form.Item>
          <Form.Item name="staffId" label="Staff member">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ width: 240 }}
              options={(facets.data?.staff ?? []).map((s) => ({ value: s.id, label: `${s.email} (${s.role})` }))}
            />
          </Form.Item>
          <Form.Item name="userId" label="User" htmlFor="audit-user">
            <UserSelect id="audit-user" style={{ width: 300 }} placeholder="Any user: email, name or id" />
          </Form.Item>
          <Form.Item name="range" label="Dates">
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              Apply filters
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" title="Export the filtered rows">
        <ExportPanel source="compliance_logs" filters={filters} />
      </Card>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<LogRow>
        rowKey="seq"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        data-testid="audit-table"
        expandable={{
          expandedRowRender: (row) => (
            <pre style={{ margin: 0, fontSize: 12 }} data-testid="audit-metadata">
              {JSON.stringify(row.metadata, null, 2)}
            </pre>
          ),
        }}
        columns={[
          { title: "Seq", dataIndex: "seq", width: 80 },
          { title: "Time (UTC)", dataIndex: "timestamp", width: 190 },
          { title: "Framework", dataIndex: "regulatory_framework", width: 100, render: (f: string) => <Tag>{f}</Tag> },
          { title: "Action", dataIndex: "action_type" },
          { title: "Staff", dataIndex: "staff_email", render: (v: string | null) => v ?? "—" },
          {
            title: "User",
            dataIndex: "user_id",
            render: (v: string | null) => (v ? <PersonRef id={v} person={first.data?.people?.[v]} /> : "—"),
          },
          {
            title: "Hash",
            dataIndex: "hash",
            render: (v: string) => <Typography.Text code>{v.slice(0, 12)}…</Typography.Text>,
          },
        ]}
      />
      {nextBefore && (
        <Button onClick={() => loadMore(nextBefore)} loading={loading}>
          Load older entries
        </Button>
      )}
    </Space>
  );
}
