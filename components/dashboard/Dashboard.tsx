"use client";

import Link from "next/link";
import { useCustom } from "@refinedev/core";
import { Alert, Card, Col, Progress, Row, Skeleton, Statistic, Table, Tooltip as AntTooltip, Typography } from "antd";
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
import dayjs from "dayjs";
import type { DashboardMetrics } from "@/server/dashboard/metrics";

const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

/** The home screen: users, verification, matches, revenue and upcoming events (GET /api/dashboard). */
export function Dashboard() {
  const { query } = useCustom<DashboardMetrics & { [key: string]: unknown }>({
    url: "/api/dashboard",
    method: "get",
    errorNotification: false,
  });
  const { data: response, error, isLoading } = query;
  const data = response?.data;
  if (isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (error || !data) return <Alert type="error" showIcon message={error?.message ?? "No data"} />;
  const { users, matches, revenue, upcomingEvents } = data;
  const revenue30 = revenue.reduce((sum, day) => sum + day.net, 0);
  return (
    <div>
      <Typography.Title level={3}>Dashboard</Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={6}>
          <Card>
            <AntTooltip title={users.totalIsEstimate ? "Estimated from the planner's statistics" : undefined}>
              <Statistic title="Users" value={users.total} prefix={users.totalIsEstimate ? "≈" : undefined} />
            </AntTooltip>
            <Typography.Text type="secondary">
              +{users.new7.toLocaleString()} in 7 days · +{users.new30.toLocaleString()} in 30 days
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
              {matches.totalIsEstimate ? " (sampled)" : ""}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={6}>
          <Card>
            <Statistic title="Net revenue, 30 days" value={revenue30} precision={2} />
            <Typography.Text type="secondary">succeeded payments minus refunds</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title="Revenue by day (30 days)">
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
                { title: "Starts", dataIndex: "startTime", render: (t: string) => dayjs(t).format("YYYY-MM-DD HH:mm") },
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
    </div>
  );
}
