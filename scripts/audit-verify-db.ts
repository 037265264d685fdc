import { openDatabase } from "../db/client";
import { describeProblem, verifyChain } from "../server/audit/chain";

// npm run audit:verify-db — recomputes the compliance_logs hash chain in the configured database
// (DATABASE_URL, else the PGlite data dir) and prints OK with the head to keep, or the first broken seq.
const database = await openDatabase();
try {
  const result = await verifyChain(database);
  const rate = result.seconds > 0 ? Math.round(result.rows / result.seconds) : result.rows;
  if (result.ok) {
    console.log(`✓ audit chain OK: ${result.rows} rows verified in ${result.seconds.toFixed(2)} s (${rate} rows/s)`);
    console.log(`  head seq ${result.head.seq} hash ${result.head.hash}  ← keep a copy outside the database`);
  } else {
    console.error(`✗ audit chain BROKEN at seq ${result.firstBrokenSeq}: ${describeProblem[result.problem!]}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
} finally {
  await database.close();
}
