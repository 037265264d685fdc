"use client";

import { useState } from "react";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { Alert, Button, Card, Form, Input, Typography, theme } from "antd";
import { safeRedirectPath } from "@/lib/safeRedirect";

interface Credentials {
  email: string;
  password: string;
}

/** Only same-origin paths (an open redirect through callbackUrl would be a phishing aid), and not back to /login. */
function safeCallback(raw: string | null): string {
  const path = safeRedirectPath(raw);
  return /^\/login(?:[/?#]|$)/.test(path) ? "/" : path;
}

/** Staff sign-in: next-auth's credentials provider; its refusals (wrong password, throttled, disabled) are shown as sent. */
export function LoginForm() {
  const router = useRouter();
  const search = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const { token } = theme.useToken();

  async function submit({ email, password }: Credentials) {
    setPending(true);
    setError(null);
    const result = await signIn("credentials", { email, password, redirect: false });
    if (!result || result.error) {
      setPending(false);
      setError(result?.error === "CredentialsSignin" || !result?.error ? "Sign-in failed." : result.error);
      return;
    }
    router.replace(safeCallback(search.get("callbackUrl")));
    router.refresh();
  }

  return (
    <main style={{ minHeight: "100vh", display: "grid", placeItems: "center", background: token.colorBgLayout }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          SaltBitter Back Office
        </Typography.Title>
        <Typography.Paragraph type="secondary">Staff sign-in</Typography.Paragraph>
        {error && <Alert type="error" role="alert" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            label="Email"
            name="email"
            rules={[{ required: true, type: "email", message: "Enter your email" }]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="Password" name="password" rules={[{ required: true, message: "Enter your password" }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={pending}>
            Sign in
          </Button>
        </Form>
      </Card>
    </main>
  );
}
