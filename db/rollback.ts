import { argValue, describeTarget, runCli } from "./cli";
import { rollback, type RollbackTarget } from "./migrator";

// npm run db:rollback            undo the last migration
// npm run db:rollback -- --to T  undo down to (keeping) migration T
// npm run db:rollback -- --all   undo every migration
const to = argValue("to");
const target: RollbackTarget = process.argv.includes("--all")
  ? { kind: "all" }
  : to
    ? { kind: "to", tag: to }
    : { kind: "last" };

await runCli(async (database) => {
  const undone = await rollback(database, target);
  console.log(undone.length ? `Rolled back ${undone.join(", ")} on ${describeTarget()}` : "Nothing to roll back.");
});
