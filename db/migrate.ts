import { describeTarget, runCli } from "./cli";
import { migrateToHead } from "./migrator";

await runCli(async (database) => {
  const applied = await migrateToHead(database);
  console.log(
    applied.length ? `Applied ${applied.join(", ")} to ${describeTarget()}` : `${describeTarget()} is up to date.`,
  );
});
