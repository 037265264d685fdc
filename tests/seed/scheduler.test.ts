import { describe, expect, it } from "vitest";
import { runTasks, type SeedTask } from "../../db/seeding/scheduler";

/** A task that logs its start and end, and takes `ms` (a timer, so other workers can interleave). */
function task(log: string[], name: string, group: string, after: string[] = [], serial?: string, ms = 5): SeedTask {
  return {
    groups: [group],
    after,
    serial,
    run: async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`end ${name}`);
    },
  };
}

describe("seed task scheduler", () => {
  it("starts a task only after every task of the groups it waits for has ended", async () => {
    const log: string[] = [];
    await runTasks(
      [
        task(log, "messages", "load:messages", ["index:matches"]),
        task(log, "matches 1", "load:matches", [], undefined, 10),
        task(log, "matches 2", "load:matches", [], undefined, 30),
        task(log, "matches index", "index:matches", ["load:matches"]),
      ],
      2,
    );
    expect(log.indexOf("start matches index")).toBeGreaterThan(log.indexOf("end matches 2"));
    expect(log.indexOf("start messages")).toBeGreaterThan(log.indexOf("end matches index"));
  });

  it("never runs two tasks with the same serial key at once, and runs others beside them", async () => {
    const log: string[] = [];
    await runTasks(
      [
        task(log, "chain 1", "load:compliance_logs", [], "chain", 20),
        task(log, "chain 2", "load:compliance_logs", [], "chain", 20),
        task(log, "users", "load:users", [], undefined, 5),
      ],
      2,
    );
    expect(log.indexOf("start chain 2")).toBeGreaterThan(log.indexOf("end chain 1"));
    // The second worker took the users while the chain was busy, instead of waiting.
    expect(log.indexOf("start users")).toBeLessThan(log.indexOf("end chain 1"));
  });

  it("ends a group only when every task in it has ended, also tasks in several groups", async () => {
    const log: string[] = [];
    const both: SeedTask = {
      ...task(log, "matches and messages", "load:matches", [], undefined, 20),
      groups: ["load:matches", "load:messages"],
    };
    await runTasks([both, task(log, "messages index", "index:messages", ["load:messages"])], 2);
    expect(log).toEqual([
      "start matches and messages",
      "end matches and messages",
      "start messages index",
      "end messages index",
    ]);
  });

  it("reports progress per finished task", async () => {
    const seen: string[] = [];
    await runTasks([task([], "a", "load:a"), task([], "b", "index:a", ["load:a"])], 1, (p) =>
      seen.push(`${p.done}/${p.total} ${p.group}`),
    );
    expect(seen).toEqual(["1/2 load:a", "2/2 index:a"]);
  });

  it("stops taking tasks after a failure and rethrows it", async () => {
    const log: string[] = [];
    const failing: SeedTask = {
      groups: ["load:a"],
      after: [],
      run: async () => {
        throw new Error("duplicate key");
      },
    };
    await expect(runTasks([failing, task(log, "later", "load:b", ["load:a"])], 2)).rejects.toThrow("duplicate key");
    expect(log).toEqual([]);
  });

  it("refuses tasks that wait on each other instead of hanging", async () => {
    await expect(
      runTasks([task([], "a", "load:a", ["load:b"]), task([], "b", "load:b", ["load:a"])], 2),
    ).rejects.toThrow(/wait on each other/);
  });
});
