import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { appliedMigrations, loadMigrations, migrateToHead, rollback } from "@/db/migrator";
import { catalogSnapshot } from "../support/catalog";
import { useFreshDatabase } from "../support/database";
import { currentEngine } from "../support/engine";
import { specTableNames } from "./spec";

/** Migrations are the schema's history: they go down cleanly, come back identically, and match db/schema. */
const database = useFreshDatabase();
const head = loadMigrations().map((m) => m.tag);
const ours = [...specTableNames, "staff_accounts"];

describe("migrations", () => {
  it("are all applied to a fresh database, and applying again does nothing", async () => {
    expect((await appliedMigrations(database())).map((m) => m.tag)).toEqual(head);
    expect(await migrateToHead(database())).toEqual([]);
    expect(await rollback(database(), { kind: "to", tag: head[head.length - 1] })).toEqual([]);
  });

  it("round-trip: rollback all leaves none of our objects, migrating again rebuilds the identical catalog", async () => {
    const migrated = await catalogSnapshot(database());
    expect(migrated.tables).toEqual(expect.arrayContaining(ours));
    expect(migrated.triggers.length).toBeGreaterThan(0);

    expect(await rollback(database(), { kind: "all" })).toEqual([...head].reverse());
    const empty = await catalogSnapshot(database());
    expect(empty.tables.filter((t) => ours.includes(t))).toEqual([]);
    expect(empty.triggers).toEqual([]);
    expect(empty.functions.filter((f) => f.startsWith("set_updated_at("))).toEqual([]);
    expect(await appliedMigrations(database())).toEqual([]);
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
    );
    expect(n).toBe(0);

    expect(await migrateToHead(database())).toEqual(head);
    expect(await catalogSnapshot(database())).toEqual(migrated);
  }, 180_000); // recreates PostGIS: ~10 s on an idle machine, over a minute on a loaded 2-core one

  // The postgis/postgis image ships postgis_topology, which depends on postgis: rolling back must
  // leave postgis in place there rather than fail.
  it.runIf(currentEngine() === "postgres")(
    "rollback all succeeds where another extension depends on postgis, and leaves postgis installed",
    async () => {
      await database().exec("CREATE EXTENSION IF NOT EXISTS postgis_topology");
      try {
        expect(await rollback(database(), { kind: "all" })).toEqual([...head].reverse());
        const extensions = await database().rows<{ extname: string }>(sql`SELECT extname FROM pg_extension`);
        expect(extensions.map((e) => e.extname)).toEqual(expect.arrayContaining(["postgis", "postgis_topology"]));
        expect(extensions.map((e) => e.extname)).not.toContain("pgcrypto");
        expect(await migrateToHead(database())).toEqual(head);
      } finally {
        await database().exec("DROP EXTENSION IF EXISTS postgis_topology CASCADE");
      }
    },
    180_000,
  );

  it("rolls back the last migration alone", async () => {
    expect(await rollback(database(), { kind: "last" })).toEqual(head.slice(-1));
    expect((await appliedMigrations(database())).map((m) => m.tag)).toEqual(head.slice(0, -1));
    expect(await migrateToHead(database())).toEqual(head.slice(-1));
  });
});

// drizzle-kit compares db/schema with the last snapshot in drizzle/meta; engine-independent, so run once.
describe.runIf(currentEngine() === "pglite")("db/schema and drizzle/", () => {
  it("agree: drizzle-kit generate finds nothing to migrate", async () => {
    const relative = path.join(".data", "test-tmp", `drift-${process.pid}-${crypto.randomBytes(4).toString("hex")}`);
    const out = path.resolve(relative);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.cpSync(path.resolve("drizzle"), out, { recursive: true });
    try {
      const before = fs.readdirSync(out, { recursive: true }).map(String).sort();
      const { stdout } = await promisify(execFile)(path.resolve("node_modules/.bin/drizzle-kit"), ["generate"], {
        // drizzle.config.ts reads DRIZZLE_OUT; drizzle-kit wants it relative to the working directory.
        env: { ...process.env, DRIZZLE_OUT: `./${relative}` },
        timeout: 60_000,
      });
      expect(fs.readdirSync(out, { recursive: true }).map(String).sort()).toEqual(before);
      expect(stdout).toContain("No schema changes");
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
