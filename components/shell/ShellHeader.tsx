"use client";

import { Button, Layout, Space, Switch, Tag, Tooltip, Typography, theme } from "antd";
import { LogoutOutlined, MoonOutlined, SearchOutlined, SunOutlined } from "@ant-design/icons";
import { useKBar } from "@refinedev/kbar";
import { signOut } from "next-auth/react";
import { useAdmin } from "./AdminContext";
import { useColorMode } from "./colorMode";
import { roleLabel } from "./roleLabels";

/** Who is signed in, the command palette, the theme switch and sign-out. */
export function ShellHeader() {
  const { actor } = useAdmin();
  const { mode, toggle } = useColorMode();
  const { query } = useKBar();
  const { token } = theme.useToken();
  return (
    <Layout.Header
      style={{
        background: token.colorBgElevated,
        display: "flex",
        justifyContent: "flex-end",
        alignItems: "center",
        padding: "0 24px",
        height: 64,
        position: "sticky",
        top: 0,
        zIndex: 10,
      }}
    >
      <Space size="middle">
        <Tooltip title="Go to a screen (Ctrl/⌘ K)">
          <Button icon={<SearchOutlined />} onClick={() => query.toggle()} aria-label="Command palette">
            Ctrl K
          </Button>
        </Tooltip>
        <Switch
          checked={mode === "dark"}
          onChange={toggle}
          checkedChildren={<MoonOutlined />}
          unCheckedChildren={<SunOutlined />}
          aria-label="Dark mode"
        />
        <span data-testid="signed-in-staff">
          <Typography.Text strong>{actor.name}</Typography.Text>{" "}
          <Tag color="blue" data-testid="signed-in-role">
            {roleLabel[actor.role] ?? actor.role}
          </Tag>
        </span>
        <Button icon={<LogoutOutlined />} onClick={() => signOut({ callbackUrl: "/login" })}>
          Sign out
        </Button>
      </Space>
    </Layout.Header>
  );
}
