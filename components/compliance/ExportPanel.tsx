"use client";

import { useState } from "react";
import { Alert, Button, Progress, Space, Tag, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { queryString } from "./useJson";

interface Manifest {
  exportId: string;
  fileName: string;
  rowCount: number;
  sha256: string;
  firstSeq: number | null;
  lastSeq: number | null;
  chainHead: { seq: number; hash: string };
  /** Rows committed but not yet sequenced when the export started: not in the file. */
  unsequenced?: number;
}

interface Done {
  format: string;
  fileName: string;
  fileUrl: string;
  manifestUrl: string;
  manifest: Manifest;
  fileSha256: string;
  /** The filters the export was made with: its proofs are asked for with exactly these. */
  filters: Record<string, string | undefined>;
}

function saveAs(url: string, fileName: string) {
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Exports the filtered rows as CSV or JSON Lines. The server streams; the browser counts bytes and
 * rows as they arrive against the expected count, then fetches the manifest (logged in the audit
 * trail) and checks the file's SHA-256 against it. A compliance_logs export also offers its proofs
 * file: each row's proof of membership in the signed chain (docs/audit-format.md §8), made by the
 * server from the same filters.
 */
export function ExportPanel({
  source,
  filters,
}: {
  source: "compliance_logs" | "consent_logs";
  filters: Record<string, string | undefined>;
}) {
  const [progress, setProgress] = useState<{ bytes: number; rows: number; expected: number } | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fetchingProofs, setFetchingProofs] = useState(false);

  async function run(format: "csv" | "jsonl") {
    setError(null);
    setDone(null);
    try {
      const response = await fetch(`/api/exports/audit?${queryString({ source, format, ...filters })}`, {
        cache: "no-store",
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `Export failed (${response.status})`);
      }
      const expected = Number(response.headers.get("X-Expected-Rows") ?? 0);
      const exportId = response.headers.get("X-Export-Id")!;
      const fileName = response.headers.get("X-File-Name") ?? `${source}.${format}`;
      const reader = response.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      let newlines = 0;
      setProgress({ bytes, rows: 0, expected });
      for (;;) {
        const { done: finished, value } = await reader.read();
        if (finished) break;
        chunks.push(value as Uint8Array<ArrayBuffer>);
        bytes += value.length;
        for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) newlines++;
        // CSV: the header is one line (quoted newlines make this an estimate until the end).
        setProgress({ bytes, rows: Math.max(0, format === "csv" ? newlines - 1 : newlines), expected });
      }
      const blob = new Blob(chunks, { type: response.headers.get("Content-Type") ?? "application/octet-stream" });
      const fileSha256 = hex(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
      const manifestResponse = await fetch(`/api/exports/audit/manifest?exportId=${exportId}`, { cache: "no-store" });
      if (!manifestResponse.ok) throw new Error("The export finished but its manifest could not be read.");
      const manifestText = await manifestResponse.text();
      const manifest = JSON.parse(manifestText) as Manifest;
      const fileUrl = URL.createObjectURL(blob);
      const manifestUrl = URL.createObjectURL(new Blob([manifestText], { type: "application/json" }));
      setDone({ format, fileName, fileUrl, manifestUrl, manifest, fileSha256, filters });
      saveAs(fileUrl, fileName);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setProgress(null);
    }
  }

  /** The proofs file, saved only when the server made one; a refusal (e.g. 409) is said, not saved as the file. */
  async function downloadProofs(finished: Done) {
    setError(null);
    setFetchingProofs(true);
    try {
      const response = await fetch(
        `/api/exports/audit/proofs?${queryString({ exportId: finished.manifest.exportId, ...finished.filters })}`,
        { cache: "no-store" },
      );
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `The membership proofs could not be made (${response.status})`);
      }
      const url = URL.createObjectURL(await response.blob());
      saveAs(url, `${finished.fileName}.proofs.jsonl`);
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setFetchingProofs(false);
    }
  }

  return (
    <Space direction="vertical" style={{ width: "100%" }} data-testid={`export-panel-${source}`}>
      <Space wrap>
        <Button icon={<DownloadOutlined />} onClick={() => run("csv")} loading={progress !== null}>
          Export CSV
        </Button>
        <Button icon={<DownloadOutlined />} onClick={() => run("jsonl")} loading={progress !== null}>
          Export JSON Lines
        </Button>
        <Typography.Text type="secondary">
          Exports exactly the rows the filters select; each export is logged.
        </Typography.Text>
      </Space>
      {progress && (
        <div data-testid="export-progress">
          <Progress
            percent={progress.expected ? Math.min(100, Math.round((progress.rows / progress.expected) * 100)) : 0}
            size="small"
            aria-label="Export progress"
          />
          <Typography.Text type="secondary">
            {progress.rows.toLocaleString()} of {progress.expected.toLocaleString()} rows,{" "}
            {(progress.bytes / 1e6).toFixed(1)} MB received
          </Typography.Text>
        </div>
      )}
      {error && <Alert type="error" showIcon message={error} />}
      {done && (
        <Alert
          type={done.fileSha256 === done.manifest.sha256 ? "success" : "error"}
          showIcon
          data-testid="export-result"
          message={
            <Space wrap>
              <span>
                {done.manifest.rowCount.toLocaleString()} rows exported ({done.format.toUpperCase()})
              </span>
              {done.fileSha256 === done.manifest.sha256 ? (
                <Tag color="green">File SHA-256 matches the manifest</Tag>
              ) : (
                <Tag color="red">File SHA-256 does not match the manifest</Tag>
              )}
            </Space>
          }
          description={
            <Space direction="vertical" size={2}>
              <Typography.Text
                copyable={{ text: done.manifest.sha256 }}
                style={{ fontFamily: "monospace", fontSize: 12 }}
              >
                sha256 {done.manifest.sha256}
              </Typography.Text>
              {done.manifest.firstSeq !== null && (
                <Typography.Text type="secondary">
                  seq {done.manifest.firstSeq}–{done.manifest.lastSeq}; chain head at export:{" "}
                  {done.manifest.chainHead.seq}
                </Typography.Text>
              )}
              {done.manifest.unsequenced ? (
                <Typography.Text type="secondary">
                  {done.manifest.unsequenced.toLocaleString()} rows committed at export time were not yet sequenced: not
                  in this file (they follow the chain head once chained).
                </Typography.Text>
              ) : null}
              <Space>
                <Button size="small" onClick={() => saveAs(done.fileUrl, done.fileName)}>
                  Download file again
                </Button>
                <Button
                  size="small"
                  type="primary"
                  onClick={() => saveAs(done.manifestUrl, `${done.fileName}.manifest.json`)}
                >
                  Download manifest
                </Button>
                {source === "compliance_logs" && (
                  <Button
                    size="small"
                    title="Each row's proof that it belongs to the signed audit chain, for verifiers given only these rows"
                    loading={fetchingProofs}
                    onClick={() => downloadProofs(done)}
                  >
                    Download membership proofs
                  </Button>
                )}
              </Space>
            </Space>
          }
        />
      )}
    </Space>
  );
}
