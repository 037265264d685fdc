import { sql } from "drizzle-orm";
import type { Database } from "./client";

/**
 * Least-privilege PostgreSQL roles (docs/security-database.md): an owner that runs migrations and
 * owns every object, and an app role that may only do what the product does. `npm run db:roles`
 * creates both (as a superuser); `npm run db:migrate` re-applies the app role's grants after
 * migrating, so a table a migration adds gets the right ones at once.
 */

/** Evidence: the app may read and append, never change or remove. */
export const evidenceTables = [
  "compliance_logs",
  "consent_logs",
  "moderation_actions",
  "statements_of_reasons",
] as const;
/** Bookkeeping written only by the owner's SECURITY DEFINER functions (migration 0006). */
export const ownerWrittenTables = ["compliance_chain_head", "map_cells_state", "moderation_queue_subjects"] as const;
/** Extensions the migrations create; postgis is not trusted, so only a superuser can create it. */
const extensions = ["postgis", "pgcrypto", "pg_trgm"] as const;

export interface RoleLogin {
  name: string;
  password: string | null;
}

/** The role name and password in a postgres:// URL. */
export function loginOf(url: string): RoleLogin {
  const parsed = new URL(url);
  if (!parsed.username) throw new Error(`${redactUrl(url)} names no user`);
  return {
    name: decodeURIComponent(parsed.username),
    password: parsed.password ? decodeURIComponent(parsed.password) : null,
  };
}

export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!name) throw new Error(`${redactUrl(url)} names no database`);
  return name;
}

export const redactUrl = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
// standard_conforming_strings is on (the default since PostgreSQL 9.1): only quotes need doubling.
const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Creates (or corrects) the owner and app roles on the database `admin` is connected to, as a
 * superuser. Idempotent: re-running resets passwords, attributes, ownership and grants to the
 * intended state. Objects made earlier by another role (a database first migrated as superuser)
 * are handed to the owner.
 */
export async function setUpRoles(admin: Database, owner: RoleLogin, app: RoleLogin): Promise<void> {
  if (owner.name === app.name) throw new Error(`the owner and app roles must differ (both are "${owner.name}")`);
  const [me] = await admin.rows<{ name: string; superuser: boolean; database: string }>(
    sql`SELECT current_user AS name, rolsuper AS superuser, current_database() AS database FROM pg_roles WHERE rolname = current_user`,
  );
  if (!me?.superuser) throw new Error(`db:roles must connect as a superuser; ${me?.name ?? "this user"} is not one`);
  for (const role of [owner, app]) {
    if (role.name === me.name)
      throw new Error(`"${role.name}" is the superuser db:roles connects as: name another role`);
  }
  const database = quoteIdent(me.database);
  const o = quoteIdent(owner.name);
  const a = quoteIdent(app.name);
  for (const role of [owner, app]) {
    const [exists] = await admin.rows(sql`SELECT 1 FROM pg_roles WHERE rolname = ${role.name}`);
    const password = role.password === null ? "PASSWORD NULL" : `PASSWORD ${quoteLiteral(role.password)}`;
    // No superuser, no role or database creation, no RLS bypass, no replication: on re-runs too.
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS ${password}`;
    await admin.exec(`${exists ? "ALTER" : "CREATE"} ROLE ${quoteIdent(role.name)} ${attributes}`);
  }
  // The app must not inherit the owner's rights through membership.
  const [member] = await admin.rows(sql`SELECT 1 WHERE pg_has_role(${app.name}, ${owner.name}, 'MEMBER')`);
  if (member) await admin.exec(`REVOKE ${o} FROM ${a}`);

  await admin.exec(`
    ${extensions.map((name) => `CREATE EXTENSION IF NOT EXISTS ${name};`).join("\n")}
    GRANT CONNECT, CREATE, TEMPORARY ON DATABASE ${database} TO ${o};
    GRANT CONNECT ON DATABASE ${database} TO ${a};
    -- Temporary tables shadow ours in an unqualified lookup: the app has no use for them.
    REVOKE TEMPORARY ON DATABASE ${database} FROM PUBLIC;
    REVOKE TEMPORARY ON DATABASE ${database} FROM ${a};
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    GRANT USAGE, CREATE ON SCHEMA public TO ${o};
    CREATE SCHEMA IF NOT EXISTS drizzle AUTHORIZATION ${o};
    ALTER SCHEMA drizzle OWNER TO ${o};`);
  await handOwnership(admin, owner.name);
  await admin.exec(`
    ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${a};
    ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${a};
    ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA drizzle GRANT SELECT ON TABLES TO ${a};`);
  await grantAppRole(admin, app.name);
}

/** Gives the owner every object of ours in public and drizzle (not those of extensions, e.g. spatial_ref_sys). */
async function handOwnership(admin: Database, owner: string): Promise<void> {
  const objects = await admin.rows<{ kind: string; name: string }>(sql`
    SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind,
      format('%I.%I', n.nspname, c.relname) AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('public', 'drizzle') AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = ${owner})
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
    UNION ALL
    SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
      format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname IN ('public', 'drizzle') AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = ${owner})
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`);
  for (const object of objects) await admin.exec(`ALTER ${object.kind} ${object.name} OWNER TO ${quoteIdent(owner)}`);
}

/**
 * The app role's rights on every object that exists now, reset to the policy: evidence tables
 * SELECT and INSERT; owner-written bookkeeping and views SELECT; other tables SELECT, INSERT,
 * UPDATE, DELETE; never TRUNCATE, REFERENCES, TRIGGER or DDL (the app owns nothing). Runs as the
 * owner (after migrating) or a superuser.
 */
export async function grantAppRole(database: Database, app: string): Promise<void> {
  const a = quoteIdent(app);
  const relations = await database.rows<{ schema: string; name: string; kind: string }>(sql`
    SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('public', 'drizzle') AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND pg_has_role(current_user, c.relowner, 'USAGE')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY 1, 2`);
  const statements = [`GRANT USAGE ON SCHEMA public, drizzle TO ${a};`];
  for (const { schema, name, kind } of relations) {
    const target = `${quoteIdent(schema)}.${quoteIdent(name)}`;
    const rights =
      kind === "S"
        ? "USAGE, SELECT"
        : schema === "drizzle" || kind === "v" || kind === "m" || isOneOf(name, ownerWrittenTables)
          ? "SELECT"
          : isOneOf(name, evidenceTables)
            ? "SELECT, INSERT"
            : "SELECT, INSERT, UPDATE, DELETE";
    const noun = kind === "S" ? "SEQUENCE" : "TABLE";
    statements.push(`REVOKE ALL ON ${noun} ${target} FROM ${a};`, `GRANT ${rights} ON ${noun} ${target} TO ${a};`);
  }
  await database.execInTransaction(statements.join("\n"));
}

const isOneOf = (name: string, list: readonly string[]) => list.includes(name);

/** Who the app is connected as, and what that means for migrating and for the evidence. */
export interface ConnectionRole {
  name: string;
  superuser: boolean;
  /** Owns the app's tables (or is a member of their owner): can alter or drop them, disable triggers. */
  ownsTables: boolean;
  /** May run migrations: a superuser, the tables' owner, or (before the first migration) a role that may create in public. */
  canMigrate: boolean;
}

export async function connectionRole(database: Database): Promise<ConnectionRole> {
  const [row] = await database.rows<{
    name: string;
    superuser: boolean;
    owns_tables: boolean | null;
    can_create: boolean;
  }>(sql`
    SELECT current_user AS name, r.rolsuper AS superuser,
      (SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c WHERE c.oid = to_regclass('public.compliance_logs')) AS owns_tables,
      has_schema_privilege(current_user, 'public', 'CREATE') AS can_create
    FROM pg_roles r WHERE r.rolname = current_user`);
  const ownsTables = row.owns_tables === true;
  return {
    name: row.name,
    superuser: row.superuser,
    ownsTables,
    canMigrate: row.superuser || ownsTables || (row.owns_tables === null && row.can_create),
  };
}
