import fs from "node:fs";
import { checkpointSettings } from "../server/audit/checkpointConfig";
import { parseVerifyKey, type VerifyKey } from "../server/audit/signingKey";
import { verifyExport, type ExportManifest } from "../server/audit/verifyExport";

// npm run audit:verify -- <export.jsonl|csv> <manifest.json> [--public-key FILE]
// Offline: no database. Checks the manifest's Ed25519 signature (the audit checkpoint key: give its
// public key with --public-key, or AUDIT_VERIFY_KEY; else this installation's own key), the file's
// SHA-256 and row count against the manifest, and for a compliance_logs JSON Lines export that each
// row hashes to its hash, consecutive rows link, and an unfiltered export has no gap.
const args = process.argv.slice(2);
const keyFlag = args.indexOf("--public-key");
const keyFile = keyFlag >= 0 ? args[keyFlag + 1] : undefined;
const [file, manifestFile] = args.filter((_, i) => i !== keyFlag && i !== keyFlag + 1);
if (!file || !manifestFile || (keyFlag >= 0 && !keyFile)) {
  console.error("Usage: npm run audit:verify -- <export.jsonl> <manifest.json> [--public-key FILE]");
  process.exit(2);
}

function trustedKeys(): VerifyKey[] {
  if (keyFile) return [parseVerifyKey(fs.readFileSync(keyFile, "utf8"), keyFile)];
  if (process.env.AUDIT_VERIFY_KEY) return [parseVerifyKey(process.env.AUDIT_VERIFY_KEY, "AUDIT_VERIFY_KEY")];
  return checkpointSettings().trustedKeys;
}

try {
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as ExportManifest;
  const result = await verifyExport(file, manifest, trustedKeys());
  const what = [
    `${result.rows.toLocaleString("en-US")} ${manifest.source} rows (${manifest.format.toUpperCase()})`,
    result.timeRange ? `dated ${result.timeRange.from} to ${result.timeRange.to}` : null,
    manifest.source === "compliance_logs" && manifest.format === "jsonl"
      ? `${result.segments} chain segment(s), ${result.linksChecked.toLocaleString("en-US")} links checked` +
        (result.gaps
          ? `, ${result.gaps} gap(s) accepted because the export is filtered (${manifest.filters.fields.join(", ")})`
          : ", no gap")
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
