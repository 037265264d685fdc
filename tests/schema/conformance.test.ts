import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { useFreshDatabase } from "../support/database";
import {
  enumChecks,
  foreignKeys,
  namedChecks,
  specIndexes,
  specTableNames,
  specTables,
  type DeleteRule,
  type TypeFamily,
} from "./spec";

/** The live catalog of a freshly migrated database against the schema document (spec.ts). */
const database = useFreshDatabase();

type ColumnRow = {
  table: string;
  column: string;
  data_type: string;
  udt_name: string;
  nullable: boolean;
  default: string | null;
};

function familyOf(row: ColumnRow): TypeFamily | string {
  switch (row.data_type) {
    case "uuid":
    case "text":
    case "boolean":
    case "integer":
    case "numeric":
    case "jsonb":
      return row.data_type;
    case "character varying":
      return "varchar";
    case "double precision":
    case "real":
      return "float";
    case "timestamp with time zone":
    case "timestamp without time zone":
      return "timestamp";
    case "USER-DEFINED":
      return row.udt_name; // geography
    default:
      return `${row.data_type} (${row.udt_name})`;
  }
}

const splitList = (list: string | null) => (list ? list.split(",") : []);

describe("tables and columns", () => {
  let columns: ColumnRow[];
  beforeAll(async () => {
    columns = await database().rows<ColumnRow>(sql`
      SELECT table_name AS "table", column_name AS "column", data_type, udt_name,
             is_nullable = 'YES' AS nullable, column_default AS "default"
      FROM information_schema.columns WHERE table_schema = 'public'`);
  });

  it("has all twelve tables of the document as base tables", async () => {
    const tables = await database().rows<{ table_name: string }>(sql`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    expect(specTableNames).toHaveLength(12);
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(specTableNames));
  });

  it.each(specTableNames)("%s: every column of the document, with its type family and nullability", (table) => {
    const actual = specTables[table].columns.map(({ name }) => {
      const row = columns.find((c) => c.table === table && c.column === name);
      return row ? { name, type: familyOf(row), nullable: row.nullable } : { name, type: "(missing)", nullable: null };
    });
    expect(actual).toEqual(specTables[table].columns);
  });

  it.each(specTableNames)("%s: primary key as documented", async (table) => {
    const [row] = await database().rows<{ columns: string }>(sql`
      SELECT string_agg(a.attname, ',' ORDER BY k.ord) AS columns
      FROM pg_constraint con
      CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
      WHERE con.contype = 'p' AND con.conrelid = ${`public.${table}`}::regclass`);
    expect(splitList(row?.columns ?? null)).toEqual(specTables[table].primaryKey);
  });

  it("generates UUID primary keys with gen_random_uuid()", () => {
    const idColumns = specTableNames.filter((t) => specTables[t].primaryKey.join() === "id");
    const defaults = idColumns.map((table) => columns.find((c) => c.table === table && c.column === "id")?.default);
    expect(defaults).toEqual(idColumns.map(() => "gen_random_uuid()"));
  });

  it("stores profiles.location as geography(Point,4326)", async () => {
    const [column] = await database().rows<{ type: string }>(sql`
      SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = 'public.profiles'::regclass AND attname = 'location'`);
    expect(column?.type).toBe("geography(Point,4326)");
    const registered = await database().rows<{ type: string; srid: number }>(sql`
      SELECT type, srid FROM geography_columns
      WHERE f_table_schema = 'public' AND f_table_name = 'profiles' AND f_geography_column = 'location'`);
    expect(registered).toEqual([{ type: "Point", srid: 4326 }]);
  });
});

describe("extensions", () => {
  it("has postgis and pgcrypto installed", async () => {
    const extensions = await database().rows<{ extname: string }>(sql`SELECT extname FROM pg_extension`);
    expect(extensions.map((e) => e.extname)).toEqual(expect.arrayContaining(["postgis", "pgcrypto"]));
  });
});

describe("indexes", () => {
  type IndexRow = {
    name: string;
    table: string;
    columns: string | null;
    unique: boolean;
    method: string;
    partial: boolean;
    valid: boolean;
  };
  let indexes: IndexRow[];
  beforeAll(async () => {
    indexes = await database().rows<IndexRow>(sql`
      SELECT i.relname AS name, t.relname AS "table", ix.indisunique AS "unique", am.amname AS method,
             ix.indpred IS NOT NULL AS partial, ix.indisvalid AS valid,
             (SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns
      FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = 'public'`);
  });

  it.each(specIndexes.map((spec) => [spec.name, spec] as const))("%s", (name, spec) => {
    const found = indexes.find((i) => i.name === name);
    expect(found, `index ${name} is missing`).toBeDefined();
    expect({
      table: found?.table,
      columns: splitList(found?.columns ?? null),
      unique: found?.unique,
      method: found?.method,
      partial: found?.partial,
      valid: found?.valid,
    }).toEqual({
      table: spec.table,
      columns: spec.columns,
      unique: spec.unique,
      method: spec.method,
      partial: false,
      valid: true,
    });
  });
});

describe("check constraints", () => {
  type CheckRow = {
    name: string;
    table: string;
    columns: string | null;
    definition: string;
    validated: boolean;
  };
  let checks: CheckRow[];
  beforeAll(async () => {
    checks = await database().rows<CheckRow>(sql`
      SELECT con.conname AS name, cl.relname AS "table", pg_get_constraintdef(con.oid) AS definition,
             con.convalidated AS validated,
             (SELECT string_agg(a.attname, ',' ORDER BY a.attname)
                FROM unnest(con.conkey) AS k(attnum)
                JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns
      FROM pg_constraint con
      JOIN pg_class cl ON cl.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE con.contype = 'c' AND n.nspname = 'public'`);
  });

  it.each(namedChecks.map((spec) => [spec.name, spec] as const))(
    "%s exists, validated, on its columns",
    (name, spec) => {
      const found = checks.filter((c) => c.name === name);
      expect(found.map((c) => ({ table: c.table, columns: splitList(c.columns), validated: c.validated }))).toEqual([
        { table: spec.table, columns: [...spec.columns].sort(), validated: true },
      ]);
    },
  );

  it.each(enumChecks.map((spec) => [`${spec.table}.${spec.column}`, spec] as const))(
    "%s is limited to the document's values",
    (_label, spec) => {
      const onColumn = checks.filter(
        (c) => c.table === spec.table && c.columns === spec.column && /'/.test(c.definition),
      );
      expect(onColumn, `no value-list check on ${spec.table}.${spec.column}`).toHaveLength(1);
      const values = [...onColumn[0].definition.matchAll(/'([^']*)'/g)].map((m) => m[1]);
      expect(values.sort()).toEqual([...spec.values].sort());
    },
  );
});

describe("foreign keys", () => {
  const rules: Record<string, DeleteRule | string> = {
    c: "CASCADE",
    r: "RESTRICT",
    n: "SET NULL",
    a: "NO ACTION",
    d: "SET DEFAULT",
  };

  it("reference exactly the documented tables, with the documented ON DELETE rule", async () => {
    const rows = await database().rows<{ table: string; column: string; references: string; rule: string }>(sql`
      SELECT cl.relname AS "table", a.attname AS "column", ref.relname AS "references", con.confdeltype::text AS rule
      FROM pg_constraint con
      JOIN pg_class cl ON cl.oid = con.conrelid
      JOIN pg_class ref ON ref.oid = con.confrelid
      JOIN pg_namespace n ON n.oid = cl.relnamespace
      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
      WHERE con.contype = 'f' AND n.nspname = 'public' AND cardinality(con.conkey) = 1`);
    const between = rows
      .filter((r) => specTableNames.includes(r.table) && specTableNames.includes(r.references))
      .map((r) => ({ table: r.table, column: r.column, references: r.references, onDelete: rules[r.rule] ?? r.rule }));
    const order = (a: { table: string; column: string }, b: { table: string; column: string }) =>
      `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`);
    expect(between.sort(order)).toEqual([...foreignKeys].sort(order));
  });
});
