import "server-only";
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { streamText, type Database } from "@/db/client";
import type { StaffActor } from "../auth/actor";
import { appendAudit } from "../audit/appendAudit";
import { chainHead } from "../audit/chain";
import { unsequencedCount } from "../audit/sequencer";
import { checkpointSettings } from "../audit/checkpointConfig";
import { filterDigest } from "../audit/filterDigest";
import { signManifest } from "../audit/manifestSignature";
import type { ExportManifest } from "../audit/verifyExport";
import { activeFilters, type AuditLogFilters, type ConsentLogFilters } from "./filters";
import {
  complianceLogExport,
  consentLogExport,
  CsvRecordCounter,
  LineCounter,
  type ExportFormat,
  type ExportQuery,
} from "./exportSources";

export type ExportRequest =
  | { source: "compliance_logs"; format: ExportFormat; filters: AuditLogFilters }
  | { source: "consent_logs"; format: ExportFormat; filters: ConsentLogFilters };

export interface PreparedExport {
  exportId: string;
  fileName: string;
  contentType: string;
  expectedRows: number;
  /** The file, chunk by chunk; when it ends, the manifest has been logged to compliance_logs. */
  body: ReadableStream<Uint8Array>;
}

const manifestAction = "staff.audit_export.export";

/**
 * Starts an export: fixes its bounds (the chain head now, for compliance_logs; the time now, for
 * consent_logs), counts the rows for progress, then streams at constant memory while hashing and
 * counting what it sends. The manifest is appended to compliance_logs before the stream closes, so
 * a client that has the whole file can fetch it at once.
 */
export async function prepareExport(
  database: Database,
  actor: StaffActor,
  request: ExportRequest,
): Promise<PreparedExport> {
  const exportId = crypto.randomUUID();
  const startedAt = new Date().toISOString();
  // Chains every row committed so far first; rows committed meanwhile are counted, not exported.
  const head = await chainHead(database);
  const unsequenced = request.source === "compliance_logs" ? await unsequencedCount(database) : undefined;
  const query: ExportQuery =
    request.source === "compliance_logs"
      ? complianceLogExport(request.filters, request.format, head.seq)
      : consentLogExport(request.filters, request.format, startedAt);
  const [counted] = await database.rows<{ rows: number; first_seq?: string | null; last_seq?: string | null }>(
    sql.raw(query.count),
  );
  const fileName = `${request.source}-${startedAt.replace(/[:.]/g, "-")}.${request.format}`;
  const hash = crypto.createHash("sha256");
  const counter = request.format === "csv" ? new CsvRecordCounter() : new LineCounter();
  let bytes = 0;
  const chunks = streamText(database, query)[Symbol.asyncIterator]();

  const filters = filterDigest(
    Object.fromEntries(Object.entries(activeFilters(request.filters)).map(([k, v]) => [k, String(v)])),
  );
  const finish = async () => {
    const unsigned: ExportManifest = {
      exportId,
      source: request.source,
      format: request.format,
      fileName,
      // Names and a keyed digest, never the values: a filtered user id or email is personal data.
      filters,
      filtered: filters.fields.length > 0,
      rowCount: request.format === "csv" ? counter.records - 1 : counter.records,
      firstSeq: counted.first_seq == null ? null : Number(counted.first_seq),
      lastSeq: counted.last_seq == null ? null : Number(counted.last_seq),
      chainHead: head,
      ...(unsequenced === undefined ? {} : { unsequenced }),
      sha256: hash.digest("hex"),
      bytes,
      exportedAt: startedAt,
      exportedBy: { staffId: actor.staffId, email: actor.email, name: actor.name, role: actor.role },
    };
    // Signed with the checkpoint key: a rewritten manifest no longer verifies.
    const key = checkpointSettings().signingKey;
    const manifest = key ? signManifest(unsigned, key) : unsigned;
    await appendAudit(database.db, actor, {
      resource: "audit_export",
      action: "export",
      recordId: exportId,
      details: { manifest },
    });
  };

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) {
        await finish();
        controller.close();
        return;
      }
      hash.update(next.value);
      counter.push(next.value);
      bytes += next.value.length;
      controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.length));
    },
    async cancel() {
      await chunks.return?.(undefined);
    },
  });
  return {
    exportId,
    fileName,
    contentType: request.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
    expectedRows: counted.rows,
    body,
  };
}

/** The manifest of a finished export, as logged in compliance_logs. */
export async function findManifest(database: Database, exportId: string): Promise<ExportManifest | undefined> {
  const [row] = await database.rows<{ manifest: ExportManifest }>(sql`
    SELECT metadata -> 'manifest' AS manifest FROM compliance_logs
    WHERE action_type = ${manifestAction} AND metadata ->> 'recordId' = ${exportId}
    ORDER BY seq DESC LIMIT 1`);
  return row?.manifest;
}

/** Drains an export to a sink (CLI and tests; the route handler streams the body itself). */
export async function drainExport(prepared: PreparedExport, sink: (chunk: Uint8Array) => void | Promise<void>) {
  const reader = prepared.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    await sink(value);
  }
}
