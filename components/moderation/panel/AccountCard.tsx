"use client";

import Link from "next/link";
import { Card, Col, Descriptions, Row, Statistic, Table, Tag, Typography } from "antd";
import type { PanelData } from "@/server/moderation/panel";
import { day } from "../queue/labels";
import { CardTitle } from "./Kbd";

/** Account facts beside the decisions: age, verification, money, matches, messages and AI interactions. */
export function AccountCard({ data }: { data: PanelData }) {
  const { account, person } = data;
  return (
    <Card
      size="small"
      title={<CardTitle>Account</CardTitle>}
      extra={<Link href={`/users/show/${person.id}`}>User page</Link>}
      data-testid="panel-account"
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label="Account age">
          {account.accountAgeDays.toLocaleString()} days (since {day(person.createdAt)})
        </Descriptions.Item>
        <Descriptions.Item label="Verification">
          {person.verified ? <Tag color="green">Verified</Tag> : <Tag>Not verified</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label="Tier">{account.subscriptionTier}</Descriptions.Item>
        <Descriptions.Item label="Subscription">
          {account.subscription
            ? `${account.subscription.tier}, ${account.subscription.status}${
                account.subscription.currentPeriodEnd ? ` until ${day(account.subscription.currentPeriodEnd)}` : ""
              }`
            : "None"}
        </Descriptions.Item>
        <Descriptions.Item label="Last sign-in">
          {account.lastLoginAt ? day(account.lastLoginAt) : "Never"}
        </Descriptions.Item>
      </Descriptions>
      <Row gutter={[12, 12]} style={{ marginTop: 8 }}>
        <Col span={8}>
          <Statistic
            title="Matches"
            value={account.matchCount}
            suffix={<small>({account.mutualMatchCount} mutual)</small>}
          />
        </Col>
        <Col span={8}>
          <Statistic title="Messages sent" value={account.messagesSent} />
        </Col>
        <Col span={8}>
          <Statistic title="Messages received" value={account.messagesReceived} />
        </Col>
        <Col span={8}>
          <Statistic title="Payments" value={account.paymentCount} />
        </Col>
        <Col span={8}>
          <Statistic title="Paid (succeeded)" value={account.succeededTotal} prefix="$" />
        </Col>
        <Col span={8}>
          <Statistic title="AI interactions" value={account.aiInteractionCount} />
        </Col>
      </Row>
      {account.refundedCount > 0 && (
        <Typography.Paragraph style={{ marginTop: 8 }}>
          <Tag color="orange">{account.refundedCount} refunded</Tag>
        </Typography.Paragraph>
      )}
      {account.payments.length > 0 && (
        <Table
          style={{ marginTop: 8 }}
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={account.payments.slice(0, 5)}
          caption={<Typography.Text type="secondary">Latest payments</Typography.Text>}
          columns={[
            { title: "Date", dataIndex: "createdAt", render: (v: string) => day(v) },
            { title: "Type", dataIndex: "type" },
            { title: "Amount", dataIndex: "amount" },
            { title: "Status", dataIndex: "status" },
          ]}
        />
      )}
      {account.aiInteractions.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          Latest AI interactions:{" "}
          {account.aiInteractions
            .slice(0, 5)
            .map(
              (a) =>
                `${a.aiType.replace(/_/g, " ")} (${day(a.createdAt)}${a.disclosureShown ? "" : ", no AI disclosure"})`,
            )
            .join(", ")}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
