import fs from "node:fs";
import { verifyExport, type ExportManifest } from "../server/audit/verifyExport";

// npm run audit:verify -- <export.jsonl|csv> <manifest.json>
// Offline: no database. Checks the file's SHA-256 and row count against the manifest, and for a
// compliance_logs JSON Lines export that each row hashes to its hash and consecutive rows link.
const [file, manifestFile] = process.argv.slice(2);
if (!file || !manifestFile) {
  console.error("Usage: npm run audit:verify -- <export.jsonl> <manifest.json>");
  process.exit(2);
}
try {
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as ExportManifest;
  const result = await verifyExport(file, manifest);
  const summary = `${result.rows} rows, ${result.linksChecked} links checked, ${result.gaps} gaps (filtered export), sha256 ${result.sha256}`;
  if (result.ok) {
    console.log(`✓ audit:verify OK — ${summary}`);
  } else {
    console.error(`✗ audit:verify FAILED — ${summary}\n- ${result.problems.slice(0, 20).join("\n- ")}`);
    if (result.problems.length > 20) console.error(`… and ${result.problems.length - 20} more`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
