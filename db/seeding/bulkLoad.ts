import { sql } from "drizzle-orm";
import type { Database } from "../client";
import type { SeedTask } from "./scheduler";

/**
 * For large seeds: every index, key and foreign key of the seeded tables is dropped before
 * loading and rebuilt after, and autovacuum leaves those tables alone meanwhile. Maintaining a
 * b-tree on random uuids row by row costs several times the insert itself; building it once is
 * one sort. Rebuilding recreates exactly what the migrations made, and checks it: a unique index
 * fails on a duplicate, a foreign key is validated.
 *
 * The rebuild is a set of tasks for the scheduler, per table T, after the seed's own `load:T`
 * and `analyze:T`:
 *   index:T (each index, unique ones included, in parallel) → constrain:T (primary keys and unique
 *   constraints take over their indexes) → keys:T (foreign keys from T, validated one at a time
 *   per table: two validations of one table would only queue on its lock).
 * A foreign key also waits for `constrain:R` of the table it references. Taking over an index
 * locks the table exclusively, so `constrain:T` also waits for the groups named as T's readers.
 */
export interface BulkLoadPlan {
  /** Drops everything the rebuild tasks recreate, and pauses autovacuum on the seeded tables. */
  drop(): Promise<void>;
  /** Tasks that rebuild table T once `load:T` and `analyze:T` are done. */
  rebuild: SeedTask[];
  /** Lets autovacuum back onto the seeded tables. */
  resumeAutovacuum(): Promise<void>;
}

type Constraint = {
  tbl: string;
  name: string;
  def: string;
  type: "p" | "u" | "f";
  ref: string | null;
  /** For primary keys and unique constraints: the definition of the index behind them. */
  index_def: string | null;
};
type Index = {
  tbl: string;
  name: string;
  def: string;
};

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Build order: GIN and GiST builds take longest, so they start first and do not trail at the end;
 * then the users' indexes, since every foreign key waits for the users' primary key.
 */
const buildOrder = (b: { tbl: string; def: string }) =>
  / USING (gin|gist) /i.test(b.def) ? 0 : b.tbl === "users" ? 1 : 2;

export async function planBulkLoad(
  database: Database,
  tables: readonly string[],
  readers: Record<string, readonly string[]> = {},
): Promise<BulkLoadPlan> {
  const list = sql.raw(tables.map((t) => `'${t}'`).join(","));
  const constraints = await database.rows<Constraint>(sql`
    SELECT c.conrelid::regclass::text AS tbl, c.conname AS name, pg_get_constraintdef(c.oid) AS def,
      c.contype::text AS type, CASE WHEN c.contype = 'f' THEN c.confrelid::regclass::text END AS ref,
      CASE WHEN c.contype IN ('p', 'u') THEN pg_get_indexdef(c.conindid) END AS index_def
    FROM pg_constraint c
    WHERE c.connamespace = 'public'::regnamespace AND c.contype IN ('p', 'u', 'f')
      AND (c.conrelid::regclass::text IN (${list}) AND c.contype IN ('p', 'u')
        OR c.contype = 'f' AND (c.conrelid::regclass::text IN (${list}) OR c.confrelid::regclass::text IN (${list})))
    ORDER BY c.conrelid::regclass::text, c.conname`);
  const indexes = await database.rows<Index>(sql`
    SELECT t.relname AS tbl, i.relname AS name, pg_get_indexdef(i.oid) AS def
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relnamespace = 'public'::regnamespace AND t.relname IN (${list})
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u', 'x'))
    ORDER BY t.relname, i.relname`);
  const foreignKeys = constraints.filter((c) => c.type === "f");
  const keys = constraints.filter((c) => c.type !== "f");

  const builds = [
    ...keys.map((k) => ({ tbl: k.tbl, def: k.index_def! })),
    ...indexes.map((i) => ({ tbl: i.tbl, def: i.def })),
  ].sort((a, b) => buildOrder(a) - buildOrder(b));

  const rebuild: SeedTask[] = [
    // One sort per index, in memory where it fits; our own workers are the parallelism.
    ...builds.map((b) => ({
      groups: [`index:${b.tbl}`],
      label: b.def.slice(0, 90),
      after: [`load:${b.tbl}`, `analyze:${b.tbl}`],
      run: () =>
        database.execInTransaction(
          `SET LOCAL maintenance_work_mem = '256MB'; SET LOCAL max_parallel_maintenance_workers = 0; ${b.def}`,
        ),
    })),
    ...keys.map((k) => ({
      groups: [`constrain:${k.tbl}`],
      after: [`index:${k.tbl}`, ...(readers[k.tbl] ?? [])],
      run: () =>
        database.exec(
          `ALTER TABLE ${quote(k.tbl)} ADD CONSTRAINT ${quote(k.name)} ${k.type === "p" ? "PRIMARY KEY" : "UNIQUE"} USING INDEX ${quote(k.name)}`,
        ),
    })),
    ...foreignKeys.map((fk) => ({
      groups: [`keys:${fk.tbl}`],
      label: fk.name,
      after: [`load:${fk.tbl}`, `constrain:${fk.tbl}`, `analyze:${fk.ref}`, `constrain:${fk.ref}`],
      serial: `keys:${fk.tbl}`,
      run: async () => {
        await database.exec(`ALTER TABLE ${quote(fk.tbl)} ADD CONSTRAINT ${quote(fk.name)} ${fk.def} NOT VALID`);
        // One hash of the referenced keys in memory instead of a join spilled to disk in batches.
        await database.execInTransaction(
          `SET LOCAL work_mem = '256MB'; ALTER TABLE ${quote(fk.tbl)} VALIDATE CONSTRAINT ${quote(fk.name)}`,
        );
      },
    })),
  ];

  return {
    async drop() {
      for (const fk of foreignKeys)
        await database.exec(`ALTER TABLE ${quote(fk.tbl)} DROP CONSTRAINT ${quote(fk.name)}`);
      for (const k of keys) await database.exec(`ALTER TABLE ${quote(k.tbl)} DROP CONSTRAINT ${quote(k.name)}`);
      for (const i of indexes) await database.exec(`DROP INDEX ${quote(i.name)}`);
      // A vacuum of a table just loaded competes for the cores, and its lock delays index builds.
      for (const t of tables) await database.exec(`ALTER TABLE ${quote(t)} SET (autovacuum_enabled = false)`);
    },
    async resumeAutovacuum() {
      for (const t of tables) await database.exec(`ALTER TABLE ${quote(t)} RESET (autovacuum_enabled)`);
    },
    rebuild,
  };
}
