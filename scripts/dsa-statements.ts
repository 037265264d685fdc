import fs from "node:fs";
import { once } from "node:events";
import { openDatabase, type Database } from "../db/client";
import {
  statementLines,
  statementPeriod,
  statementsPerLine,
  type ExportCounts,
} from "../server/moderation/statements/exportStatements";

// npm run dsa:statements -- --since YYYY-MM-DD [--until YYYY-MM-DD] [--out FILE]
// Writes the statements of reasons stored in that period (UTC days, both included) as JSON Lines:
// each line one request body for the DSA Transparency Database's multiple-statements endpoint
// ({"statements":[…]}, at most 100), ready to POST. Without --out, to standard output. Reads the
// configured database (DATABASE_URL, else the PGlite data dir) in keyset batches: constant memory.
const usage = "Usage: npm run dsa:statements -- --since YYYY-MM-DD [--until YYYY-MM-DD] [--out FILE]";

function parseArgs(argv: string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(since|until|out)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unknown argument ${argv[i]}\n${usage}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value.startsWith("--")) throw new Error(`--${match[1]} needs a value\n${usage}`);
    options[match[1]] = value;
  }
  return options;
}

let database: Database | undefined;
try {
  const { out, ...dates } = parseArgs(process.argv.slice(2));
  const parsed = statementPeriod.safeParse(dates);
  if (!parsed.success) {
    throw new Error(`${parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ")}\n${usage}`);
  }
  const period = parsed.data;
  database = await openDatabase();
  const target = out ? fs.createWriteStream(out) : process.stdout;
  const counts: ExportCounts = { statements: 0, lines: 0 };
  const started = performance.now();
  for await (const chunk of statementLines(database, period, counts)) {
    if (!target.write(chunk)) await once(target, "drain");
  }
  if (out) {
    (target as fs.WriteStream).end();
    await once(target, "finish");
  }
  const seconds = (performance.now() - started) / 1000;
  console.error(
    `✓ ${counts.statements} statements of reasons in ${counts.lines} request bodies (at most ${statementsPerLine} each), ` +
      `${period.since} to ${period.until ?? "now"}${out ? ` → ${out}` : ""} (${seconds.toFixed(1)} s)`,
  );
} catch (error) {
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
} finally {
  await database?.close();
}
