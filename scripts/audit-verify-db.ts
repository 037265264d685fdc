import { openDatabase, type Database } from "../db/client";
import { describeProblem, verifyChain } from "../server/audit/chain";
import { checkpointSettings } from "../server/audit/checkpointConfig";
import { writeDueCheckpoints } from "../server/audit/checkpointer";
import { rawPublicKey } from "../server/audit/signingKey";
import { describeDivergence, verifyCheckpoints } from "../server/audit/verifyCheckpoints";

// npm run audit:verify-db — recomputes the compliance_logs hash chain in the configured database
// (DATABASE_URL, else the PGlite data dir), then checks the database's history still contains every
// signed checkpoint in AUDIT_CHECKPOINT_FILE (a superuser can re-hash the chain so it looks intact
// inside the database; not the signed checkpoints outside it). Exit 1 when either fails, naming the seq.
//   --public-key   prints the signing key's public key (base64, for AUDIT_VERIFY_KEY elsewhere) and exits
//   --checkpoint   after verifying, signs the current head too (e.g. a cron job on a host other than the app's)
if (process.argv.includes("--public-key")) {
  const { signingKey } = checkpointSettings();
  if (!signingKey) {
    console.error("✗ no signing key configured (AUDIT_SIGNING_KEY, AUDIT_SIGNING_KEY_FILE, or the embedded default)");
    process.exit(2);
  }
  console.log(rawPublicKey(signingKey.publicKey).toString("base64"));
  process.exit(0);
}

let database: Database | undefined;
try {
  const settings = checkpointSettings();
  database = await openDatabase();
  const result = await verifyChain(database);
  const rate = result.seconds > 0 ? Math.round(result.rows / result.seconds) : result.rows;
  if (result.ok) {
    console.log(
      `✓ audit chain OK in the database: ${result.rows} rows verified in ${result.seconds.toFixed(2)} s (${rate} rows/s)` +
        (result.unsequenced
          ? `; ${result.unsequenced} rows committed meanwhile are not sequenced yet (not checked)`
          : ""),
    );
  } else {
    console.error(`✗ audit chain BROKEN at seq ${result.firstBrokenSeq}: ${describeProblem[result.problem!]}`);
    process.exitCode = 1;
  }

  if (settings.trustedKeys.length === 0) {
    console.error("✗ no key to verify checkpoints with: set AUDIT_VERIFY_KEY (or AUDIT_SIGNING_KEY)");
    process.exitCode = 1;
  } else {
    const checked = await verifyCheckpoints(database, settings.file, settings.trustedKeys);
    for (const { line, reason } of checked.refused) {
      console.error(`✗ checkpoint refused: ${settings.file} line ${line}: ${reason}`);
    }
    if (checked.divergence) console.error(`✗ ${describeDivergence(checked.divergence)}`);
    if (checked.checkpoints === 0) {
      console.warn(`⚠ no signed checkpoints in ${settings.file}: only the in-database chain was checked`);
    } else if (checked.ok) {
      const uncovered = result.lastSeq - checked.latest!.seq;
      console.log(
        `✓ ${checked.checkpoints} signed checkpoints match, the latest at seq ${checked.latest!.seq} (${checked.latest!.at})` +
          (uncovered > 0 ? `; ${uncovered} later rows are not checkpointed yet` : ""),
      );
    }
    if (!checked.ok) process.exitCode = 1;
  }
  // Only over a history that verified: never sign a chain already known to be broken.
  if (process.argv.includes("--checkpoint") && !process.exitCode) {
    const run = await writeDueCheckpoints(database, settings, { last: null }, { headNow: true });
    console.log(`✓ ${run.written.length} checkpoint(s) written to ${settings.file}`);
  }
} catch (error) {
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
} finally {
  await database?.close();
}
