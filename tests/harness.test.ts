import "server-only"; // aliased to an empty module: server/ code can be imported by tests
import { describe, expect, it } from "vitest";
import { getDatabase, sql } from "@/db/client";
import { appliedMigrations, loadMigrations } from "@/db/migrator";
import { freshDatabase, useFreshDatabase } from "./support/database";
import { currentEngine } from "./support/engine";

describe("test harness", () => {
  const database = useFreshDatabase();

  it("opens the engine of the running project", () => {
    expect(database().engine).toBe(currentEngine());
  });

  it("gives the file a migrated, empty database", async () => {
    const applied = await appliedMigrations(database());
    expect(applied.map((m) => m.tag)).toEqual(loadMigrations().map((m) => m.tag));
    const [{ users }] = await database().rows<{ users: number }>(sql`SELECT count(*)::int AS users FROM users`);
    expect(users).toBe(0);
  });

  it("makes it the process default for server code (getDatabase)", async () => {
    expect(await getDatabase()).toBe(database());
  });

  it("gives each fresh database its own data", async () => {
    const other = await freshDatabase();
    try {
      await other.database.rows(sql`INSERT INTO users (email, password_hash) VALUES ('only-here@example.test', 'x')`);
      const here = await database().rows(sql`SELECT 1 FROM users WHERE email = 'only-here@example.test'`);
      const there = await other.database.rows(sql`SELECT 1 FROM users WHERE email = 'only-here@example.test'`);
      expect([here.length, there.length]).toEqual([0, 1]);
    } finally {
      await other.dispose();
    }
  });
});
