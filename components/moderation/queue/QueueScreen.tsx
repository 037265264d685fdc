"use client";

import { useState } from "react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Alert, App, Button, Empty, Form, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { reportCategories, reportSources } from "@/db/schema/enums";
import { can } from "@/server/auth/permissions";
import { categoryRules, queueTabs, sourceLabels, type QueueTab } from "@/server/moderation/queueRules";
import type { QueueItem, QueuePage } from "@/server/moderation/queue";
import { claimNextQueueItem } from "@/server/moderation/claimActions";
import { useAdmin } from "@/components/shell/AdminContext";
import { queryString, useJson } from "@/components/compliance/useJson";
import { actionKindLabels, ageOf, channelLabels, day, durationInWords, tabLabels, when } from "./labels";
import { SubjectPerson } from "./SubjectPerson";

/** The queue's URL: tab, filters and page are input like any other, read back from the address bar. */
const filterNames = ["category", "source", "age", "assignee"] as const;
type Filters = Partial<Record<(typeof filterNames)[number], string>>;

const ageOptions = [
  { value: "overdue", label: "Past its target time" },
  { value: "day", label: "Older than a day" },
  { value: "week", label: "Older than a week" },
];
const assigneeOptions = [
  { value: "me", label: "Claimed by me" },
  { value: "unclaimed", label: "Unclaimed" },
  { value: "available", label: "Unclaimed or mine" },
];

/** Where a row leads: the panel, with the tab and filters, so "Submit & next" continues in the same queue. */
export function panelHref(subjectUserId: string, tab: QueueTab, filters: Filters, appealId?: string) {
  const query = queryString({ tab, ...filters, appeal: appealId });
  return `/moderation/${subjectUserId}${query ? `?${query}` : ""}`;
}

function CategoryTags({ item }: { item: QueueItem }) {
  return (
    <Space size={[4, 4]} wrap>
      {item.categories.map((category) => (
        <Tag key={category} color={categoryRules[category].urgent ? "red" : undefined}>
          {categoryRules[category].label}
        </Tag>
      ))}
    </Space>
  );
}

function ClaimCell({ item, staffId }: { item: QueueItem; staffId: string }) {
  if (!item.claim) return <Typography.Text type="secondary">Unclaimed</Typography.Text>;
  const mine = item.claim.staffId === staffId;
  return (
    <Tooltip title={`Lapses ${when(item.claim.lapsesAt)} without activity`}>
      <Tag color={mine ? "blue" : "default"} data-testid="claim-state">
        {mine ? "Claimed by you" : `Claimed by ${item.claim.staffName}`}
      </Tag>
    </Tooltip>
  );
}

function AgeCell({ item, now }: { item: QueueItem; now: number }) {
  if (!item.oldestReportAt || !item.dueAt) return null;
  const overdueBy = now - Date.parse(item.dueAt);
  return (
    <Space direction="vertical" size={0}>
      <span>{ageOf(item.oldestReportAt, now)}</span>
      {item.overdue ? (
        <Tag color="red">Overdue by {durationInWords(overdueBy)}</Tag>
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          Target in {durationInWords(overdueBy)}
        </Typography.Text>
      )}
    </Space>
  );
}

function columnsFor(
  tab: QueueTab,
  staffId: string,
  now: number,
  hrefOf: (item: QueueItem) => string,
): ColumnsType<QueueItem> {
  const subject = {
    title: "Subject",
    key: "subject",
    render: (_: unknown, item: QueueItem) => (
      <SubjectPerson person={item.person} restriction={item.restriction} href={hrefOf(item)} />
    ),
  };
  const claim = {
    title: "Claim",
    key: "claim",
    render: (_: unknown, item: QueueItem) => <ClaimCell item={item} staffId={staffId} />,
  };
  const open = {
    title: "Action",
    key: "open",
    render: (_: unknown, item: QueueItem) => (
      <Link href={hrefOf(item)} aria-label={`Open ${item.person.name ?? item.person.email} in the take-action panel`}>
        Open
      </Link>
    ),
  };
  if (tab === "appeals") {
    return [
      subject,
      {
        title: "Appealed decision",
        key: "decision",
        render: (_, item) =>
          item.appeal && (
            <Space direction="vertical" size={0}>
              <span>{actionKindLabels[item.appeal.decisionKind]}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                by {item.appeal.decidedByName ?? "automated detection"}
              </Typography.Text>
            </Space>
          ),
      },
      { title: "Category", key: "categories", render: (_, item) => <CategoryTags item={item} /> },
      {
        title: "Received",
        key: "received",
        render: (_, item) =>
          item.appeal && (
            <Space direction="vertical" size={0}>
              <span>{day(item.appeal.receivedAt)}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {channelLabels[item.appeal.channel as keyof typeof channelLabels] ?? item.appeal.channel}
              </Typography.Text>
            </Space>
          ),
      },
      {
        title: "Deadline",
        key: "due",
        render: (_, item) =>
          item.appeal && (
            <Space size={4}>
              <span>{day(item.appeal.dueAt)}</span>
              {item.appeal.overdue && <Tag color="red">Overdue</Tag>}
            </Space>
          ),
      },
      claim,
      open,
    ];
  }
  if (tab === "resolved") {
    return [
      subject,
      {
        title: "Decision",
        key: "decision",
        render: (_, item) =>
          item.decision && (
            <Space direction="vertical" size={0}>
              <span>{actionKindLabels[item.decision.kind]}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {when(item.decision.at)} by {item.decision.staffName ?? "automated detection"}
              </Typography.Text>
            </Space>
          ),
      },
      { title: "Reports", dataIndex: "reportCount", key: "reports" },
      { title: "Categories", key: "categories", render: (_, item) => <CategoryTags item={item} /> },
      open,
    ];
  }
  return [
    {
      title: "Priority",
      key: "priority",
      render: (_, item) => (
        <Space direction="vertical" size={0}>
          <span>{Math.round(item.priority).toLocaleString()}</span>
          {item.urgent && <Tag color="red">Urgent</Tag>}
        </Space>
      ),
    },
    subject,
    { title: "Reports", dataIndex: "reportCount", key: "reports" },
    { title: "Categories", key: "categories", render: (_, item) => <CategoryTags item={item} /> },
    { title: "Oldest report", key: "age", render: (_, item) => <AgeCell item={item} now={now} /> },
    {
      title: "Sources",
      key: "sources",
      render: (_, item) => item.sources.map((source) => sourceLabels[source]).join(", "),
    },
    claim,
    open,
  ];
}

const emptyText: Record<QueueTab, string> = {
  unreviewed: "No unreviewed reports: the queue is clear.",
  escalated: "Nothing is escalated.",
  appeals: "No open appeals.",
  resolved: "No decisions have resolved reports yet.",
};

/**
 * The moderation queue (issue #10): one row per account, not per report, highest priority first
 * (underage and threats before everything), with filters, claim state and deadlines. Trust & safety
 * and admins work it ("Work the next item" claims the top one); compliance officers read it.
 */
export function QueueScreen() {
  const { actor } = useAdmin();
  const { message } = App.useApp();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [starting, setStarting] = useState(false);

  const tabParam = params.get("tab");
  const tab: QueueTab = (queueTabs as readonly string[]).includes(tabParam ?? "")
    ? (tabParam as QueueTab)
    : "unreviewed";
  const filters: Filters = Object.fromEntries(
    filterNames.flatMap((name) => (params.get(name) ? [[name, params.get(name)!]] : [])),
  );
  const page = Math.max(1, Number(params.get("page")) || 1);
  const pageSize = 25;
  const { data, error, loading } = useJson<QueuePage>(
    `/api/moderation/queue?${queryString({ tab, ...filters, page, pageSize })}`,
  );
  const mayClaim = can(actor.role, "edit", "reports");

  const navigate = (next: { tab?: QueueTab; filters?: Filters; page?: number }) => {
    const query = queryString({ tab: next.tab ?? tab, ...(next.filters ?? filters), page: next.page ?? 1 });
    router.replace(`${pathname}?${query}`);
  };
  const setFilter = (name: keyof Filters, value: string | undefined) =>
    navigate({ filters: { ...filters, [name]: value } });

  async function workNext() {
    setStarting(true);
    const result = await claimNextQueueItem({
      tab: tab === "resolved" ? "unreviewed" : tab,
      category: filters.category,
      source: filters.source,
      age: filters.age,
    });
    setStarting(false);
    if (!result.ok) return message.error(result.error.message);
    if (!result.data.subjectUserId) return message.info("Nothing left to claim in this queue.");
    router.push(panelHref(result.data.subjectUserId, tab, filters, result.data.appealId ?? undefined));
  }

  const filtered = Object.keys(filters).length > 0;
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          Moderation queue
        </Typography.Title>
        {mayClaim && tab !== "resolved" && (
          <Button type="primary" onClick={workNext} loading={starting}>
            Work the next item
          </Button>
        )}
      </Space>
      {!mayClaim && (
        <Alert
          type="info"
          showIcon
          message={`Your role (${actor.role.replace("_", " ")}) reads the queue; claiming and deciding are for trust & safety and admins.`}
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate({ tab: key as QueueTab })}
        items={queueTabs.map((key) => ({ key, label: tabLabels[key] }))}
      />
      <Form layout="inline" aria-label="Queue filters">
        <Form.Item label="Category" htmlFor="queue-filter-category">
          <Select
            id="queue-filter-category"
            allowClear
            placeholder="Any category"
            style={{ width: 230 }}
            value={filters.category}
            onChange={(value?: string) => setFilter("category", value)}
            options={reportCategories.map((c) => ({ value: c, label: categoryRules[c].label }))}
          />
        </Form.Item>
        {tab !== "appeals" && (
          <Form.Item label="Source" htmlFor="queue-filter-source">
            <Select
              id="queue-filter-source"
              allowClear
              placeholder="Any source"
              style={{ width: 190 }}
              value={filters.source}
              onChange={(value?: string) => setFilter("source", value)}
              options={reportSources.map((s) => ({ value: s, label: sourceLabels[s] }))}
            />
          </Form.Item>
        )}
        <Form.Item label="Age" htmlFor="queue-filter-age">
          <Select
            id="queue-filter-age"
            allowClear
            placeholder="Any age"
            style={{ width: 190 }}
            value={filters.age}
            onChange={(value?: string) => setFilter("age", value)}
            options={tab === "resolved" ? ageOptions.filter((o) => o.value !== "overdue") : ageOptions}
          />
        </Form.Item>
        <Form.Item label={tab === "resolved" ? "Decided by" : "Assignee"} htmlFor="queue-filter-assignee">
          <Select
            id="queue-filter-assignee"
            allowClear
            placeholder="Anyone"
            style={{ width: 190 }}
            value={filters.assignee}
            onChange={(value?: string) => setFilter("assignee", value)}
            options={
              tab === "resolved"
                ? [
                    { value: "me", label: "Me" },
                    { value: "unclaimed", label: "Automated" },
                  ]
                : assigneeOptions
            }
          />
        </Form.Item>
        {filtered && <Button onClick={() => navigate({ filters: {} })}>Clear filters</Button>}
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<QueueItem>
        rowKey="key"
        size="middle"
        data-testid="moderation-queue"
        loading={loading}
        dataSource={data?.items ?? []}
        columns={columnsFor(tab, actor.staffId, Date.parse(data?.now ?? "") || 0, (item) =>
          panelHref(item.subjectUserId, tab, filters, item.appeal?.id),
        )}
        locale={{
          emptyText: (
            <Empty
              description={filtered ? `Nothing matches these filters. ${emptyText[tab]}` : emptyText[tab]}
              image={Empty.PRESENTED_IMAGE_SIMPLE}
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          // The server pages at most 100 deep (a bounded OFFSET); filters narrow anything beyond.
          total: Math.min(data?.total ?? 0, 100 * pageSize),
          showSizeChanger: false,
          showTotal: (total) =>
            `${total.toLocaleString()}${data?.totalIsCapped ? "+" : ""} ${tab === "resolved" ? "decisions" : "items"}`,
          onChange: (next) => navigate({ page: next }),
        }}
      />
    </Space>
  );
}
