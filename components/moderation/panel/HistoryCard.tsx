"use client";

import { useState } from "react";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Tag,
  Timeline,
  Typography,
} from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import { reversibleActionKinds } from "@/db/schema/enums";
import type { PanelAppeal, PanelData, PanelDecision } from "@/server/moderation/panel";
import { categoryRules } from "@/server/moderation/queueRules";
import { decideAppeal, recordAppeal } from "@/server/moderation/appealActions";
import { actionKindLabels, channelLabels, day, groundLabels, when } from "../queue/labels";
import { CardTitle } from "./Kbd";
import { radioGroupRole } from "./ariaRoles";

type Outcome = { ok: true } | { ok: false; error: { message: string; fieldErrors?: Record<string, string> } };

const kindColour: Partial<Record<PanelDecision["kind"], string>> = {
  terminate: "red",
  suspend: "volcano",
  restrict_visibility: "purple",
  warn: "gold",
  reverse: "green",
  escalate: "orange",
};

/** Shows a server refusal on the form's fields, or returns it as a message for the whole form. */
function showErrors<T extends object>(form: ReturnType<typeof Form.useForm<T>>[0], result: Outcome): string | null {
  if (result.ok) return null;
  const errors = Object.entries(result.error.fieldErrors ?? {});
  form.setFields(errors.map(([name, message]) => ({ name: name as never, errors: [message] })));
  return errors.length ? null : result.error.message;
}

function RecordAppeal({ decision, onDone }: { decision: PanelDecision; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ channel: "staff" | "support"; appellantText: string; receivedAt?: Dayjs }>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit() {
    const values = await form.validateFields();
    setBusy(true);
    const result = (await recordAppeal({
      actionId: decision.id,
      channel: values.channel,
      appellantText: values.appellantText,
      receivedAt: values.receivedAt ? values.receivedAt.toISOString() : undefined,
    })) as Outcome;
    setBusy(false);
    setProblem(showErrors(form, result));
    if (result.ok) {
      setOpen(false);
      onDone();
    }
  }
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        Record an appeal
      </Button>
      <Modal
        open={open}
        title={`Appeal against: ${actionKindLabels[decision.kind]} of ${day(decision.createdAt)}`}
        okText="Record appeal"
        onOk={submit}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 8 }} />}
        <Form form={form} name="record-appeal" layout="vertical" initialValues={{ channel: "support" }}>
          <Form.Item name="channel" label="How it reached us">
            <Radio.Group
              {...radioGroupRole}
              aria-label="How it reached us"
              options={[
                { value: "support", label: channelLabels.support },
                { value: "staff", label: channelLabels.staff },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="appellantText"
            label="The user's grounds, as received"
            rules={[{ required: true, whitespace: true, message: "Write down the user's grounds for the appeal" }]}
          >
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          <Form.Item name="receivedAt" label="Received (empty: now)" extra="The 14-day deadline runs from then.">
            <DatePicker
              showTime={{ format: "HH:mm" }}
              format="YYYY-MM-DD HH:mm"
              disabledDate={(d) => d.isAfter(dayjs())}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function DecideAppeal({
  appeal,
  decision,
  staffId,
  onDone,
}: {
  appeal: PanelAppeal;
  decision: PanelDecision;
  staffId: string;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ outcome: "upheld" | "reversed"; note: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ownDecision = decision.staff?.id === staffId;
  async function submit(values: { outcome: "upheld" | "reversed"; note: string }) {
    setBusy(true);
    const result = (await decideAppeal({ appealId: appeal.id, ...values })) as Outcome;
    setBusy(false);
    setProblem(showErrors(form, result));
    if (result.ok) {
      message.success(
        values.outcome === "reversed" ? "Appeal upheld for the user: decision reversed" : "Decision upheld",
      );
      onDone();
    }
  }
  return (
    <Card size="small" style={{ marginTop: 8 }} data-testid="decide-appeal">
      {ownDecision && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          message="You took this decision: another moderator must decide its appeal."
        />
      )}
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 8 }} />}
      <Form form={form} name={`decide-appeal-${appeal.id}`} layout="vertical" onFinish={submit}>
        <Form.Item name="outcome" label="Outcome" rules={[{ required: true, message: "Choose upheld or reversed" }]}>
          <Radio.Group
            {...radioGroupRole}
            aria-label="Outcome"
            options={[
              { value: "upheld", label: "Uphold the decision" },
              { value: "reversed", label: "Reverse it (lifts the restriction)" },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label="Reasons (for a reversal, also its statement of reasons)"
          rules={[{ required: true, whitespace: true, message: "Give the reasons for the outcome" }]}
        >
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Button htmlType="submit" loading={busy}>
          Decide appeal
        </Button>
      </Form>
    </Card>
  );
}

function AppealBlock({
  data,
  decision,
  staffId,
  onChanged,
}: {
  data: PanelData;
  decision: PanelDecision;
  staffId: string;
  onChanged: () => void;
}) {
  const appeal = decision.appeal;
  const appealable = (reversibleActionKinds as readonly string[]).includes(decision.kind) && !decision.reversedBy;
  if (!appeal) {
    return appealable && data.may.recordAppeals ? <RecordAppeal decision={decision} onDone={onChanged} /> : null;
  }
  return (
    <div
      id={`appeal-${appeal.id}`}
      style={{ borderInlineStart: "3px solid #d9d9d9", paddingInlineStart: 8, marginTop: 4 }}
    >
      <Space size={6} wrap>
        <Typography.Text strong>Appeal</Typography.Text>
        <Tag color={appeal.status === "open" ? "blue" : appeal.status === "reversed" ? "green" : "default"}>
          {appeal.status === "open" ? "Open" : appeal.status === "reversed" ? "Reversed" : "Upheld"}
        </Tag>
        {appeal.status === "open" && (
          <Typography.Text>
            deadline {day(appeal.dueAt)} {appeal.overdue && <Tag color="red">Overdue</Tag>}
          </Typography.Text>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {channelLabels[appeal.channel]}, {when(appeal.receivedAt)}
          {appeal.recordedByName ? ` by ${appeal.recordedByName}` : ""}
        </Typography.Text>
      </Space>
      {appeal.appellantText && (
        <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap" }}>
          “{appeal.appellantText}”
        </Typography.Paragraph>
      )}
      {appeal.status !== "open" && (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          Decided {appeal.decidedAt ? when(appeal.decidedAt) : ""} by {appeal.decidedByName ?? "a staff member"}
          {appeal.decisionNote ? `: ${appeal.decisionNote}` : ""}
        </Typography.Paragraph>
      )}
      {appeal.status === "open" && data.may.decideAppeals && (
        <DecideAppeal appeal={appeal} decision={decision} staffId={staffId} onDone={onChanged} />
      )}
    </div>
  );
}

function DecisionItem({
  data,
  decision,
  staffId,
  onChanged,
}: {
  data: PanelData;
  decision: PanelDecision;
  staffId: string;
  onChanged: () => void;
}) {
  const reference = decision.legalProvision ?? decision.termsClause;
  return (
    <Space
      direction="vertical"
      size={2}
      style={{ width: "100%" }}
      data-testid="history-decision"
      data-kind={decision.kind}
    >
      <Space size={6} wrap>
        <Tag color={kindColour[decision.kind]}>{actionKindLabels[decision.kind]}</Tag>
        {decision.category && <span>{categoryRules[decision.category].label}</span>}
        {decision.reversedBy && <Tag color="green">Reversed {day(decision.reversedBy.at)}</Tag>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {when(decision.createdAt)} by {decision.staff?.name ?? "automated decision"}
        </Typography.Text>
      </Space>
      {(decision.ground || decision.endsAt) && (
        <Descriptions size="small" column={1} colon>
          {decision.ground && (
            <Descriptions.Item label="Ground">
              {groundLabels[decision.ground]}
              {reference ? `: ${reference}` : ""}
            </Descriptions.Item>
          )}
          {decision.endsAt && <Descriptions.Item label="Until">{when(decision.endsAt)}</Descriptions.Item>}
        </Descriptions>
      )}
      {decision.facts && (
        <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap" }}>{decision.facts}</Typography.Paragraph>
      )}
      {decision.note && (
        <Typography.Paragraph type="secondary" style={{ margin: 0, whiteSpace: "pre-wrap" }}>
          Note: {decision.note}
        </Typography.Paragraph>
      )}
      <AppealBlock data={data} decision={decision} staffId={staffId} onChanged={onChanged} />
    </Space>
  );
}

/** The account's decisions, newest first, each with its reversal and appeal. */
export function HistoryCard({ data, staffId, onChanged }: { data: PanelData; staffId: string; onChanged: () => void }) {
  return (
    <Card size="small" title={<CardTitle>Decisions ({data.decisionTotal.toLocaleString()})</CardTitle>}>
      {data.decisions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="No earlier decisions on this account." />
      ) : (
        <Timeline
          data-testid="panel-history"
          items={data.decisions.map((decision) => ({
            key: decision.id,
            color: kindColour[decision.kind] === "green" ? "green" : decision.kind === "terminate" ? "red" : "blue",
            children: <DecisionItem data={data} decision={decision} staffId={staffId} onChanged={onChanged} />,
          }))}
        />
      )}
    </Card>
  );
}
