import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { openDatabase, sql, type Database } from "../../db/client";
import { backupDatabase, restoreDatabase } from "../../db/backups";
import { DataDirLockedError } from "../../db/lock";
import { seedChecksum, seedDatabase } from "../../db/seeding";
import { freshDatabase } from "../support/database";
import { currentEngine } from "../support/engine";
import { adminUrl, databaseUrl } from "../support/postgresUrls";
import "../support/provided";

const anchor = "2026-11-01T00:00:00.000Z";
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbtest-backup-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A change the restore must undo. */
async function addEvent(database: Database) {
  await database.exec(`INSERT INTO events (title, type, start_time, end_time, capacity)
    VALUES ('After the backup', 'mixer', now(), now() + interval '1 hour', 10)`);
}

describe.runIf(currentEngine() === "pglite")("embedded backup", () => {
  const dataDir = path.join(scratch, "pglite");

  it("restores the data dir exactly as it was backed up", async () => {
    const template = new Blob([fs.readFileSync(inject("pgliteTemplate")!)]);
    let database = await openDatabase({ dataDir, loadDataDir: template });
    await seedDatabase(database, { users: 60, seed: 3, anchor });
    const before = await seedChecksum(database);
    await database.close();

    const file = await backupDatabase(path.join(scratch, "backup.pglite.tar.gz"), { dataDir });
    database = await openDatabase({ dataDir });
    await addEvent(database);
    expect(await seedChecksum(database)).not.toBe(before);
    await database.close();

    await restoreDatabase(file, { dataDir });
    database = await openDatabase({ dataDir });
    try {
      expect(await seedChecksum(database)).toBe(before);
      // The restored dir is locked like any other: a second handle is refused, not corrupting it.
      await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(restoreDatabase(file, { dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await database.close();
    }
  }, 120_000);
});

describe.runIf(currentEngine() === "postgres")("PostgreSQL backup", () => {
  it("round-trips through pg_dump and pg_restore", async () => {
    const test = await freshDatabase();
    const url = databaseUrl(adminUrl(), test.name);
    try {
      await seedDatabase(test.database, { users: 60, seed: 3, anchor });
      const before = await seedChecksum(test.database);
      const file = await backupDatabase(path.join(scratch, "backup.dump"), { url });
      await addEvent(test.database);
      expect(await seedChecksum(test.database)).not.toBe(before);
      await restoreDatabase(file, { url });
      expect(await seedChecksum(test.database)).toBe(before);
      const [row] = await test.database.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM events WHERE title = 'After the backup'`,
      );
      expect(row.n).toBe(0);
    } finally {
      await test.dispose();
    }
  }, 120_000);
});
