/**
 * `npm run test:mutation [-- stryker options]`: runs StrykerJS (stryker.config.mjs) with the given
 * options, e.g. `-- --mutate server/geo/radius.ts`, then prints the mutation score per folder from
 * its JSON report (scripts/mutation-summary.ts). Exits with Stryker's status.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { printMutationSummary } from "./mutation-summary";

const stryker = path.resolve("node_modules/.bin/stryker");
const run = spawnSync(stryker, ["run", ...process.argv.slice(2)], { stdio: "inherit" });
if (run.error) throw run.error;
if (run.status === 0) printMutationSummary();
process.exit(run.status ?? 1);
