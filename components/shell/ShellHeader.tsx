"use client";

import { Button, Layout, Switch, Tag, Tooltip, Typography, theme } from "antd";
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
    <Layout.Header className="sb-header" style={{ background: token.colorBgElevated }}>
      <div className="sb-header-actions">
        <Tooltip title="Go to a screen or find a record: a user, an event, a Stripe id, any id (Ctrl/⌘ K)">
          <Button
            icon={<SearchOutlined />}
            onClick={() => query.toggle()}
            // The name holds the visible "Ctrl K" (WCAG 2.5.3, label in name; not in parentheses, which axe skips).
            aria-label="Command palette, Ctrl K"
            aria-keyshortcuts="Control+K Meta+K"
          >
            <span className="sb-header-label">Ctrl K</span>
          </Button>
        </Tooltip>
        <Switch
          checked={mode === "dark"}
          onChange={toggle}
          checkedChildren={<MoonOutlined />}
          unCheckedChildren={<SunOutlined />}
          aria-label="Dark mode"
        />
        <span className="sb-header-staff" data-testid="signed-in-staff">
          <Typography.Text strong className="sb-header-label">
            {actor.name}
          </Typography.Text>
          <Tag color="blue" data-testid="signed-in-role" title={actor.name}>
            {roleLabel[actor.role] ?? actor.role}
          </Tag>
        </span>
        <Button icon={<LogoutOutlined />} onClick={() => signOut({ callbackUrl: "/login" })} aria-label="Sign out">
          <span className="sb-header-label">Sign out</span>
        </Button>
      </div>
    </Layout.Header>
  );
}
