"use client";

import { useState } from "react";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  theme,
} from "antd";
import { dsrRegimes, dsrTypes } from "@/db/schema/compliance";
import {
  advanceRequest,
  completeRequest,
  denyRequest,
  extendRequest,
  fileRequest,
} from "@/server/compliance/requestActions";
import type { RequestRow } from "@/server/compliance/requests";
import type { PeopleById } from "@/lib/resources/people";
import { PersonRef } from "@/components/people/PersonRef";
import { UserSelect } from "@/components/people/UserSelect";
import { RequiredOnInput } from "@/components/resource/RequiredOnInput";
import { useJson } from "./useJson";

interface Payload {
  requests: RequestRow[];
  board: { overdue: RequestRow[]; dueSoon: RequestRow[] };
  rules: Record<string, { label: string }>;
  nextStatuses: Record<string, string[]>;
  retainedEvidence: { table: string; basis: string }[];
  people: PeopleById;
}
type Outcome =
  { ok: true; data: unknown } | { ok: false; error: { message: string; fieldErrors?: Record<string, string> } };

const statusColor: Record<string, string> = {
  received: "default",
  verified: "blue",
  in_progress: "processing",
  extended: "orange",
  completed: "green",
  denied: "red",
};

function FileRequest({ onFiled }: { onFiled: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  async function submit(values: { userId: string; requestType: string; regime: string; notes?: string }) {
    setError(null);
    const result = (await fileRequest(values)) as Outcome;
    if (!result.ok) {
      form.setFields(
        Object.entries(result.error.fieldErrors ?? {}).map(([name, errors]) => ({ name, errors: [errors] })),
      );
      setError(result.error.message);
      return;
    }
    form.resetFields();
    onFiled();
  }
  return (
    <Card size="small" title="File a request">
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="inline" onFinish={submit} initialValues={{ regime: "gdpr" }} data-testid="file-request">
        <Form.Item
          name="userId"
          label="User"
          htmlFor="file-request-user"
          rules={[{ required: true, message: "Choose the user: type part of an email or name, or paste an id" }]}
        >
          <UserSelect id="file-request-user" style={{ width: 320 }} />
        </Form.Item>
        <Form.Item name="requestType" label="Type" rules={[{ required: true, message: "Choose a type" }]}>
          <RequiredOnInput>
            <Select style={{ width: 150 }} options={dsrTypes.map((t) => ({ value: t, label: t.replace("_", " ") }))} />
          </RequiredOnInput>
        </Form.Item>
        <Form.Item name="regime" label="Regime">
          <Select style={{ width: 100 }} options={dsrRegimes.map((r) => ({ value: r, label: r.toUpperCase() }))} />
        </Form.Item>
        <Form.Item name="notes" label="Notes">
          <Input style={{ width: 220 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          File request
        </Button>
      </Form>
    </Card>
  );
}

function ReasonModal({
  title,
  onSubmit,
  onClose,
}: {
  title: string;
  onSubmit: (reason: string) => Promise<string | null>;
  onClose: () => void;
}) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal open title={title} onCancel={onClose} okText="Save" onOk={async () => setError(await onSubmit(reason))}>
      <Input.TextArea
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder="Reason (recorded and shown to the data subject)"
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} />}
    </Modal>
  );
}

/** Data-subject requests: filing, the deadline board, status changes, access documents and erasure. */
export function RequestsScreen() {
  const { message } = App.useApp();
  // The theme's error text colour: readable in both colour modes (a fixed red is not, on dark).
  const { token } = theme.useToken();
  const { data, error, loading, reload } = useJson<Payload>("/api/compliance/requests");
  const [reasonFor, setReasonFor] = useState<{ row: RequestRow; kind: "extend" | "deny" } | null>(null);

  async function act(run: () => Promise<Outcome>, done: string) {
    const result = await run();
    if (!result.ok) {
      message.error(result.error.message);
      return result.error.fieldErrors?.reason ?? result.error.message;
    }
    message.success(done);
    reload();
    return null;
  }

  const board = (rows: RequestRow[] | undefined, empty: string) =>
    rows && rows.length ? (
      rows.map((r) => (
        <div key={r.id}>
          <Tag>{r.regime.toUpperCase()}</Tag> {r.request_type} for{" "}
          <PersonRef id={r.user_id} person={data?.people[r.user_id]} /> — due {r.due_at.slice(0, 10)}
        </div>
      ))
    ) : (
      <Typography.Text type="secondary">{empty}</Typography.Text>
    );

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Typography.Title level={3}>Data-subject requests</Typography.Title>
      {error && <Alert type="error" showIcon message={error} />}
      <Row gutter={16}>
        <Col span={12}>
          <Card
            size="small"
            title={`Overdue (${data?.board.overdue.length ?? 0})`}
            data-testid="board-overdue"
            styles={{ header: { color: token.colorErrorText } }}
          >
            {board(data?.board.overdue, "Nothing overdue.")}
          </Card>
        </Col>
        <Col span={12}>
          <Card
            size="small"
            title={`Due within 5 days (${data?.board.dueSoon.length ?? 0})`}
            data-testid="board-due-soon"
          >
            {board(data?.board.dueSoon, "Nothing due within 5 days.")}
          </Card>
        </Col>
      </Row>
      <FileRequest onFiled={reload} />
      <Table<RequestRow>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.requests ?? []}
        data-testid="requests-table"
        pagination={{ pageSize: 20 }}
        expandable={{
          expandedRowRender: (r) => (
            <Space direction="vertical">
              {r.extension_reason && <span>Extension reason: {r.extension_reason}</span>}
              {r.denial_reason && <span>Denial reason: {r.denial_reason}</span>}
              {r.notes && <span>Notes: {r.notes}</span>}
              {r.outcome && <pre style={{ margin: 0 }}>{JSON.stringify(r.outcome, null, 2)}</pre>}
            </Space>
          ),
        }}
        columns={[
          { title: "Received", dataIndex: "received_at", render: (t: string) => t.slice(0, 10) },
          { title: "Type", dataIndex: "request_type" },
          { title: "Regime", dataIndex: "regime", render: (r: string) => r.toUpperCase() },
          {
            title: "User",
            dataIndex: "user_id",
            render: (id: string) => <PersonRef id={id} person={data?.people[id]} />,
          },
          {
            title: "Status",
            dataIndex: "status",
            render: (s: string, r) => (
              <Space size={4}>
                <Tag color={statusColor[s]}>{s.replace("_", " ")}</Tag>
                {r.overdue && <Tag color="red">overdue</Tag>}
                {r.due_soon && <Tag color="orange">due soon</Tag>}
              </Space>
            ),
          },
          { title: "Due", dataIndex: "due_at", render: (t: string) => t.slice(0, 10) },
          { title: "Handler", dataIndex: "handler_email" },
          {
            title: "Completed",
            dataIndex: "completed_at",
            render: (t: string | null) => t?.slice(0, 16).replace("T", " ") ?? "—",
          },
          {
            title: "Actions",
            render: (_, r) => {
              const next = data?.nextStatuses[r.status] ?? [];
              return (
                <Space size={4} wrap>
                  {next.includes("verified") && (
                    <Button
                      size="small"
                      onClick={() =>
                        act(
                          () => advanceRequest({ id: r.id, status: "verified" }) as Promise<Outcome>,
                          "Identity verified",
                        )
                      }
                    >
                      Verify
                    </Button>
                  )}
                  {next.includes("in_progress") && (
                    <Button
                      size="small"
                      onClick={() =>
                        act(() => advanceRequest({ id: r.id, status: "in_progress" }) as Promise<Outcome>, "Started")
                      }
                    >
                      Start
                    </Button>
                  )}
                  {next.includes("extended") && !r.extended_at && (
                    <Button size="small" onClick={() => setReasonFor({ row: r, kind: "extend" })}>
                      Extend
                    </Button>
                  )}
                  {next.includes("completed") && (
                    <Popconfirm
                      title={
                        r.request_type === "erasure"
                          ? "Erase this user's personal data now? This cannot be undone."
                          : "Mark as completed?"
                      }
                      okText={r.request_type === "erasure" ? "Erase and complete" : "Complete"}
                      onConfirm={() =>
                        act(() => completeRequest({ id: r.id }) as Promise<Outcome>, "Request completed")
                      }
                    >
                      <Button size="small" type="primary" danger={r.request_type === "erasure"}>
                        {r.request_type === "erasure" ? "Erase & complete" : "Complete"}
                      </Button>
                    </Popconfirm>
                  )}
                  {next.includes("denied") && (
                    <Button size="small" onClick={() => setReasonFor({ row: r, kind: "deny" })}>
                      Deny
                    </Button>
                  )}
                  {["access", "portability"].includes(r.request_type) && !["received", "denied"].includes(r.status) && (
                    <Button size="small" href={`/api/compliance/requests/subject-data?id=${r.id}`}>
                      Download data (JSON)
                    </Button>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      <Card size="small" title="Deadlines">
        {Object.entries(data?.rules ?? {}).map(([regime, rule]) => (
          <div key={regime}>{rule.label}</div>
        ))}
      </Card>
      <Card size="small" title="What erasure keeps, and why">
        <Table
          rowKey="table"
          size="small"
          pagination={false}
          dataSource={data?.retainedEvidence ?? []}
          columns={[
            { title: "Kept", dataIndex: "table", width: 200 },
            { title: "Legal basis", dataIndex: "basis" },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          Deleted in the same transaction: profile, attachment assessment, messages (sent and received), matches, event
          registrations, AI interactions and subscription. The user row keeps only its id (email replaced by
          erased-&lt;id&gt;@erased.invalid, password invalidated, erased_at set).
        </Typography.Paragraph>
      </Card>
      {reasonFor && (
        <ReasonModal
          title={reasonFor.kind === "extend" ? "Extend the deadline" : "Deny the request"}
          onClose={() => setReasonFor(null)}
          onSubmit={async (reason) => {
            const run = reasonFor.kind === "extend" ? extendRequest : denyRequest;
            const problem = await act(
              () => run({ id: reasonFor.row.id, reason }) as Promise<Outcome>,
              reasonFor.kind === "extend" ? "Deadline extended" : "Request denied",
            );
            if (!problem) setReasonFor(null);
            return problem;
          }}
        />
      )}
    </Space>
  );
}
