"use client";

import { useState } from "react";
import Link from "next/link";
import { Alert, Button, Card, Empty, Form, Input, Result, Space, Tag, Typography } from "antd";
import type {
  Conversation as ConversationData,
  ConversationMessage,
  ConversationParticipant,
} from "@/server/messages/conversation";
import { maxReasonLength, mayReadMessageContent, minReasonLength } from "@/lib/messageAccess";
import { useAdmin } from "@/components/shell/AdminContext";
import { PersonRef } from "@/components/people/PersonRef";
import { DateTime } from "@/components/format/DateTime";

interface Failure {
  message: string;
  fieldErrors?: Record<string, string>;
}

const personLabel = (p: ConversationParticipant) => p.name ?? p.email ?? `${p.id.slice(0, 8)}…`;

async function openConversation(matchId: string, reason: string): Promise<ConversationData | Failure> {
  const response = await fetch(`/api/conversations/${encodeURIComponent(matchId)}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ reason }),
    cache: "no-store",
  });
  const body = (await response.json().catch(() => null)) as { data?: ConversationData; error?: Failure } | null;
  if (response.ok && body?.data) return body.data;
  return body?.error ?? { message: `Request failed (${response.status})` };
}

function MessageBubble({ message, sender, mine }: { message: ConversationMessage; sender: string; mine: boolean }) {
  return (
    <div
      data-testid="conversation-message"
      style={{ display: "flex", justifyContent: mine ? "flex-end" : "flex-start" }}
    >
      <Card size="small" style={{ maxWidth: "75%" }} styles={{ body: { padding: "8px 12px" } }}>
        <Space direction="vertical" size={2}>
          <Typography.Text strong>{sender}</Typography.Text>
          {message.unreadable ? (
            <Space>
              <Tag color="red">Integrity</Tag>
              <Typography.Text italic>{message.content}</Typography.Text>
            </Space>
          ) : (
            <Typography.Text style={{ whiteSpace: "pre-wrap" }}>{message.content}</Typography.Text>
          )}
          {message.notEncrypted && <Tag color="orange">Stored unencrypted: run npm run db:rotate-keys</Tag>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <span>
              Sent <DateTime value={message.sentAt} />
            </span>
            {" · "}
            {message.readAt ? (
              <span>
                read <DateTime value={message.readAt} />
              </span>
            ) : (
              "unread"
            )}
          </Typography.Text>
        </Space>
      </Card>
    </div>
  );
}

function ConversationView({ data, onClose }: { data: ConversationData; onClose: () => void }) {
  const [a, b] = data.participants;
  const name = (id: string) => personLabel(id === a.id ? a : b);
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Alert
        type="warning"
        showIcon
        message="This opening is recorded in the audit log with your reason."
        action={
          <Button size="small" onClick={onClose}>
            Close conversation
          </Button>
        }
      />
      <Card
        title={
          <span style={{ display: "inline-flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
            <PersonRef id={a.id} /> and <PersonRef id={b.id} />
          </span>
        }
        extra={<Tag>{data.status}</Tag>}
      >
        {data.messages.length === 0 ? (
          <Empty description="No messages between these users" />
        ) : (
          <Space direction="vertical" style={{ width: "100%" }} data-testid="conversation-messages">
            {data.messages.map((m) => (
              <MessageBubble key={m.id} message={m} sender={name(m.fromUserId)} mine={m.fromUserId === b.id} />
            ))}
          </Space>
        )}
        {data.truncated && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            Showing the first {data.messages.length.toLocaleString()} messages.
          </Typography.Paragraph>
        )}
      </Card>
    </Space>
  );
}

/**
 * One match's conversation, both sides in time order, for the roles that may read message content.
 * Nothing is fetched until a reason is given; each opening is one audit row (server side), so the
 * content is not kept: closing it, or coming back, asks for a reason again.
 */
export function Conversation({ matchId }: { matchId: string }) {
  const { actor } = useAdmin();
  const [form] = Form.useForm<{ reason: string }>();
  const [data, setData] = useState<ConversationData | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  if (!mayReadMessageContent(actor.role)) {
    return (
      <Result
        status="403"
        title="No access to message content"
        subTitle={`Your role (${actor.role}) cannot read messages. Reading a conversation needs the admin or trust & safety role.`}
      />
    );
  }

  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    setFailure(null);
    const result = await openConversation(matchId, reason);
    setBusy(false);
    if ("matchId" in result) {
      setData(result);
      form.resetFields();
      return;
    }
    setFailure(result);
    if (result.fieldErrors?.reason)
      form.setFields([{ name: "reason", errors: [`Reason ${result.fieldErrors.reason}`] }]);
  };

  return (
    <Space direction="vertical" style={{ width: "100%", padding: 24 }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        Conversation
      </Typography.Title>
      <Space>
        <Link href={`/matches/show/${matchId}`}>Match</Link>
        <Link href="/messages">All messages</Link>
      </Space>
      {data ? (
        <ConversationView data={data} onClose={() => setData(null)} />
      ) : (
        <Card title="Why do you need to read these messages?">
          <Typography.Paragraph>
            Private messages are encrypted and read only for a stated reason (a report, an appeal, a legal request).
            Your name, the time and the reason are written to the audit log when the conversation opens.
          </Typography.Paragraph>
          {failure && !failure.fieldErrors?.reason && (
            <Alert type="error" showIcon message={failure.message} style={{ marginBottom: 16 }} />
          )}
          <Form form={form} layout="vertical" onFinish={submit} requiredMark>
            <Form.Item
              name="reason"
              label="Reason"
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: "Reason is required: say why you need to read these messages",
                },
                { min: minReasonLength, message: `Reason must be at least ${minReasonLength} characters` },
                { max: maxReasonLength, message: `Reason must be at most ${maxReasonLength} characters` },
              ]}
            >
              <Input.TextArea
                rows={3}
                maxLength={maxReasonLength}
                showCount
                placeholder="e.g. Report #4711: harassment claim"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              Open conversation
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
