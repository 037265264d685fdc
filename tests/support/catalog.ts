import { sql, type Database } from "../../db/client";

/**
 * A comparable picture of what migrations create in `public`: tables, columns, indexes, constraints,
 * triggers, functions, views and extensions, each as sorted text lines (no OIDs, nothing run-specific).
 */
export type CatalogSnapshot = Record<
  "extensions" | "tables" | "columns" | "indexes" | "constraints" | "triggers" | "functions" | "views",
  string[]
>;

async function lines(database: Database, query: ReturnType<typeof sql>): Promise<string[]> {
  const rows = await database.rows<{ line: string }>(query);
  return rows.map((r) => r.line).sort();
}

export async function catalogSnapshot(database: Database): Promise<CatalogSnapshot> {
  return {
    extensions: await lines(database, sql`SELECT extname || ' ' || extversion AS line FROM pg_extension`),
    tables: await lines(
      database,
      sql`SELECT table_name AS line FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    ),
    columns: await lines(
      database,
      sql`SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                 || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                 || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') AS line
          FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
          JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attnum > 0 AND NOT a.attisdropped`,
    ),
    indexes: await lines(database, sql`SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public'`),
    constraints: await lines(
      database,
      sql`SELECT c.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid) AS line
          FROM pg_constraint con
          JOIN pg_class c ON c.oid = con.conrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'`,
    ),
    triggers: await lines(
      database,
      sql`SELECT pg_get_triggerdef(t.oid) AS line
          FROM pg_trigger t
          JOIN pg_class c ON c.oid = t.tgrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
          WHERE NOT t.tgisinternal`,
    ),
    functions: await lines(
      database,
      sql`SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || p.prokind::text || ' '
                 || coalesce(pg_get_function_result(p.oid), '') || ' ' || md5(coalesce(p.prosrc, '')) AS line
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = 'public'`,
    ),
    views: await lines(
      database,
      sql`SELECT viewname || ' ' || md5(definition) AS line FROM pg_views WHERE schemaname = 'public'`,
    ),
  };
}
