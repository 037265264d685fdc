/**
 * Prints the mutation score per folder from StrykerJS's JSON report (the mutation-testing-report-schema
 * format), after `stryker run` in `npm run test:mutation`:
 *
 *   tsx scripts/mutation-summary.ts [report.json …] [--survivors]
 *
 * Several reports (of runs on different files, e.g. `stryker run --mutate … --jsonReporter.fileName …`)
 * are read as one; a file in more than one counts from the last.
 *
 * Score = detected / valid, as Stryker counts it: detected = Killed + Timeout; valid = detected +
 * Survived + NoCoverage (compile and runtime errors and ignored mutants count for nothing).
 * "covered" leaves out the mutants no test reaches. --survivors lists each surviving mutant.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

type Status =
  "Killed" | "Survived" | "NoCoverage" | "Timeout" | "CompileError" | "RuntimeError" | "Ignored" | "Pending";

interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: Status;
  location: { start: { line: number; column: number } };
}

interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

interface Tally {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  errors: number;
  ignored: number;
}

/** The folders issue #13 §5 holds to a score; any other mutated file is counted under its own folder. */
const folders = ["server/auth", "server/audit", "server/compliance", "server/resources", "server/geo"];

function folderOf(file: string): string {
  const normal = file.split(path.sep).join("/");
  return folders.find((folder) => normal.startsWith(`${folder}/`)) ?? path.posix.dirname(normal);
}

const empty = (): Tally => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0 });

function add(tally: Tally, status: Status): void {
  if (status === "Killed") tally.killed++;
  else if (status === "Timeout") tally.timeout++;
  else if (status === "Survived") tally.survived++;
  else if (status === "NoCoverage") tally.noCoverage++;
  else if (status === "CompileError" || status === "RuntimeError") tally.errors++;
  else if (status === "Ignored") tally.ignored++;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "n/a" : `${((100 * part) / whole).toFixed(1)}%`;
}

function row(name: string, t: Tally): string[] {
  const detected = t.killed + t.timeout;
  const valid = detected + t.survived + t.noCoverage;
  return [
    name,
    percent(detected, valid),
    percent(detected, detected + t.survived),
    String(t.killed),
    String(t.timeout),
    String(t.survived),
    String(t.noCoverage),
    String(t.errors + t.ignored),
  ];
}

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows)
    console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
}

export const defaultReport = "reports/mutation/mutation.json";

/** Prints the per-folder table (and the survivors when asked); false when a report is missing. */
export function printMutationSummary(
  files: string[] = [defaultReport],
  { survivors: listSurvivors = false } = {},
): boolean {
  const missing = files.filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    console.error(`${missing.join(", ")}: no mutation report (run \`npm run test:mutation\` first)`);
    return false;
  }
  const report: Report = { files: {} };
  for (const file of files) Object.assign(report.files, (JSON.parse(fs.readFileSync(file, "utf8")) as Report).files);
  const byFolder = new Map<string, Tally>();
  const total = empty();
  const survivors: string[] = [];
  for (const [name, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const folder = folderOf(name);
    const tally = byFolder.get(folder) ?? empty();
    byFolder.set(folder, tally);
    for (const mutant of mutants) {
      add(tally, mutant.status);
      add(total, mutant.status);
      if (mutant.status === "Survived" || mutant.status === "NoCoverage") {
        const { line, column } = mutant.location.start;
        const replacement = (mutant.replacement ?? "").replace(/\s+/g, " ").slice(0, 80);
        survivors.push(`${name}:${line}:${column}  ${mutant.status}  ${mutant.mutatorName}  ${replacement}`);
      }
    }
  }
  const header = ["folder", "score", "covered", "killed", "timeout", "survived", "no cov", "err/ign"];
  const rows = [...byFolder.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([f, t]) => row(f, t));
  printTable([header, ...rows, row("all", total)]);
  if (listSurvivors) {
    console.log(`\n${survivors.length} surviving mutants (Survived or NoCoverage):`);
    for (const line of survivors) console.log(`  ${line}`);
  }
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const files = args.filter((a) => !a.startsWith("--"));
  if (!printMutationSummary(files.length ? files : [defaultReport], { survivors: args.includes("--survivors") }))
    process.exit(1);
}
