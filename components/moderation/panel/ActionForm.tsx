"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, Radio, Select, Space, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import {
  decisionGrounds,
  dsaTerritoryCodes,
  reportCategories,
  type DecisionGround,
  type ModerationActionKind,
  type ReportCategory,
} from "@/db/schema/enums";
import type { PanelData, PanelReport } from "@/server/moderation/panel";
import { categoryRules, sourceLabels } from "@/server/moderation/queueRules";
import { decideQueueItem } from "@/server/moderation/panelActions";
import { actionKindLabels, day, groundLabels } from "../queue/labels";
import { actionDefaults, defaultSuspensionDays, formKinds, resolvesReports, restrictive } from "./actionDefaults";
import { RequiredOnInput } from "@/components/resource/RequiredOnInput";
import { CardTitle, Kbd } from "./Kbd";
import { groupRole, radioGroupRole } from "./ariaRoles";

interface Values {
  kind?: ModerationActionKind;
  about: string;
  reportIds: string[];
  category?: ReportCategory;
  ground?: DecisionGround;
  termsClause?: string;
  legalProvision?: string;
  groundExplanation?: string;
  facts?: string;
  endsAt?: Dayjs | null;
  automatedDetection: boolean;
  territorialScope?: string[];
  note?: string;
}

/** Which form field shows a server field error. */
const fieldOf: Record<string, keyof Values> = {
  subjectKind: "about",
  subjectMessageId: "about",
  subjectPhotoIndex: "about",
};

const mostSevere = (reports: PanelReport[]): ReportCategory | undefined =>
  [...reports].sort((a, b) => categoryRules[b.category].severity - categoryRules[a.category].severity)[0]?.category;

/** A starting point for the facts, from the reports themselves: counts, categories, sources, dates; no names. */
function factsFrom(reports: PanelReport[]): string {
  if (reports.length === 0) return "";
  const categories = [...new Set(reports.map((r) => categoryRules[r.category].label.toLowerCase()))];
  const sources = [...new Set(reports.map((r) => sourceLabels[r.source].toLowerCase()))];
  const dates = reports.map((r) => r.createdAt).sort();
  const period =
    day(dates[0]) === day(dates[dates.length - 1])
      ? `on ${day(dates[0])}`
      : `between ${day(dates[0])} and ${day(dates[dates.length - 1])}`;
  return `${reports.length} report${reports.length === 1 ? "" : "s"} (${categories.join(", ")}; ${sources.join(", ")}) received ${period}. `;
}

/** What the decision is about: the account, its profile, or a reported photo or message. */
function aboutOptions(reports: PanelReport[]) {
  const options = [
    { value: "user", label: "The account" },
    { value: "profile", label: "The profile" },
  ];
  const seen = new Set<string>();
  for (const r of reports) {
    const value =
      r.subjectKind === "photo" && r.photoIndex !== null
        ? `photo:${r.photoIndex}`
        : r.subjectKind === "message" && r.messageId
          ? `message:${r.messageId}`
          : null;
    if (!value || seen.has(value)) continue;
    seen.add(value);
    options.push({
      value,
      label:
        r.subjectKind === "photo" ? `Photo ${Number(r.photoIndex) + 1}` : `The message reported on ${day(r.createdAt)}`,
    });
  }
  return options;
}

function subjectOf(about: string) {
  if (about.startsWith("photo:")) return { subjectKind: "photo", subjectPhotoIndex: Number(about.slice(6)) };
  if (about.startsWith("message:")) return { subjectKind: "message", subjectMessageId: about.slice(8) };
  return { subjectKind: about };
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) ||
    target.closest(".ant-select"));

/**
 * The decision form: it asks exactly what a statement of reasons needs (ground with the clause or
 * law, explanation, facts, end date), suggests them per category (actionDefaults.ts), and submits
 * through decideQueueItem. Shortcuts: a letter picks the action, Ctrl+Enter submits, Ctrl+Shift+Enter
 * submits and opens the next item.
 */
export function ActionForm({
  data,
  disabled,
  onDecided,
}: {
  data: PanelData;
  disabled: string | null;
  onDecided: (outcome: { kind: ModerationActionKind; next: boolean }) => Promise<void> | void;
}) {
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<"submit" | "next" | null>(null);
  const open = useMemo(() => data.reports.filter((r) => r.status !== "resolved"), [data.reports]);
  const kind = Form.useWatch("kind", form);
  const ground = Form.useWatch("ground", form);

  const initial: Values = useMemo(
    () => ({
      about: "user",
      reportIds: open.map((r) => r.id),
      category: mostSevere(open) ?? mostSevere(data.reports),
      facts: factsFrom(open),
      automatedDetection: open.length > 0 && open.every((r) => r.source === "automated"),
    }),
    [open, data.reports],
  );

  /** Fills the suggestions for a kind and category, keeping what the moderator already wrote for facts. */
  const applyDefaults = useCallback(
    (nextKind: ModerationActionKind | undefined, category: ReportCategory | undefined) => {
      if (!category) return;
      const suggestion = actionDefaults[category];
      const values: Partial<Values> = {
        ground: suggestion.ground,
        termsClause: suggestion.termsClause,
        legalProvision: suggestion.legalProvision,
        groundExplanation: suggestion.groundExplanation,
      };
      if (nextKind === "suspend") values.endsAt = dayjs().add(defaultSuspensionDays, "day");
      else if (nextKind === "restrict_visibility") values.endsAt = dayjs().add(suggestion.days, "day");
      else values.endsAt = null;
      form.setFieldsValue(values);
    },
    [form],
  );

  const chooseKind = useCallback(
    (next: ModerationActionKind) => {
      form.setFieldValue("kind", next);
      applyDefaults(next, form.getFieldValue("category"));
    },
    [form, applyDefaults],
  );

  const submit = useCallback(
    async (next: boolean) => {
      setProblem(null);
      let values: Values;
      try {
        values = await form.validateFields();
      } catch {
        return;
      }
      if (!values.kind) return;
      const k = values.kind;
      const groundFields = restrictive(k) || k === "warn";
      const payload = {
        subjectUserId: data.person.id,
        kind: k,
        ...subjectOf(values.about),
        reportIds: resolvesReports(k) ? values.reportIds : [],
        category: k === "comment" ? undefined : values.category,
        ground: groundFields ? values.ground : undefined,
        termsClause: groundFields && values.ground === "incompatible_content" ? values.termsClause : undefined,
        legalProvision: groundFields && values.ground === "illegal_content" ? values.legalProvision : undefined,
        groundExplanation: groundFields ? values.groundExplanation : undefined,
        facts: k === "comment" || k === "escalate" || k === "acknowledge" ? undefined : values.facts,
        endsAt:
          (k === "suspend" || k === "restrict_visibility") && values.endsAt ? values.endsAt.toISOString() : undefined,
        automatedDetection: values.automatedDetection,
        territorialScope: restrictive(k) && values.territorialScope?.length ? values.territorialScope : undefined,
        note: values.note,
      };
      setBusy(next ? "next" : "submit");
      const result = await decideQueueItem(payload);
      if (!result.ok) {
        setBusy(null);
        const errors = result.error.fieldErrors ?? {};
        const onForm = Object.entries(errors).filter(([field]) => field !== "_form");
        form.setFields(onForm.map(([field, message]) => ({ name: fieldOf[field] ?? field, errors: [message] })));
        const unplaced = onForm.filter(([field]) => !fieldOf[field] && !formFieldNames.has(field));
        setProblem(
          [result.error.message, errors._form, ...unplaced.map(([field, message]) => `${field}: ${message}`)]
            .filter(Boolean)
            .join(" "),
        );
        return;
      }
      await onDecided({ kind: k, next });
      setBusy(null);
    },
    [data.person.id, form, onDecided],
  );

  useEffect(() => {
    if (disabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void submit(event.shiftKey);
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const shortcut = formKinds.find((f) => f.key === event.key.toLowerCase());
      if (shortcut) {
        event.preventDefault();
        chooseKind(shortcut.kind);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [disabled, submit, chooseKind]);

  const showGround = kind !== undefined && (restrictive(kind) || kind === "warn");
  const needsGround = kind !== undefined && restrictive(kind);
  return (
    <Card size="small" title={<CardTitle>Take action</CardTitle>}>
      {disabled && <Alert type="warning" showIcon message={disabled} style={{ marginBottom: 12 }} />}
      {problem && (
        <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="action-error" />
      )}
      <Form<Values>
        form={form}
        name="take-action"
        layout="vertical"
        initialValues={initial}
        disabled={disabled !== null}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.kind) applyDefaults(changed.kind, form.getFieldValue("category"));
          if (changed.category) applyDefaults(form.getFieldValue("kind"), changed.category);
        }}
        aria-label="Take action"
      >
        <Form.Item name="kind" label="Action" rules={[{ required: true, message: "Choose an action" }]}>
          <Radio.Group optionType="button" {...radioGroupRole} aria-label="Action">
            {formKinds.map(({ kind: k, key }) => (
              <Radio.Button key={k} value={k} aria-keyshortcuts={key.toUpperCase()}>
                {actionKindLabels[k]} <Kbd>{key.toUpperCase()}</Kbd>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {kind && resolvesReports(kind) && open.length > 0 && (
          <Form.Item name="reportIds" label={kind === "escalate" ? "Reports to escalate" : "Reports this decides"}>
            <Checkbox.Group
              {...groupRole}
              aria-label={kind === "escalate" ? "Reports to escalate" : "Reports this decides"}
              options={open.map((r) => ({
                value: r.id,
                label: `${categoryRules[r.category].label}, ${sourceLabels[r.source].toLowerCase()}, ${day(r.createdAt)}`,
              }))}
            />
          </Form.Item>
        )}
        {kind && kind !== "comment" && (
          <Space wrap align="start">
            <Form.Item
              name="category"
              label="Category"
              rules={[{ required: needsGround, message: "Choose a category" }]}
            >
              <RequiredOnInput>
                <Select
                  style={{ width: 260 }}
                  options={reportCategories.map((c) => ({ value: c, label: categoryRules[c].label }))}
                />
              </RequiredOnInput>
            </Form.Item>
            <Form.Item name="about" label="The decision is about">
              <Select style={{ width: 260 }} options={aboutOptions(data.reports)} />
            </Form.Item>
          </Space>
        )}
        {showGround && (
          <>
            <Form.Item
              name="ground"
              label="Ground"
              rules={[{ required: needsGround, message: "Choose illegal content or a terms-and-conditions violation" }]}
            >
              <Radio.Group
                {...radioGroupRole}
                aria-label="Ground"
                options={decisionGrounds.map((g) => ({ value: g, label: groundLabels[g] }))}
              />
            </Form.Item>
            {ground === "illegal_content" ? (
              <Form.Item
                name="legalProvision"
                label="Legal provision"
                rules={[{ required: true, whitespace: true, message: "Name the legal provision the content breaks" }]}
              >
                <Input maxLength={500} />
              </Form.Item>
            ) : ground === "incompatible_content" ? (
              <Form.Item
                name="termsClause"
                label="Terms and conditions clause"
                rules={[{ required: true, whitespace: true, message: "Name the clause the content breaks" }]}
              >
                <Input maxLength={500} />
              </Form.Item>
            ) : null}
            <Form.Item
              name="groundExplanation"
              label="Why it is illegal or against that clause"
              rules={[{ required: needsGround, whitespace: true, message: "Explain the ground" }]}
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {kind && (restrictive(kind) || kind === "warn") && (
          <Form.Item
            name="facts"
            label="Facts and circumstances relied on"
            extra="Shown to the user in the statement of reasons: describe what happened, not who reported it."
            rules={[{ required: needsGround, whitespace: true, message: "Write the facts and circumstances" }]}
          >
            <Input.TextArea rows={3} maxLength={5000} showCount />
          </Form.Item>
        )}
        {(kind === "suspend" || kind === "restrict_visibility") && (
          <Form.Item
            name="endsAt"
            label={kind === "suspend" ? "Suspended until" : "Hidden until (empty: until lifted)"}
            rules={[{ required: kind === "suspend", message: "A suspension needs an end date" }]}
          >
            <DatePicker
              showTime={{ format: "HH:mm" }}
              format="YYYY-MM-DD HH:mm"
              disabledDate={(d) => d.isBefore(dayjs(), "day")}
            />
          </Form.Item>
        )}
        {kind && restrictive(kind) && (
          <Form.Item name="territorialScope" label="Applies in (empty: everywhere we operate)">
            <Select
              mode="multiple"
              allowClear
              style={{ maxWidth: 420 }}
              options={dsaTerritoryCodes.map((c) => ({ value: c, label: c }))}
            />
          </Form.Item>
        )}
        {kind && kind !== "comment" && (
          <Form.Item name="automatedDetection" valuePropName="checked">
            <Checkbox>Detected by automated means</Checkbox>
          </Form.Item>
        )}
        {kind && (
          <Form.Item
            name="note"
            label={kind === "comment" ? "Comment" : kind === "escalate" ? "Why escalate (internal)" : "Internal note"}
            rules={[{ required: kind === "comment", whitespace: true, message: "Write the comment" }]}
          >
            <Input.TextArea rows={2} maxLength={5000} />
          </Form.Item>
        )}
        <Space wrap>
          <Button
            type="primary"
            onClick={() => void submit(false)}
            loading={busy === "submit"}
            aria-keyshortcuts="Control+Enter"
          >
            Submit <Kbd>Ctrl+Enter</Kbd>
          </Button>
          <Button onClick={() => void submit(true)} loading={busy === "next"} aria-keyshortcuts="Control+Shift+Enter">
            Submit &amp; next <Kbd>Ctrl+Shift+Enter</Kbd>
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
          Shortcuts (outside text fields):{" "}
          {formKinds.map(({ kind: k, key }) => `${key.toUpperCase()} ${actionKindLabels[k].toLowerCase()}`).join(" · ")}
          {" · "}Ctrl+Enter submit · Ctrl+Shift+Enter submit &amp; next
        </Typography.Paragraph>
      </Form>
    </Card>
  );
}

const formFieldNames = new Set([
  "kind",
  "about",
  "reportIds",
  "category",
  "ground",
  "termsClause",
  "legalProvision",
  "groundExplanation",
  "facts",
  "endsAt",
  "automatedDetection",
  "territorialScope",
  "note",
]);
