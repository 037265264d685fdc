"use client";

import { visuallyHidden } from "@/components/shell/visuallyHidden";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useCustom } from "@refinedev/core";
import {
  Alert,
  Card,
  Col,
  DatePicker,
  Progress,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tooltip as AntTooltip,
  Typography,
} from "antd";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import dayjs, { type Dayjs } from "dayjs";
import type { DashboardMetrics } from "@/server/dashboard/metrics";
import { dashboardUrl, maxDashboardPeriodDays } from "@/lib/dashboardPeriod";
import { formatCalendarDay, formatMoney } from "@/lib/format";
import { DateTime } from "@/components/format/DateTime";
import { retryUnlessRefused } from "@/components/refine/queryRetry";

const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

type Range = [Dayjs, Dayjs];
const isoDay = (d: Dayjs) => d.format("YYYY-MM-DD");
/** A YYYY-MM-DD day as the picker's value, or null when the text is not one. */
const pickerDay = (value: string | null | undefined) =>
  value && /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value).isValid() ? dayjs(value) : null;

/** Each ends today; none is longer than the server allows (12 months back is at most 366 days). */
const presets: { label: string; value: () => Range }[] = [
  { label: "Last 7 days", value: () => [dayjs().subtract(6, "day"), dayjs()] },
  { label: "Last 30 days", value: () => [dayjs().subtract(29, "day"), dayjs()] },
  { label: "Last 90 days", value: () => [dayjs().subtract(89, "day"), dayjs()] },
  { label: "Last 12 months", value: () => [dayjs().subtract(12, "month").add(1, "day"), dayjs()] },
];

/**
 * The dashboard's period: presets or any range of at most maxDashboardPeriodDays days ending today at
 * the latest (days further from the chosen start are not offered); a refusal from the server shows here.
 */
function PeriodPicker({
  value,
  onChange,
  refusal,
}: {
  value: Range | null;
  onChange: (range: Range) => void;
  refusal?: string;
}) {
  return (
    <div role="group" aria-labelledby="dashboard-period-label" style={{ display: "grid", gap: 4 }}>
      <div style={{ display: "flex", flexWrap: "wrap", alignItems: "center", gap: 8 }}>
        <span id="dashboard-period-label">Period</span>
        {/* The visible word names the pair; each input has its own name ("Period from", "Period to"). */}
        <label htmlFor="dashboard-period-from" style={visuallyHidden}>
          Period from
        </label>
        <label htmlFor="dashboard-period-to" style={visuallyHidden}>
          Period to
        </label>
        <DatePicker.RangePicker
          id={{ start: "dashboard-period-from", end: "dashboard-period-to" }}
          placeholder={["From", "To"]}
          value={value}
          presets={presets}
          allowClear={false}
          status={refusal ? "error" : undefined}
          disabledDate={(current, { from }) =>
            current.isAfter(dayjs(), "day") ||
            (!!from && Math.abs(current.startOf("day").diff(from.startOf("day"), "day")) >= maxDashboardPeriodDays)
          }
          onChange={(dates) => {
            if (dates?.[0] && dates[1]) onChange([dates[0], dates[1]]);
          }}
        />
      </div>
      {refusal && (
        <Alert
          type="error"
          showIcon
          message={`This period cannot be shown: choose one of at most ${maxDashboardPeriodDays} days`}
          description={`${refusal}.`}
        />
      )}
    </div>
  );
}

/** refine's custom responses are records of unknown keys. */
type Metrics = DashboardMetrics & { [key: string]: unknown };

/**
 * The home screen: users, verification, matches, revenue and upcoming events (GET /api/dashboard)
 * for a period of days kept in the URL (?from&to), so a reload or a shared link shows the same one.
 */
export function Dashboard({ initial }: { initial?: { url: string; metrics: DashboardMetrics } | null }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const from = search.get("from");
  const to = search.get("to");
  const url = dashboardUrl(from, to);
  // The server's figures when they answer exactly this period (app/(admin)/page.tsx): no round trip.
  const initialData = initial?.url === url ? { data: initial.metrics as Metrics } : undefined;
  const { query } = useCustom<Metrics>({
    url,
    method: "get",
    errorNotification: false,
    queryOptions: { retry: retryUnlessRefused, initialData, staleTime: initialData ? 15_000 : 0 },
  });
  const { data: response, error, isLoading } = query;
  const data = response?.data;
  // A 400 is the period refused (too long, reversed, not a date): said at the picker, where it is fixed.
  const refusal = error?.statusCode === 400 ? error.message : undefined;

  function choose([start, end]: Range) {
    const next = new URLSearchParams(search.toString());
    next.set("from", isoDay(start));
    next.set("to", isoDay(end));
    // Next.js follows history.replaceState: the search params (and so the query) change, no server render.
    window.history.replaceState(null, "", `${pathname}?${next}`);
  }

  const fromDay = pickerDay(from);
  const toDay = pickerDay(to);
  const picked: Range | null =
    fromDay && toDay ? [fromDay, toDay] : data ? [dayjs(data.period.from), dayjs(data.period.to)] : null;

  return (
    <div>
      <Space style={{ width: "100%", justifyContent: "space-between", alignItems: "flex-start" }} wrap>
        <Typography.Title level={3}>Dashboard</Typography.Title>
        <PeriodPicker value={picked} onChange={choose} refusal={refusal} />
      </Space>
      {isLoading ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : refusal ? null : error || !data ? (
        <Alert type="error" showIcon message={error?.message ?? "No data"} />
      ) : (
        <Figures data={data} />
      )}
    </div>
  );
}

function Figures({ data }: { data: DashboardMetrics }) {
  const { users, matches, revenue, upcomingEvents, period } = data;
  const net = revenue.reduce((sum, day) => sum + day.net, 0);
  return (
    <>
      <Typography.Paragraph data-testid="dashboard-period">
        Sign-ups, new matches and revenue for{" "}
        <strong>
          {formatCalendarDay(period.from)} – {formatCalendarDay(period.to)}
        </strong>{" "}
        ({period.days} {period.days === 1 ? "day" : "days"}, UTC); totals and rates are for all time. As of{" "}
        <DateTime value={data.generatedAt} />.
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={6}>
          <Card>
            <AntTooltip title={users.totalIsEstimate ? "Estimated from the planner's statistics" : undefined}>
              <Statistic title="Users" value={users.total} prefix={users.totalIsEstimate ? "≈" : undefined} />
            </AntTooltip>
            <Typography.Text type="secondary">
              +{users.newInPeriod.toLocaleString()} signed up in the period
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={6}>
          <Card>
            <Statistic title="Verification rate" value={percent(users.verificationRate)} />
            <Progress
              percent={Math.round(users.verificationRate * 100)}
              showInfo={false}
              aria-label="Verification rate"
            />
          </Card>
        </Col>
        <Col xs={24} md={6}>
          <Card>
            <Statistic title="Match rate (matched / all matches)" value={percent(matches.matchRate)} />
            <Typography.Text type="secondary">
              {matches.totalIsEstimate ? "≈ " : ""}
              {matches.matched.toLocaleString()} of {matches.total.toLocaleString()}
              {matches.totalIsEstimate ? " (sampled)" : ""} · {matches.createdInPeriod.toLocaleString()} new in the
              period
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={6}>
          <Card>
            <Statistic title={`Net revenue, ${period.days} days`} value={formatMoney(net)} />
            <Typography.Text type="secondary">succeeded payments minus refunds</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={`Revenue by day (${period.days} days)`}>
            <ResponsiveContainer width="100%" height={260}>
              <LineChart data={revenue}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} />
                <YAxis />
                <Tooltip />
                <Legend />
                <Line type="monotone" dataKey="net" name="Net" stroke="#1677ff" dot={false} />
                <Line type="monotone" dataKey="refunds" name="Refunds" stroke="#ff4d4f" dot={false} />
              </LineChart>
            </ResponsiveContainer>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title="Users by tier">
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={users.byTier}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="tier" />
                <YAxis />
                <Tooltip />
                <Bar dataKey="count" name="Users" fill="#52c41a" />
              </BarChart>
            </ResponsiveContainer>
          </Card>
        </Col>
        <Col span={24}>
          <Card title="Upcoming events">
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={upcomingEvents}
              columns={[
                {
                  title: "Event",
                  dataIndex: "title",
                  render: (title: string, row) => (
                    <Link href={`/events/show/${row.id}`} prefetch={false}>
                      {title}
                    </Link>
                  ),
                },
                { title: "Starts", dataIndex: "startTime", render: (t: string) => <DateTime value={t} /> },
                { title: "Registered", render: (_, row) => `${row.registered} / ${row.capacity}` },
                {
                  title: "Fill rate",
                  dataIndex: "fillRate",
                  render: (rate: number, row) => (
                    <Progress percent={Math.round(rate * 100)} size="small" aria-label={`Fill rate of ${row.title}`} />
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
