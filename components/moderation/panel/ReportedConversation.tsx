"use client";

import { useState } from "react";
import { Alert, Button, Card, Form, Input, Space, Tag, Typography } from "antd";
import type { Conversation } from "@/server/messages/conversation";
import { maxReasonLength, minReasonLength } from "@/lib/messageAccess";
import { when } from "../queue/labels";

interface Failure {
  message: string;
  fieldErrors?: Record<string, string>;
}

/** The conversation route (server/messages/routes.ts): one audited opening per call, the reason in the body. */
async function openConversation(matchId: string, reason: string): Promise<Conversation | Failure> {
  const response = await fetch(`/api/conversations/${encodeURIComponent(matchId)}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ reason }),
    cache: "no-store",
  });
  const body = (await response.json().catch(() => null)) as { data?: Conversation; error?: Failure } | null;
  if (response.ok && body?.data) return body.data;
  return body?.error ?? { message: `Request failed (${response.status})` };
}

/**
 * The reported message inside its conversation, for roles that may read message content. Nothing is
 * fetched until the moderator gives a reason; the opening is written to the audit log with it
 * (server/messages/conversation.ts), and the content is not kept once closed.
 */
export function ReportedConversation({
  matchId,
  messageId,
  subjectUserId,
  suggestedReason,
}: {
  matchId: string;
  messageId: string;
  subjectUserId: string;
  suggestedReason: string;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const [data, setData] = useState<Conversation | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);

  async function submit({ reason }: { reason: string }) {
    setBusy(true);
    setFailure(null);
    const result = await openConversation(matchId, reason);
    setBusy(false);
    if ("matchId" in result) return setData(result);
    setFailure(result);
    if (result.fieldErrors?.reason)
      form.setFields([{ name: "reason", errors: [`Reason ${result.fieldErrors.reason}`] }]);
  }

  if (data) {
    const nameOf = (id: string) => {
      const p = data.participants.find((x) => x.id === id);
      return p?.name ?? p?.email ?? "Unknown";
    };
    return (
      <Card size="small" data-testid="reported-conversation">
        <Alert
          type="warning"
          showIcon
          message="This opening is recorded in the audit log with your reason."
          action={
            <Button size="small" onClick={() => setData(null)}>
              Close conversation
            </Button>
          }
          style={{ marginBottom: 8 }}
        />
        <Space direction="vertical" style={{ width: "100%" }} size={6}>
          {data.messages.map((m) => {
            const reported = m.id === messageId;
            return (
              <div
                key={m.id}
                data-reported={reported || undefined}
                style={{
                  border: reported ? "2px solid #cf1322" : "1px solid #d9d9d9",
                  borderRadius: 6,
                  padding: "6px 10px",
                  marginInlineStart: m.fromUserId === subjectUserId ? 0 : 32,
                }}
              >
                <Space size={6} wrap>
                  <Typography.Text strong>{nameOf(m.fromUserId)}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {when(m.sentAt)}
                  </Typography.Text>
                  {reported && <Tag color="red">Reported</Tag>}
                </Space>
                <div style={{ whiteSpace: "pre-wrap" }}>{m.content}</div>
              </div>
            );
          })}
          {data.truncated && (
            <Typography.Text type="secondary">Showing the first {data.messages.length} messages.</Typography.Text>
          )}
        </Space>
      </Card>
    );
  }
  if (!asking) {
    return (
      <Button size="small" onClick={() => setAsking(true)}>
        Read the message in its conversation
      </Button>
    );
  }
  return (
    <Card size="small">
      {failure && !failure.fieldErrors?.reason && (
        <Alert type="error" showIcon message={failure.message} style={{ marginBottom: 8 }} />
      )}
      <Form
        form={form}
        name={`conversation-${messageId}`}
        layout="vertical"
        onFinish={submit}
        initialValues={{ reason: suggestedReason }}
      >
        <Form.Item
          name="reason"
          label="Why you need to read these messages (recorded in the audit log)"
          rules={[
            { required: true, whitespace: true, message: "Reason is required" },
            { min: minReasonLength, message: `At least ${minReasonLength} characters` },
          ]}
        >
          <Input.TextArea rows={2} maxLength={maxReasonLength} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            Open conversation
          </Button>
          <Button onClick={() => setAsking(false)}>Cancel</Button>
        </Space>
      </Form>
    </Card>
  );
}
