import crypto from "node:crypto";
import fs from "node:fs";
import readline from "node:readline";
import { genesisHash, parseChainRow, rowHash } from "./canonical";
import type { FilterDigest } from "./filterDigest";
import { manifestSignatureProblem, type ManifestSignature } from "./manifestSignature";
import type { VerifyKey } from "./signingKey";
import { MembershipVerifier, type MembershipSummary } from "./verifyMembership";

/**
 * Offline verification of an audit export against its manifest (`npm run audit:verify`): the
 * file's SHA-256 and row count, and for a compliance_logs JSON Lines export that every row's hash
 * is its content's and that rows with consecutive sequence numbers link; given a proofs file, that
 * every row is a member of the history a trusted key signed (verifyMembership.ts). No database needed.
 */
export interface ExportManifest {
  exportId: string;
  source: "compliance_logs" | "consent_logs";
  format: "csv" | "jsonl";
  fileName: string;
  /** The filters' names and an HMAC of their values (server/audit/filterDigest.ts), never the values. */
  filters: FilterDigest;
  /** False: every row up to the chain head, so the file must be gap-free from seq 1. */
  filtered: boolean;
  rowCount: number;
  firstSeq: number | null;
  lastSeq: number | null;
  chainHead: { seq: number; hash: string };
  /**
   * compliance_logs: rows committed but not yet sequenced when the export started (so not in it;
   * they follow the head once chained). Absent in manifests written before the sequencer.
   */
  unsequenced?: number;
  sha256: string;
  bytes: number;
  exportedAt: string;
  exportedBy: { staffId: string; email: string; name: string; role: string };
  /** Ed25519 over the rest (manifestSignature.ts); absent only where no audit signing key is configured. */
  signature?: ManifestSignature;
}

export interface ExportVerification {
  ok: boolean;
  problems: string[];
  sha256: string;
  rows: number;
  /** Pairs of consecutive sequence numbers whose link was checked. */
  linksChecked: number;
  /** Places where the export skips sequence numbers (accepted only in a filtered export). */
  gaps: number;
  /** Runs of consecutive sequence numbers, each linked row to row. */
  segments: number;
  /** The first and last row's timestamps (compliance_logs JSON Lines). */
  timeRange: { from: string; to: string } | null;
  /** With a proofs file: the rows proven members of the signed chain, by checkpoint. */
  membership: MembershipSummary | null;
}

export async function fileSha256(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = crypto.createHash("sha256");
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/**
 * Checks an export against its manifest and the manifest against its signature: a manifest
 * rewritten to match a doctored file fails the signature; an unfiltered export must run from seq 1
 * to the recorded chain head without a gap; a filtered one may skip sequence numbers, and each
 * skip is named (as a count here; the rows on both sides of it are still checked individually).
 */
export async function verifyExport(
  file: string,
  manifest: ExportManifest,
  trustedKeys: VerifyKey[],
  options: { proofs?: string } = {},
): Promise<ExportVerification> {
  const problems: string[] = [];
  const chainedJsonl = manifest.source === "compliance_logs" && manifest.format === "jsonl";
  if (options.proofs && !chainedJsonl)
    problems.push("membership proofs are checked for compliance_logs JSON Lines exports only");
  const membership = options.proofs && chainedJsonl ? new MembershipVerifier(options.proofs, trustedKeys) : null;
  const signatureProblem = manifestSignatureProblem(manifest, trustedKeys);
  if (signatureProblem) problems.push(signatureProblem);
  const { sha256 } = await fileSha256(file);
  if (sha256 !== manifest.sha256)
    problems.push(`file SHA-256 ${sha256} differs from the manifest's ${manifest.sha256}`);

  let rows = 0;
  let linksChecked = 0;
  let gaps = 0;
  let firstSeq: number | null = null;
  let segments = 0;
  let firstTime: string | null = null;
  let lastTime: string | null = null;
  let previous: { seq: number; hash: string } | undefined;
  const lines = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
  let inQuotes = false;
  let headerSeen = false;
  for await (const line of lines) {
    if (manifest.format === "csv") {
      // Count records, not lines: a quoted field may span lines.
      for (const ch of line) if (ch === '"') inQuotes = !inQuotes;
      if (inQuotes) continue;
      if (!headerSeen) headerSeen = true;
      else rows++;
      continue;
    }
    if (line === "") continue;
    rows++;
    if (manifest.source !== "compliance_logs") continue;
    let row;
    try {
      row = parseChainRow(line);
    } catch (error) {
      problems.push(`row ${rows}: not a valid export row (${(error as Error).message})`);
      continue;
    }
    firstSeq ??= row.seq;
    firstTime ??= row.timestamp;
    lastTime = row.timestamp;
    const computed = rowHash(row);
    if (computed !== row.hash) problems.push(`seq ${row.seq}: content does not match its hash`);
    // The leaf is the hash recomputed from the content: an altered row cannot borrow its old proof.
    const notMember = membership ? await membership.check(row.seq, computed) : null;
    if (notMember) problems.push(notMember);
    if (row.seq === 1 && row.prev_hash !== genesisHash) problems.push(`seq 1: does not start from the genesis hash`);
    if (previous) {
      if (row.seq <= previous.seq) problems.push(`seq ${row.seq}: out of order after ${previous.seq}`);
      else if (row.seq === previous.seq + 1) {
        linksChecked++;
        if (row.prev_hash !== previous.hash) problems.push(`seq ${row.seq}: does not link to seq ${previous.seq}`);
      } else {
        gaps++;
        segments++;
        if (!manifest.filtered)
          problems.push(`seq ${previous.seq + 1}–${row.seq - 1}: missing from an unfiltered export`);
      }
    } else segments = 1;
    previous = { seq: row.seq, hash: row.hash };
  }
  if (rows !== manifest.rowCount) problems.push(`${rows} rows, the manifest says ${manifest.rowCount}`);
  if (manifest.format === "jsonl" && manifest.source === "compliance_logs") {
    if (firstSeq !== manifest.firstSeq) problems.push(`first seq ${firstSeq}, the manifest says ${manifest.firstSeq}`);
    const lastSeq = previous?.seq ?? null;
    if (lastSeq !== manifest.lastSeq) problems.push(`last seq ${lastSeq}, the manifest says ${manifest.lastSeq}`);
    // docs/audit-format.md §8 step 5: no row after the head the export started from, filtered or not.
    if (previous && previous.seq > manifest.chainHead.seq)
      problems.push(
        `seq ${previous.seq} is after the chain head recorded at export time (seq ${manifest.chainHead.seq})`,
      );
    if (previous && previous.seq === manifest.chainHead.seq && previous.hash !== manifest.chainHead.hash) {
      problems.push(`the last row (seq ${previous.seq}) is not the chain head recorded at export time`);
    }
    if (!manifest.filtered) {
      if (rows > 0 && firstSeq !== 1) problems.push(`an unfiltered export starts at seq ${firstSeq}, not at seq 1`);
      if ((previous?.seq ?? 0) !== manifest.chainHead.seq)
        problems.push(
          `an unfiltered export ends at seq ${previous?.seq ?? 0}, not at the chain head ${manifest.chainHead.seq}`,
        );
    }
  }
  const timeRange = firstTime && lastTime ? { from: firstTime, to: lastTime } : null;
  membership?.close();
  if (membership) problems.push(...membership.problems);
  return {
    ok: problems.length === 0,
    problems,
    sha256,
    rows,
    linksChecked,
    gaps,
    segments,
    timeRange,
    membership: membership?.summary() ?? null,
  };
}
