import fs from "node:fs";
import { checkpointSettings } from "../server/audit/checkpointConfig";
import { parseVerifyKey, type VerifyKey } from "../server/audit/signingKey";
import { verifyExport, type ExportManifest } from "../server/audit/verifyExport";

// npm run audit:verify -- <export.jsonl|csv> <manifest.json> [--proofs FILE] [--public-key FILE]
// Offline: no database. Checks the manifest's Ed25519 signature (the audit checkpoint key: give its
// public key with --public-key, or AUDIT_VERIFY_KEY; else this installation's own key), the file's
// SHA-256 and row count against the manifest, and for a compliance_logs JSON Lines export that each
// row hashes to its hash, consecutive rows link, and an unfiltered export has no gap. With --proofs
// (the export's proofs file, docs/audit-format.md §8), that every row is a member of the chain a
// trusted key signed at a checkpoint. Exit 0: all verified; 1: any doubt (each named); 2: unreadable.
const args = process.argv.slice(2);
function option(name: string): { value: string | undefined; at: number } {
  const at = args.indexOf(name);
  return { value: at >= 0 ? args[at + 1] : undefined, at };
}
const key = option("--public-key");
const proofs = option("--proofs");
const keyFile = key.value;
const flagged = new Set<number>();
for (const o of [key, proofs]) if (o.at >= 0) flagged.add(o.at).add(o.at + 1);
const [file, manifestFile] = args.filter((_, i) => !flagged.has(i));
if (!file || !manifestFile || (key.at >= 0 && !key.value) || (proofs.at >= 0 && !proofs.value)) {
  console.error("Usage: npm run audit:verify -- <export.jsonl> <manifest.json> [--proofs FILE] [--public-key FILE]");
  process.exit(2);
}

function trustedKeys(): VerifyKey[] {
  if (keyFile) return [parseVerifyKey(fs.readFileSync(keyFile, "utf8"), keyFile)];
  if (process.env.AUDIT_VERIFY_KEY) return [parseVerifyKey(process.env.AUDIT_VERIFY_KEY, "AUDIT_VERIFY_KEY")];
  return checkpointSettings().trustedKeys;
}

try {
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as ExportManifest;
  for (const input of [file, proofs.value].filter((f): f is string => Boolean(f)))
    if (!fs.existsSync(input)) throw new Error(`${input} cannot be read: no such file`);
  const result = await verifyExport(file, manifest, trustedKeys(), { proofs: proofs.value });
  const membership = result.membership;
  const chained = manifest.source === "compliance_logs" && manifest.format === "jsonl";
  const what = [
    `${result.rows.toLocaleString("en-US")} ${manifest.source} rows (${manifest.format.toUpperCase()})`,
    result.timeRange ? `dated ${result.timeRange.from} to ${result.timeRange.to}` : null,
    manifest.source === "compliance_logs" && manifest.format === "jsonl"
      ? `${result.segments} chain segment(s), ${result.linksChecked.toLocaleString("en-US")} links checked` +
        (result.gaps
          ? `, ${result.gaps} gap(s) accepted because the export is filtered (${manifest.filters.fields.join(", ")})`
          : ", no gap")
      : null,
    membership
      ? `${membership.proven.toLocaleString("en-US")} of ${result.rows.toLocaleString("en-US")} rows proven members of ` +
        `the signed audit chain: ` +
        (membership.byCheckpoint
          .map(
            (c) => `${c.rows.toLocaleString("en-US")} at the checkpoint of seq ${c.seq} signed ${c.at} by key ${c.key}`,
          )
          .join("; ") || "none")
      : chained
        ? "membership of the signed chain not checked: give the export's proofs file with --proofs"
        : null,
    manifest.signature ? `manifest signed by key ${manifest.signature.key}` : null,
    `file SHA-256 ${result.sha256}`,
  ].filter(Boolean);
  if (result.ok) {
    console.log(`✓ audit:verify OK\n- ${what.join("\n- ")}`);
  } else {
    console.error(`✗ audit:verify FAILED\n- ${result.problems.slice(0, 20).join("\n- ")}`);
    if (result.problems.length > 20) console.error(`… and ${result.problems.length - 20} more`);
    console.error(`What was read:\n- ${what.join("\n- ")}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
