"use client";

import { useState } from "react";
import { Alert, Button, Card, Col, DatePicker, Form, Row, Space, Statistic, Tabs, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { decisionGrounds, reportSources } from "@/db/schema/enums";
import type { TransparencyReport } from "@/server/moderation/transparency";
import { can } from "@/server/auth/permissions";
import { categoryRules, sourceLabels } from "@/server/moderation/queueRules";
import { useAdmin } from "@/components/shell/AdminContext";
import { queryString, useJson } from "@/components/compliance/useJson";
import { decisionKindLabels, groundLabels, hoursInWords, percent } from "./labels";
import { StackedFigure } from "./StackedFigure";
import { StatementsPanel } from "./StatementsPanel";

const iso = (d: Dayjs) => d.format("YYYY-MM-DD");
const todayUtc = () => dayjs(new Date().toISOString().slice(0, 10));

/** The default period: the last 90 days up to and including today (the server's default too). */
const last90Days = (): [Dayjs, Dayjs] => [todayUtc().subtract(89, "day"), todayUtc()];

/** The last calendar quarter that has ended. */
function lastFullQuarter(): [Dayjs, Dayjs] {
  const today = todayUtc();
  const thisQuarterStart = today.month(Math.floor(today.month() / 3) * 3).date(1);
  return [thisQuarterStart.subtract(3, "month"), thisQuarterStart.subtract(1, "day")];
}

const presets: { label: string; range: () => [Dayjs, Dayjs] }[] = [
  { label: "Last 90 days", range: last90Days },
  { label: "Last full quarter", range: lastFullQuarter },
  { label: "Last 12 months", range: () => [todayUtc().subtract(1, "year").add(1, "day"), todayUtc()] },
  { label: "This year", range: () => [todayUtc().startOf("year"), todayUtc()] },
];

function Figures({ report }: { report: TransparencyReport }) {
  const notices = report.notices.byCategory.map((c) => ({
    key: c.category,
    label: categoryRules[c.category].label,
    total: c.total,
    parts: c.bySource,
  }));
  const decisions = report.decisions.byKind.map((k) => ({
    key: k.kind,
    label: decisionKindLabels[k.kind],
    total: k.total,
    parts: k.byGround,
  }));
  const { appeals, decisions: d } = report;
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Row gutter={[16, 16]}>
        {[
          { title: "Notices received", value: String(report.notices.total) },
          { title: "Decisions taken", value: String(d.total) },
          { title: "Median time, notice to decision", value: hoursInWords(report.noticeToDecision.medianHours) },
          { title: "Detected by automated means", value: percent(d.automatedDetectionShare) },
          { title: "Decided fully automatically", value: percent(d.fullyAutomatedShare) },
          { title: "Decided with automated help", value: percent(d.partiallyAutomatedShare) },
        ].map((s) => (
          <Col key={s.title} xs={12} md={8} xl={4}>
            <Card size="small">
              <Statistic title={s.title} value={s.value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        Automated shares are of the {d.automationBase} decisions other than reversals. The median time from notice to
        decision covers the {report.noticeToDecision.noticesDecided} notices decided in the period, including notices
        received before it.
      </Typography.Paragraph>
      <StackedFigure
        title="Notices by category and source"
        rowHeader="Category"
        rows={notices}
        series={reportSources.map((s) => ({ key: s, label: sourceLabels[s] }))}
      />
      <StackedFigure
        title="Decisions by type and ground"
        rowHeader="Decision"
        rows={decisions}
        series={[...decisionGrounds, "none" as const].map((g) => ({ key: g, label: groundLabels[g] }))}
      />
      <Card size="small" title="Appeals (internal complaints, DSA Art. 20)">
        <Row gutter={[16, 16]}>
          {[
            { title: "Received", value: String(appeals.received) },
            { title: "Decided", value: String(appeals.decided) },
            { title: "Upheld", value: String(appeals.upheld) },
            { title: "Reversed", value: String(appeals.reversed) },
            { title: "Median time to decide", value: hoursInWords(appeals.medianHours) },
          ].map((s) => (
            <Col key={s.title} xs={12} md={8} xl={4}>
              <Statistic title={s.title} value={s.value} />
            </Col>
          ))}
        </Row>
      </Card>
    </Space>
  );
}

/**
 * The transparency report (DSA Arts. 15 and 24) for a chosen period, by default the last 90 days:
 * figures with charts and their tables, CSV and JSON downloads; and, for the roles that read them,
 * the period's statements of reasons with each member's notice and the database download.
 */
export function TransparencyScreen() {
  const { actor } = useAdmin();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(last90Days);
  const [form] = Form.useForm<{ since: Dayjs; until: Dayjs }>();
  const [since, until] = [iso(range[0]), iso(range[1])];
  const period = queryString({ since, until });
  const { data, error, loading } = useJson<TransparencyReport>(`/api/moderation/transparency?${period}`);
  const readsStatements = can(actor.role, "list", "statements_of_reasons");

  const choose = (next: [Dayjs, Dayjs]) => {
    form.setFieldsValue({ since: next[0], until: next[1] });
    setRange(next);
  };

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Typography.Title level={3} style={{ marginBottom: 0 }}>
        Transparency report
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        Content moderation under the Digital Services Act (Arts. 15 and 24): notices, decisions, automation and appeals
        for a period of whole days (UTC). Without a choice, the last 90 days up to today.
      </Typography.Paragraph>
      <Card size="small">
        <Form
          form={form}
          layout="inline"
          initialValues={{ since: range[0], until: range[1] }}
          onFinish={(v) => v.since && v.until && setRange([v.since, v.until])}
        >
          <Form.Item name="since" label="From" rules={[{ required: true, message: "Choose the first day" }]}>
            <DatePicker allowClear={false} format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item
            name="until"
            label="To"
            dependencies={["since"]}
            rules={[
              { required: true, message: "Choose the last day" },
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | undefined) =>
                  !value || !getFieldValue("since") || !value.isBefore(getFieldValue("since"), "day")
                    ? Promise.resolve()
                    : Promise.reject(new Error("The last day cannot be before the first")),
              }),
            ]}
          >
            <DatePicker allowClear={false} format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" type="primary">
              Show
            </Button>
          </Form.Item>
          <Space wrap>
            {presets.map((p) => (
              <Button key={p.label} size="small" onClick={() => choose(p.range())}>
                {p.label}
              </Button>
            ))}
          </Space>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} />}
      <Tabs
        items={[
          {
            key: "figures",
            label: "Figures",
            children: (
              <Space direction="vertical" style={{ width: "100%" }} size="middle">
                <Space wrap>
                  <Typography.Text strong data-testid="report-period">
                    {since} to {until}
                  </Typography.Text>
                  <Button icon={<DownloadOutlined />} href={`/api/moderation/transparency?${period}&format=csv`}>
                    Download CSV
                  </Button>
                  <Button
                    icon={<DownloadOutlined />}
                    href={`/api/moderation/transparency?${period}&format=json`}
                    download={`transparency-${since}-to-${until}.json`}
                  >
                    Download JSON
                  </Button>
                </Space>
                {data ? <Figures report={data} /> : <Card loading={loading} />}
              </Space>
            ),
          },
          ...(readsStatements
            ? [
                {
                  key: "statements",
                  label: "Statements of reasons",
                  children: (
                    <StatementsPanel
                      key={period}
                      since={since}
                      until={until}
                      canExport={can(actor.role, "export", "statements_of_reasons")}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}
