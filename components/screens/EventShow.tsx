"use client";

import { useState } from "react";
import { useInvalidate, useList } from "@refinedev/core";
import { Alert, App, Button, Form, Space, Table, Tabs } from "antd";
import type { ResourceRow } from "@/lib/resources/types";
import { ResourceShow } from "@/components/resource/ResourceShow";
import { FieldValue } from "@/components/resource/FieldValue";
import { useResourceMeta } from "@/components/shell/AdminContext";
import { retryUnlessRefused } from "@/components/refine/queryRetry";
import { registerForEvent } from "@/server/actions/eventActions";
import { UserSelect } from "@/components/people/UserSelect";

function Registrations({ eventId, capacity }: { eventId: string; capacity: number }) {
  const meta = useResourceMeta("event_registrations");
  const invalidate = useInvalidate();
  const { message } = App.useApp();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [form] = Form.useForm<{ userId: string }>();
  const { query } = useList<ResourceRow>({
    resource: "event_registrations",
    pagination: { mode: "off" },
    meta: { query: `f.eventId.eq=${eventId}&pageSize=100` },
    queryOptions: { enabled: !!meta, retry: retryUnlessRefused },
    errorNotification: false,
  });
  if (!meta) return <Alert type="info" message="Your role cannot see registrations." />;
  const page = query.data as { data: ResourceRow[]; total: number } | undefined;
  const taken = (page?.data ?? []).filter((r) => r.status !== "canceled").length;

  async function register({ userId }: { userId: string }) {
    setRefusal(null);
    const result = await registerForEvent({ eventId, userId });
    if (!result.ok) {
      const problem = result.error.fieldErrors?.userId;
      if (problem) form.setFields([{ name: "userId", errors: [problem] }]);
      setRefusal(result.error.fieldErrors?.eventId ?? result.error.message);
      return;
    }
    message.success("Registered");
    form.resetFields();
    await invalidate({ resource: "event_registrations", invalidates: ["list"] });
  }

  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <span data-testid="event-seats">
        {taken} of {capacity} seats taken{(page?.total ?? 0) > 100 ? " (first 100 registrations shown)" : ""}
      </span>
      {meta.can.create && (
        <Form form={form} layout="inline" onFinish={register}>
          <Form.Item
            name="userId"
            label="User"
            rules={[{ required: true, message: "Choose a user: type part of an email or name, or paste an id" }]}
            htmlFor="register-user"
          >
            <UserSelect id="register-user" style={{ width: 360 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            Register user
          </Button>
        </Form>
      )}
      {refusal && <Alert type="error" showIcon role="alert" message={refusal} />}
      <Table
        rowKey="id"
        size="small"
        loading={query.isFetching}
        dataSource={page?.data ?? []}
        pagination={false}
        columns={[
          {
            title: "User",
            dataIndex: "userId",
            render: (v: unknown) => <FieldValue kind="uuid" value={v} relation="users" />,
          },
          { title: "Status", dataIndex: "status", render: (v: unknown) => <FieldValue kind="enum" value={v} /> },
          {
            title: "Payment",
            dataIndex: "paymentId",
            render: (v: unknown) => <FieldValue kind="uuid" value={v} relation="payments" />,
          },
          { title: "Registered", dataIndex: "createdAt", render: (v: unknown) => <FieldValue kind="date" value={v} /> },
        ]}
      />
    </Space>
  );
}

/** An event with a registrations tab, where a user can be registered (refused when the event is full). */
export function EventShow({ id }: { id: string }) {
  return (
    <ResourceShow resource="events" id={id}>
      {(record) => (
        <Tabs
          style={{ marginTop: 16 }}
          items={[
            {
              key: "registrations",
              label: "Registrations",
              children: <Registrations eventId={id} capacity={Number(record.capacity)} />,
            },
          ]}
        />
      )}
    </ResourceShow>
  );
}
