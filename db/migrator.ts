import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Database } from "./client";
import { connectionRole, grantAppRole, type ConnectionRole } from "./roles";

/**
 * Applies drizzle-kit's migrations (drizzle/) and their hand-written down migrations
 * (drizzle/down/). Bookkeeping uses drizzle's own table, so drizzle-kit sees the same history.
 */
// turbopackIgnore: read from the checkout at runtime; without it Next traces the whole project.
const migrationsDir = path.resolve(/*turbopackIgnore: true*/ process.env.MIGRATIONS_DIR || "./drizzle");

export interface Migration {
  tag: string;
  when: number;
  up: string;
  down: string;
  hash: string;
}

export function loadMigrations(dir = migrationsDir): Migration[] {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string; when: number }[];
  };
  return journal.entries.map(({ tag, when }) => {
    const up = fs.readFileSync(path.join(dir, `${tag}.sql`), "utf8");
    const downPath = path.join(dir, "down", `${tag}.sql`);
    if (!fs.existsSync(downPath)) throw new Error(`Migration ${tag} has no down migration at ${downPath}`);
    return {
      tag,
      when,
      up,
      down: fs.readFileSync(downPath, "utf8"),
      hash: crypto.createHash("sha256").update(up).digest("hex"),
    };
  });
}

const toScript = (text: string) => text.split("--> statement-breakpoint").join("\n");

async function ensureBookkeeping(database: Database) {
  // A lookup, not DDL, on every start: CREATE … IF NOT EXISTS takes locks even when all exists.
  const [table] = await database.rows<{ present: boolean }>(
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (table?.present) return;
  await database.exec(`CREATE SCHEMA IF NOT EXISTS drizzle;
    CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);`);
}

/** Applied migrations, oldest first; none when the bookkeeping table does not exist yet (read-only). */
export async function appliedMigrations(database: Database, all = loadMigrations()): Promise<Migration[]> {
  const [table] = await database.rows<{ present: boolean }>(
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!table?.present) return [];
  const rows = await database.rows<{ created_at: string | number; hash: string }>(
    sql`SELECT created_at, hash FROM drizzle.__drizzle_migrations ORDER BY created_at`,
  );
  return rows.map((row) => {
    const found = all.find((m) => m.when === Number(row.created_at));
    if (!found) throw new Error(`The database has migration ${row.created_at}, unknown to drizzle/ (newer code?)`);
    // Migrations are never edited after they land: an edited one would silently not apply.
    if (found.hash !== row.hash) {
      throw new Error(
        `Migration ${found.tag} was edited after it was applied (its hash differs): add a new migration instead`,
      );
    }
    return found;
  });
}

/** Applies every pending migration, each in its own transaction. Returns the tags applied. */
export async function migrateToHead(database: Database): Promise<string[]> {
  const all = loadMigrations();
  await ensureBookkeeping(database);
  const applied = new Set((await appliedMigrations(database, all)).map((m) => m.tag));
  const done: string[] = [];
  for (const migration of all) {
    if (applied.has(migration.tag)) continue;
    await database.execInTransaction(`${toScript(migration.up)};
INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('${migration.hash}', ${migration.when});`);
    done.push(migration.tag);
  }
  return done;
}

/** Migrations in drizzle/ not yet applied to the database (read-only: the app role may run it). */
export async function pendingMigrations(database: Database): Promise<Migration[]> {
  const all = loadMigrations();
  const applied = new Set((await appliedMigrations(database, all)).map((m) => m.tag));
  return all.filter((m) => !applied.has(m.tag));
}

/** The schema is behind and the connected role may not migrate it (the app role). */
export class SchemaBehindError extends Error {
  constructor(role: string, pending: Migration[]) {
    super(
      `The database schema is behind: ${pending.length} migration(s) pending (${pending.map((m) => m.tag).join(", ")}). ` +
        `The app connects as "${role}", which does not own the schema and does not migrate it. ` +
        `Run the migrations as the owner role first: MIGRATION_DATABASE_URL=postgres://<owner>:<password>@<host>/<database> npm run db:migrate`,
    );
    this.name = "SchemaBehindError";
  }
}

/**
 * At server start: a role that may migrate (superuser, owner, the embedded engine) brings the
 * schema to head; the app role never does, and refuses to start while migrations are pending.
 */
export async function readySchema(database: Database): Promise<{ applied: string[]; role: ConnectionRole }> {
  const role = await connectionRole(database);
  if (role.canMigrate) return { applied: await migrateToHead(database), role };
  const pending = await pendingMigrations(database);
  if (pending.length) throw new SchemaBehindError(role.name, pending);
  return { applied: [], role };
}

/**
 * After migrating as the owner: re-applies the app roles' grants (db/roles.ts) so a table a
 * migration added gets the app's policy (evidence tables: SELECT and INSERT only) at once. The app
 * roles are those npm run db:roles gave default privileges to. Returns their names.
 */
export async function regrantAppRoles(database: Database): Promise<string[]> {
  if (database.engine !== "postgres") return [];
  const grantees = await database.rows<{ grantee: string }>(sql`
    SELECT DISTINCT acl.grantee::regrole::text AS grantee
    FROM pg_default_acl d, aclexplode(d.defaclacl) AS acl
    WHERE d.defaclrole = current_user::regrole AND d.defaclnamespace = 'public'::regnamespace AND acl.grantee <> 0`);
  for (const { grantee } of grantees)
    await grantAppRole(database, grantee.replace(/^"(.*)"$/, "$1").replaceAll('""', '"'));
  return grantees.map((g) => g.grantee);
}

export type RollbackTarget = { kind: "last" } | { kind: "to"; tag: string } | { kind: "all" };

/** Undoes migrations newest first: the last one, down to (keeping) `tag`, or all. Returns tags undone. */
export async function rollback(database: Database, target: RollbackTarget): Promise<string[]> {
  const applied = await appliedMigrations(database);
  let undo: Migration[];
  if (target.kind === "last") undo = applied.slice(-1);
  else if (target.kind === "all") undo = applied.slice().reverse();
  else {
    const index = applied.findIndex((m) => m.tag === target.tag);
    if (index < 0)
      throw new Error(
        `Migration ${target.tag} is not applied; applied: ${applied.map((m) => m.tag).join(", ") || "none"}`,
      );
    undo = applied.slice(index + 1).reverse();
  }
  for (const migration of undo) {
    await database.execInTransaction(`${toScript(migration.down)};
DELETE FROM drizzle.__drizzle_migrations WHERE created_at = ${migration.when};`);
  }
  return undo.map((m) => m.tag);
}
