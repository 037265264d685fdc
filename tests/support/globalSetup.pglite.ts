import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";
import { migrateToHead } from "../../db/migrator";
import { pgliteTemplateDir, templateKey } from "./template";
import "./provided";

/** Templates of other keys unused this long are deleted (a concurrent run may still be using a recent one). */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * Migrates an in-memory PGlite once and dumps its data dir to .data/test-template/pglite-<key>.tar;
 * each test file starts its own PGlite from that dump. Reused across runs while the key is unchanged.
 */
export default async function setup(project: TestProject): Promise<void> {
  const key = templateKey();
  const file = path.join(pgliteTemplateDir, `pglite-${key}.tar`);
  if (fs.existsSync(file)) {
    const now = new Date();
    fs.utimesSync(file, now, now); // marks it in use, for the stale sweep of other runs
  } else {
    const started = Date.now();
    const database = await openDatabase({ memory: true });
    try {
      await migrateToHead(database);
      const pglite = database.driver.pglite;
      if (!pglite) throw new Error("openDatabase({ memory: true }) did not open PGlite");
      const dump = await pglite.dumpDataDir("none");
      fs.mkdirSync(pgliteTemplateDir, { recursive: true });
      // Written aside and renamed, so a concurrent run never reads half a file.
      const partial = `${file}.${process.pid}.partial`;
      fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(partial, file);
    } finally {
      await database.close();
    }
    console.log(`[pglite] migrated template ${path.relative(process.cwd(), file)} in ${Date.now() - started} ms`);
  }
  sweepStaleTemplates(path.basename(file));
  project.provide("pgliteTemplate", file);
  project.provide("templateKey", key);
}

function sweepStaleTemplates(current: string): void {
  for (const name of fs.readdirSync(pgliteTemplateDir)) {
    if (name === current || !/^pglite-[0-9a-f]+\.tar(\.\d+\.partial)?$/.test(name)) continue;
    const stale = path.join(pgliteTemplateDir, name);
    try {
      if (Date.now() - fs.statSync(stale).mtimeMs > STALE_AFTER_MS) fs.rmSync(stale, { force: true });
    } catch {
      // removed meanwhile by another run
    }
  }
}
