"use client";

import Link from "next/link";
import { Result } from "antd";

/** The "no access" screen (HTTP 403): which role is signed in and which roles the screen is for. */
export function NoAccess({ message }: { message: string }) {
  return (
    <Result
      status="403"
      title={<h1 style={{ fontSize: "inherit", margin: 0 }}>No access</h1>}
      subTitle={<span data-testid="no-access-reason">{message}</span>}
      extra={<Link href="/">Back to the dashboard</Link>}
    />
  );
}
