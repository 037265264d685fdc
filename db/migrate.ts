import { describeTarget, runCli } from "./cli";
import { migrateToHead, regrantAppRoles } from "./migrator";

// npm run db:migrate — as the owner role (MIGRATION_DATABASE_URL) when least-privilege roles are set
// up (npm run db:roles), else as DATABASE_URL or on the embedded PGlite.
await runCli(async (database) => {
  const applied = await migrateToHead(database);
  console.log(
    applied.length ? `Applied ${applied.join(", ")} to ${describeTarget()}` : `${describeTarget()} is up to date.`,
  );
  const appRoles = await regrantAppRoles(database);
  if (appRoles.length) console.log(`Grants of app role(s) ${appRoles.join(", ")} re-applied.`);
});
