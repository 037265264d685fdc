import { openDatabase, type Database } from "../db/client";
import { databaseNameOf, loginOf, redactUrl, setUpRoles } from "../db/roles";

// npm run db:roles — creates (or corrects) the two least-privilege PostgreSQL roles; idempotent.
//   DATABASE_ADMIN_URL       a superuser connection to the target database (used only here)
//   MIGRATION_DATABASE_URL   the owner role: runs migrations, owns every table (its user and password are created)
//   DATABASE_URL             the app role: what the server connects as (its user and password are created)
// Then: MIGRATION_DATABASE_URL=… npm run db:migrate, and start the app with DATABASE_URL. See docs/security-database.md.
const adminUrl = process.env.DATABASE_ADMIN_URL;
const ownerUrl = process.env.MIGRATION_DATABASE_URL;
const appUrl = process.env.DATABASE_URL;
const missing = Object.entries({ DATABASE_ADMIN_URL: adminUrl, MIGRATION_DATABASE_URL: ownerUrl, DATABASE_URL: appUrl })
  .filter(([, value]) => !value)
  .map(([name]) => name);
if (missing.length) {
  console.error(
    `✗ db:roles needs ${missing.join(", ")} (see the top of scripts/db-roles.ts or docs/security-database.md)`,
  );
  process.exit(2);
}

let admin: Database | undefined;
try {
  const target = databaseNameOf(adminUrl!);
  for (const [name, url] of [
    ["MIGRATION_DATABASE_URL", ownerUrl!],
    ["DATABASE_URL", appUrl!],
  ] as const) {
    if (databaseNameOf(url) !== target)
      throw new Error(`${name} (${redactUrl(url)}) names another database than DATABASE_ADMIN_URL (${target})`);
  }
  const owner = loginOf(ownerUrl!);
  const app = loginOf(appUrl!);
  admin = await openDatabase({ url: adminUrl });
  await setUpRoles(admin, owner, app);
  console.log(`✓ db:roles: owner "${owner.name}" and app "${app.name}" are set up on database ${target}.`);
  console.log(`  Next: MIGRATION_DATABASE_URL=${redactUrl(ownerUrl!)} npm run db:migrate`);
} catch (error) {
  console.error(`✗ db:roles: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await admin?.close();
}
