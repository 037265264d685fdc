import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { checkpointSettings } from "../audit/checkpointConfig";
import { checkpointHeadNow } from "../audit/checkpointer";
import { filterDigest } from "../audit/filterDigest";
import { inclusionProofLines, lastRootSeq } from "../audit/inclusionProofs";
import type { ExportManifest } from "../audit/verifyExport";
import { activeFilters, auditLogConditions, literal, whereClause, type AuditLogFilters } from "./filters";

/**
 * The proofs file of a compliance_logs export (docs/audit-format.md §8): for each exported row,
 * its inclusion proof in the Merkle tree a signed checkpoint signs. The export's rows are found
 * again from its filters, which the caller gives and which must be the export's (the manifest
 * keeps only their HMAC), bounded by the chain head the manifest records. When no signed root
 * covers the export's last row yet, the head is signed first. Streams at constant memory.
 */
export type ExportProofs =
  { ok: true; fileName: string; lines: AsyncGenerator<string> } | { ok: false; message: string };

const BATCH = 5000;

export async function prepareExportProofs(
  database: Database,
  manifest: ExportManifest,
  filters: AuditLogFilters,
): Promise<ExportProofs> {
  if (manifest.source !== "compliance_logs")
    return { ok: false, message: "Only compliance_logs exports have membership proofs (consent_logs is not chained)." };
  const given = filterDigest(
    Object.fromEntries(Object.entries(activeFilters(filters)).map(([k, v]) => [k, String(v)])),
  );
  if (JSON.stringify(given) !== JSON.stringify(manifest.filters))
    return { ok: false, message: "These filters are not the ones the export was made with." };
  const settings = checkpointSettings();
  if (!settings.signingKey)
    return {
      ok: false,
      message: "No audit signing key is configured, so there are no signed checkpoints to prove against.",
    };
  if (manifest.lastSeq !== null && (await lastRootSeq(settings.file)) < manifest.lastSeq)
    await checkpointHeadNow(database, settings);

  const conditions = [...auditLogConditions(filters), "seq > 0", `seq <= ${literal(manifest.chainHead.seq)}`];
  async function* seqs(): AsyncGenerator<number> {
    let after = 0;
    for (;;) {
      const rows = await database.rows<{ seq: string | number }>(
        sql.raw(
          `SELECT seq FROM compliance_logs ${whereClause([...conditions, `seq > ${literal(after)}`])} ORDER BY seq LIMIT ${BATCH}`,
        ),
      );
      for (const row of rows) yield Number(row.seq);
      if (rows.length < BATCH) return;
      after = Number(rows[rows.length - 1].seq);
    }
  }
  return {
    ok: true,
    fileName: `${manifest.fileName}.proofs.jsonl`,
    lines: inclusionProofLines(database, settings.file, settings.trustedKeys, seqs()),
  };
}
