import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { openDatabase, sql, streamText } from "@/db/client";
import { DIRECT_APPLICATION_NAME, useFreshDatabase } from "../support/database";
import { VIA_ENV } from "../support/engine";
import { databaseUrl } from "../support/postgresUrls";

/**
 * PgBouncer in transaction pooling mode (issue #11 §2). This file runs in the "pgbouncer" project
 * (vitest.config.ts), whose databases are opened through TEST_PGBOUNCER_URL with
 * DATABASE_POOLING=transaction; the project also runs the files that exercise lists, exports,
 * transactions and audit writes. Elsewhere it is skipped.
 */
const bouncer = process.env.TEST_PGBOUNCER_URL;
const runs = process.env[VIA_ENV] === "pgbouncer" && Boolean(bouncer);

describe.skipIf(!runs)(
  `through PgBouncer in transaction mode${runs ? "" : " (skipped: runs in the pgbouncer project, needs TEST_PGBOUNCER_URL, see .ci/pgbouncer.sh)"}`,
  () => {
    const database = useFreshDatabase();

    it("talks to a PgBouncer in transaction pooling mode, without named prepared statements", async () => {
      const console = postgres(databaseUrl(bouncer!, "pgbouncer"), { max: 1, fetch_types: false, onnotice: () => {} });
      try {
        const config = await console.unsafe("SHOW CONFIG").simple();
        const poolMode = (config as unknown as { key: string; value: string }[]).find((r) => r.key === "pool_mode");
        expect(poolMode?.value).toBe("transaction");
      } finally {
        await console.end({ timeout: 5 });
      }
      expect(database().driver.postgres?.options.prepare).toBe(false);
    });

    it("runs many statements and transactions at once over a few shared server connections", async () => {
      const db = database();
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          i % 3 === 0
            ? db.db.transaction(async (tx) => {
                // Transaction-scoped state only: SET LOCAL and transaction advisory locks.
                await tx.execute(sql`SET LOCAL statement_timeout = '5s'`);
                await tx.execute(sql`SELECT pg_advisory_xact_lock(${i})`);
                const [row] = (await tx.execute(
                  sql`SELECT ${i}::int AS n, current_setting('statement_timeout') AS t`,
                )) as unknown as {
                  n: number;
                  t: string;
                }[];
                return row.t === "5s" ? row.n : -1;
              })
            : db.rows<{ n: number }>(sql`SELECT ${i}::int AS n FROM users LIMIT 0`).then(() => i),
        ),
      );
      expect(results).toEqual(Array.from({ length: 60 }, (_, i) => i));
      // The SET LOCAL ended with its transaction: no session state leaks to the next client of that connection.
      const settings = await Promise.all(
        Array.from({ length: 10 }, () => db.rows<{ t: string }>(sql`SELECT current_setting('statement_timeout') AS t`)),
      );
      expect(settings.map(([row]) => row.t)).not.toContain("5s");
    });

    it("streams COPY on the direct connection, bypassing the pooler", async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of streamText(database(), {
        copy: "COPY (SELECT current_setting('application_name')) TO STDOUT",
        page: () => sql`SELECT 1 WHERE false`,
        format: () => "",
      }))
        chunks.push(chunk);
      expect(Buffer.concat(chunks).toString().trim()).toBe(DIRECT_APPLICATION_NAME);
      // Everything else goes through PgBouncer.
      const [row] = await database().rows<{ app: string }>(sql`SELECT current_setting('application_name') AS app`);
      expect(row.app).not.toBe(DIRECT_APPLICATION_NAME);
    });

    it("carries a COPY through PgBouncer too when no direct URL is configured (one statement, one transaction)", async () => {
      const name = database().driver.postgres!.options.database;
      const pooled = await openDatabase({ url: databaseUrl(bouncer!, name), pooling: "transaction", poolMax: 2 });
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of pooled.copyOut!("COPY (SELECT n FROM generate_series(1, 3) n) TO STDOUT"))
          chunks.push(chunk);
        expect(Buffer.concat(chunks).toString()).toBe("1\n2\n3\n");
      } finally {
        await pooled.close();
      }
    });
  },
);
