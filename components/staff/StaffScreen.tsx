"use client";

import { useState } from "react";
import { useCustom } from "@refinedev/core";
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from "antd";
import { staffRoles, type StaffRole } from "@/db/schema/enums";
import type { StaffListEntry as StaffAccount } from "@/server/auth/staffAccounts";
import {
  changeStaffRole,
  createStaff,
  resetStaffPassword,
  setStaffDisabled,
  unlockStaffSignIn,
} from "@/server/actions/staffActions";
import { useAdmin } from "@/components/shell/AdminContext";
import { roleInSentence, roleLabel } from "@/components/shell/roleLabels";
import { RequiredOnInput } from "@/components/resource/RequiredOnInput";
import { DateTime } from "@/components/format/DateTime";

type Outcome = { ok: true } | { ok: false; error: { message: string; fieldErrors?: Record<string, string> } };
const roleOptions = staffRoles.map((role) => ({ value: role, label: role.replace(/_/g, " ") }));

interface NewStaff {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
}

function CreateStaff({ onCreated }: { onCreated: () => void }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<NewStaff>();
  const [error, setError] = useState<string | null>(null);
  async function submit(values: NewStaff) {
    setError(null);
    const result = await createStaff(values);
    if (!result.ok) {
      form.setFields(
        Object.entries(result.error.fieldErrors ?? {}).map(([name, problem]) => ({
          name: name as keyof NewStaff,
          errors: [problem],
        })),
      );
      setError(result.error.message);
      return;
    }
    setOpen(false);
    form.resetFields();
    onCreated();
  }
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        New staff account
      </Button>
      <Modal
        title="New staff account"
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText="Create"
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ role: "analyst" }}>
          <Form.Item name="email" label="Email" rules={[{ required: true, type: "email" }]}>
            <Input />
          </Form.Item>
          <Form.Item name="name" label="Name" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label="Role" rules={[{ required: true }]}>
            <RequiredOnInput>
              <Select options={roleOptions} />
            </RequiredOnInput>
          </Form.Item>
          <Form.Item name="password" label="Initial password" rules={[{ required: true }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** Admin-only: staff accounts (GET /api/staff) and their management (server/actions/staffActions.ts). */
export function StaffScreen() {
  const { actor } = useAdmin();
  const { message, modal } = App.useApp();
  const { query } = useCustom<{ data: StaffAccount[] }>({ url: "/api/staff", method: "get", errorNotification: false });
  const accounts = query.data?.data.data ?? [];
  const reload = () => void query.refetch();

  async function report(outcome: Promise<Outcome>, success: string) {
    const result = await outcome;
    if (!result.ok) message.error(Object.values(result.error.fieldErrors ?? {})[0] ?? result.error.message);
    else message.success(success);
    reload();
  }

  function resetPassword(account: StaffAccount) {
    let password = "";
    modal.confirm({
      title: `Reset the password of ${account.email}`,
      content: (
        <Input.Password
          placeholder="New password"
          aria-label="New password"
          onChange={(e) => (password = e.target.value)}
        />
      ),
      okText: "Reset password",
      onOk: () => report(resetStaffPassword({ staffId: account.id, password }), "Password reset"),
    });
  }

  // A role change or (en|dis)abling ends the person's sessions (server/auth/options.ts): each asks first,
  // naming the person and the change; cancelling sends nothing (the controls show the server's state).
  function changeRole(account: StaffAccount, next: StaffRole) {
    modal.confirm({
      title: `Change ${account.name}'s role from ${roleInSentence[account.role]} to ${roleInSentence[next]}?`,
      content: `${account.email} is signed out and signs in again with the new role. This is recorded in the audit log.`,
      okText: "Change role",
      onOk: () =>
        report(changeStaffRole({ staffId: account.id, role: next }), `${account.name} is now ${roleInSentence[next]}`),
    });
  }

  function setActive(account: StaffAccount, active: boolean) {
    modal.confirm({
      title: active ? `Enable ${account.name}'s account?` : `Disable ${account.name}'s account?`,
      content: active
        ? `${account.email} can sign in again. This is recorded in the audit log.`
        : `${account.email} can no longer sign in, and their open sessions stop working. This is recorded in the audit log.`,
      okText: active ? "Enable" : "Disable",
      okButtonProps: { danger: !active },
      onOk: () =>
        report(
          setStaffDisabled({ staffId: account.id, disabled: !active }),
          active ? `${account.name} enabled` : `${account.name} disabled`,
        ),
    });
  }

  if (actor.role !== "admin")
    return <Alert type="warning" showIcon message="Only administrators manage staff accounts." />;
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          Staff
        </Typography.Title>
      }
      extra={<CreateStaff onCreated={reload} />}
    >
      {query.isError && <Alert type="error" showIcon message={query.error?.message} />}
      <Table<StaffAccount>
        rowKey="id"
        loading={query.isFetching}
        dataSource={accounts}
        pagination={false}
        columns={[
          { title: "Name", dataIndex: "name" },
          { title: "Email", dataIndex: "email" },
          {
            title: "Role",
            dataIndex: "role",
            render: (role: StaffRole, account) =>
              // One's own role is not changed here (nobody locks themselves out): shown as text, not as
              // a disabled select, whose greyed text would be unreadable (and it is not a control).
              account.id === actor.staffId ? (
                <span>
                  {roleLabel[role]} <Typography.Text type="secondary">(your account)</Typography.Text>
                </span>
              ) : (
                <Select
                  value={role}
                  options={roleOptions}
                  style={{ width: 190 }}
                  aria-label={`Role of ${account.email}`}
                  onChange={(next) => changeRole(account, next)}
                />
              ),
          },
          {
            title: "Active",
            dataIndex: "disabled",
            render: (disabled: boolean, account) => (
              <Space>
                <Switch
                  checked={!disabled}
                  disabled={account.id === actor.staffId}
                  aria-label={`Active: ${account.email}`}
                  onChange={(active) => setActive(account, active)}
                />
                {disabled && <Tag color="red">disabled</Tag>}
                {account.lockedOut && (
                  <>
                    <Tag color="orange">locked out</Tag>
                    <Button
                      size="small"
                      aria-label={`Unlock sign-in: ${account.email}`}
                      onClick={() => report(unlockStaffSignIn({ staffId: account.id }), "Sign-in unlocked")}
                    >
                      Unlock
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
          {
            title: "Last sign-in",
            dataIndex: "lastLoginAt",
            render: (v: string | null) => <DateTime value={v} />,
          },
          { title: "Created", dataIndex: "createdAt", render: (v: string) => <DateTime value={v} /> },
          { title: "", render: (_, account) => <Button onClick={() => resetPassword(account)}>Reset password</Button> },
        ]}
      />
    </Card>
  );
}
