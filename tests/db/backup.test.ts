import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { openDatabase, sql, type Database } from "../../db/client";
import { backupDatabase, restoreAndOpen, restoreDatabase } from "../../db/backups";
import { DataDirLockedError } from "../../db/lock";
import { seedChecksum, seedDatabase } from "../../db/seeding";
import { insertEvent, insertPayment, insertProfile, insertUser } from "../support/fixtures";
import { freshDatabase } from "../support/database";
import { currentEngine } from "../support/engine";
import { adminUrl, databaseUrl } from "../support/postgresUrls";
import "../support/provided";

const anchor = "2026-11-01T00:00:00.000Z";
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbtest-backup-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A few rows in several tables (the demo seed would take most of the test's time on PGlite). */
async function someData(database: Database) {
  const user = await insertUser(database, "backed-up@example.test");
  await insertProfile(database, user, "Bea");
  await insertPayment(database, user);
  await insertEvent(database);
}

/** A change the restore must undo. */
async function addEvent(database: Database) {
  await database.exec(`INSERT INTO events (title, type, start_time, end_time, capacity)
    VALUES ('After the backup', 'mixer', now(), now() + interval '1 hour', 10)`);
}

describe.runIf(currentEngine() === "pglite")("embedded backup", () => {
  const dataDir = path.join(scratch, "pglite");

  // Two PGlite boots in all (each a cold PostGIS start, seconds on a busy machine): the backup is
  // taken from the open database and the restore hands back the database it opened.
  it("restores the data dir exactly as it was backed up", async () => {
    const template = new Blob([fs.readFileSync(inject("pgliteTemplate")!)]);
    const database = await openDatabase({ dataDir, loadDataDir: template });
    let file: string;
    let before: string;
    try {
      await someData(database);
      before = await seedChecksum(database);
      file = await backupDatabase(path.join(scratch, "backup.pglite.tar.gz"), { database });
      await addEvent(database);
      expect(await seedChecksum(database)).not.toBe(before);
      // Restoring over a dir that is open is refused, not corrupting it.
      await expect(restoreDatabase(file, { dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await database.close();
    }

    const restored = (await restoreAndOpen(file, { dataDir }))!;
    try {
      expect(await seedChecksum(restored)).toBe(before);
      // The restored dir is locked like any other: a second handle is refused.
      await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await restored.close();
    }
  });
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
