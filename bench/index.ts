import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm run bench [-- name …]`: runs each bench/<name>.ts (seed first: the others query what it
 * seeded) and prints its figures. Numbers are printed, never asserted.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const order = [
  "seed",
  "startup",
  "backoffice",
  "http",
  "map",
  "compliance",
  "auditChain",
  "messages",
  "moderation",
  "browser",
  "scale",
];
const available = fs
  .readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "index.ts" && !f.startsWith("_"))
  .map((f) => f.replace(/\.ts$/, ""))
  .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const selected = wanted.length ? available.filter((name) => wanted.includes(name)) : available;

let failed = 0;
for (const name of selected) {
  console.log(`\n=== bench: ${name} ===`);
  const started = performance.now();
  try {
    const mod = (await import(path.join(here, `${name}.ts`))) as { run?: () => Promise<void> };
    if (!mod.run) throw new Error(`bench/${name}.ts exports no run()`);
    await mod.run();
  } catch (error) {
    failed++;
    console.error(`✗ ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  console.log(`(${name} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
process.exit(failed ? 1 : 0);
