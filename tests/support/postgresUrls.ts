import crypto from "node:crypto";
import os from "node:os";

/** The server the postgres project runs against (any database on it; we only create and drop sbtest_*). */
export function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set: the postgres test project needs a PostgreSQL server");
  return url;
}

/** The same server and credentials, another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Per-file databases are named sbtest_run_<host>_<pid>_<random>: the host tag lets a run reap the
 * databases of dead runs from this machine only, never those of a run elsewhere on a shared server.
 */
export function hostTag(): string {
  return crypto.createHash("sha256").update(os.hostname()).digest("hex").slice(0, 6);
}
