"use client";

import { useState } from "react";
import { App, Button } from "antd";
import { DownloadOutlined } from "@ant-design/icons";

/**
 * CSV export of exactly the list's current filters, sort and search (GET /api/exports/<resource>).
 * The link is a plain download; a click streams it here instead so the button can say how far it got.
 */
export function ExportButton({ resource, query }: { resource: string; query: string }) {
  const { message } = App.useApp();
  const [rows, setRows] = useState<number | null>(null);
  const href = `/api/exports/${resource}${query ? `?${query}` : ""}`;

  async function download(event: React.MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    if (rows !== null) return;
    setRows(0);
    try {
      const response = await fetch(href, { cache: "no-store" });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `Export failed (${response.status})`);
      }
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        for (const byte of value) if (byte === 10) lines++;
        setRows(Math.max(0, lines - 1));
      }
      const name =
        /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? `${resource}.csv`;
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: "text/csv" }));
      const link = Object.assign(document.createElement("a"), { href: url, download: name });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setRows(null);
    }
  }

  return (
    <Button icon={<DownloadOutlined />} href={href} onClick={download} loading={rows !== null} download>
      {rows === null ? "Export CSV" : `Preparing… ${rows.toLocaleString()} rows`}
    </Button>
  );
}
