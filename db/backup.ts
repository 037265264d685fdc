import { argValue, describeTarget } from "./cli";
import { backupDatabase, defaultBackupPath } from "./backups";

// npm run db:backup [-- --out backups/mine.dump]
try {
  const file = await backupDatabase(argValue("out") ?? defaultBackupPath());
  console.log(`Backed up ${describeTarget()} to ${file}`);
} catch (error) {
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
