import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, sql, type Database } from "@/db/client";
import { freshDatabase, type TestDatabase } from "../support/database";
import { currentEngine, VIA_ENV } from "../support/engine";
import { adminUrl, databaseUrl } from "../support/postgresUrls";

/**
 * Issue #11 §1: the app's queries are named prepared statements (one round trip a run instead of
 * two, db/preparedStatements.ts), and a list's count with a filter once took a sequential scan when
 * PostgreSQL switched such a statement to a generic plan (after five runs, planned without the
 * parameter values). Every execution must be planned for its own values: pg_prepared_statements
 * counts the generic and custom plans each statement of this connection was run with.
 */
const runs = currentEngine() === "postgres" && process.env[VIA_ENV] !== "pgbouncer";

describe.skipIf(!runs)("prepared statements on PostgreSQL", () => {
  let test: TestDatabase;
  let single: Database;
  beforeAll(async () => {
    test = await freshDatabase();
    // One connection, so the statement and pg_prepared_statements are on the same session.
    const [{ name }] = await test.database.rows<{ name: string }>(sql`SELECT current_database() AS name`);
    single = await openDatabase({ url: databaseUrl(adminUrl(), name), poolMax: 1 });
  });
  afterAll(async () => {
    await single?.close();
    await test?.dispose();
  });

  it("runs the app's queries (drizzle) as named statements, parsed once, each run planned for its values", async () => {
    for (let i = 0; i < 12; i++)
      await single.rows(
        sql`SELECT count(*)::int AS n FROM users WHERE created_at > ${`2020-01-${10 + i}`}::timestamptz`,
      );
    const statements = await single.rows<{ generic: number; custom: number }>(sql`
      SELECT generic_plans::int AS generic, custom_plans::int AS custom
      FROM pg_prepared_statements WHERE statement LIKE '%FROM users WHERE created_at > $1::timestamptz%'`);
    expect(statements).toEqual([{ generic: 0, custom: 12 }]);
  });

  it("runs a transaction's queries as named statements too", async () => {
    await single.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await tx.execute(sql`SELECT ${i}::int + 40 AS answer_in_transaction`);
    });
    const statements = await single.rows<{ custom: number }>(sql`
      SELECT custom_plans::int AS custom FROM pg_prepared_statements WHERE statement LIKE '%answer_in_transaction%'`);
    expect(statements).toEqual([{ custom: 3 }]);
  });

  it("plans every run of a statement postgres.js prepares for its parameters, never with a generic plan", async () => {
    const client = single.driver.postgres!;
    for (let i = 0; i < 12; i++)
      await client`SELECT count(*)::int AS tagged FROM users WHERE created_at > ${`2020-02-${10 + i}`}::timestamptz`;
    const [plans] = await single.rows<{ generic: number; custom: number }>(sql`
      SELECT coalesce(sum(generic_plans), 0)::int AS generic, coalesce(sum(custom_plans), 0)::int AS custom
      FROM pg_prepared_statements WHERE statement LIKE '%AS tagged FROM users%'`);
    expect(plans).toEqual({ generic: 0, custom: 12 });
  });
});
