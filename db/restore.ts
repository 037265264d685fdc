import { describeTarget } from "./cli";
import { restoreDatabase } from "./backups";

// npm run db:restore -- backups/saltbitter-….dump
const file = process.argv[2];
try {
  if (!file) throw new Error("Usage: npm run db:restore -- <backup file>");
  await restoreDatabase(file);
  console.log(`Restored ${describeTarget()} from ${file}`);
} catch (error) {
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
