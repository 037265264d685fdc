import crypto from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";
import { migrateToHead } from "../../db/migrator";
import { templateKey } from "./template";
import { adminUrl, databaseUrl, hostTag, quoteIdent } from "./postgresUrls";
import "./provided";

/**
 * Builds (once per migration set) a migrated template database sbtest_template_<key> on the server at
 * TEST_DATABASE_URL; each test file clones it with CREATE DATABASE … TEMPLATE (see database.ts).
 * Per-file databases are named sbtest_run_<host>_<pid>_…: teardown drops this run's leftovers, and setup
 * drops those of runs on this host whose process is gone (a killed run cannot clean up after itself).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = adminUrl();
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const dropAll = async (names: string[]) => {
    for (const name of names) await admin.unsafe(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  };

  let runPrefix: string;
  try {
    const host = hostTag();
    const orphans = await admin<{ datname: string }[]>`
      SELECT datname FROM pg_database WHERE datname ~ ${`^sbtest_(run|build)_${host}_[0-9]+_`}`;
    await dropAll(orphans.map((r) => r.datname).filter((name) => !isAlive(Number(name.split("_")[3]))));

    const key = templateKey();
    const template = `sbtest_template_${key}`;
    const [found] = await admin`SELECT 1 FROM pg_database WHERE datname = ${template}`;
    if (!found) {
      const started = Date.now();
      // Built under a temporary name and renamed when complete: a half-migrated template is never used.
      const building = `sbtest_build_${host}_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
      await admin.unsafe(`CREATE DATABASE ${quoteIdent(building)} TEMPLATE template0`);
      try {
        const database = await openDatabase({ url: databaseUrl(url, building) });
        try {
          await migrateToHead(database);
        } finally {
          await database.close();
        }
        await admin.unsafe(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(template)}`);
        console.log(`[postgres] migrated template database ${template} in ${Date.now() - started} ms`);
      } catch (error) {
        await dropAll([building]);
        // 42P04 duplicate_database: a concurrent run finished the same template first; use theirs.
        if ((error as { code?: string }).code !== "42P04") throw error;
      }
    }

    await markUsed(admin, template);
    await sweepStaleTemplates(admin, template);

    runPrefix = `sbtest_run_${host}_${process.pid}_`;
    project.provide("postgresTemplate", template);
    project.provide("templateKey", key);
    project.provide("postgresRunPrefix", runPrefix);
  } catch (error) {
    await admin.end({ timeout: 5 });
    throw error;
  }

  return async () => {
    try {
      const leftovers = await admin<{ datname: string }[]>`
        SELECT datname FROM pg_database WHERE starts_with(datname, ${runPrefix})`;
      await dropAll(leftovers.map((r) => r.datname));
    } finally {
      await admin.end({ timeout: 5 });
    }
  };
}

/** Templates of other keys unused this long are dropped; a recent one may serve a concurrent run. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;
const usedNote = /^sbtest template, last used (\d+)$/;

async function markUsed(admin: postgres.Sql, template: string): Promise<void> {
  await admin.unsafe(`COMMENT ON DATABASE ${quoteIdent(template)} IS 'sbtest template, last used ${Date.now()}'`);
}

async function sweepStaleTemplates(admin: postgres.Sql, current: string): Promise<void> {
  const templates = await admin<{ datname: string; note: string | null }[]>`
    SELECT datname, shobj_description(oid, 'pg_database') AS note FROM pg_database
    WHERE datname ~ '^sbtest_template_' AND datname <> ${current}`;
  for (const { datname, note } of templates) {
    const lastUsed = Number(usedNote.exec(note ?? "")?.[1] ?? 0);
    if (Date.now() - lastUsed < STALE_AFTER_MS) continue;
    // No FORCE: a template somebody is connected to or cloning is left for a later sweep.
    await admin.unsafe(`DROP DATABASE IF EXISTS ${quoteIdent(datname)}`).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
