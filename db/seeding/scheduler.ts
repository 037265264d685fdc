/**
 * Runs seed work as a small dependency graph on a fixed number of workers (one per core on
 * PostgreSQL, one on PGlite's single connection). A task waits for the groups it names in
 * `after`; tasks sharing a `serial` key never run at the same time (the audit chain, or two
 * statements whose table locks would only queue behind each other).
 */
export interface SeedTask {
  /** The groups this task belongs to, e.g. `load:matches`; a group is done when all its tasks are. */
  groups: readonly string[];
  /** Groups that must be done first (a group with no tasks counts as done). */
  after: readonly string[];
  serial?: string;
  /** What the task does, for the trace (e.g. the index it builds). */
  label?: string;
  run: () => Promise<void>;
}

export interface TaskProgress {
  done: number;
  total: number;
  /** The first group of the task that just finished, its label, and when it ran. */
  group: string;
  label?: string;
  startedSeconds: number;
  seconds: number;
}

export async function runTasks(
  tasks: readonly SeedTask[],
  workers: number,
  onDone?: (progress: TaskProgress) => void,
): Promise<void> {
  const started = performance.now();
  const pending = [...tasks];
  const remaining = new Map<string, number>();
  for (const task of tasks) for (const group of task.groups) remaining.set(group, (remaining.get(group) ?? 0) + 1);
  const running = new Set<string>();
  let inFlight = 0;
  let done = 0;
  let failure: { error: unknown } | undefined;
  let waiting: (() => void)[] = [];
  const wakeAll = () => {
    const woken = waiting;
    waiting = [];
    for (const wake of woken) wake();
  };
  const ready = (task: SeedTask) =>
    task.after.every((group) => !remaining.get(group)) && !(task.serial && running.has(task.serial));

  async function worker(): Promise<void> {
    for (;;) {
      if (failure || pending.length === 0) return;
      const index = pending.findIndex(ready);
      if (index < 0) {
        if (inFlight === 0) {
          const stuck = pending.map((t) => `${t.groups.join("+")} (after ${t.after.join(", ")})`).join("; ");
          throw new Error(`seed tasks wait on each other or on nothing: ${stuck}`);
        }
        await new Promise<void>((resolve) => waiting.push(resolve));
        continue;
      }
      const [task] = pending.splice(index, 1);
      inFlight++;
      if (task.serial) running.add(task.serial);
      const t0 = performance.now();
      try {
        await task.run();
        done++;
        for (const group of task.groups) remaining.set(group, remaining.get(group)! - 1);
        onDone?.({
          done,
          total: tasks.length,
          group: task.groups[0],
          label: task.label,
          startedSeconds: (t0 - started) / 1000,
          seconds: (performance.now() - t0) / 1000,
        });
      } catch (error) {
        failure ??= { error };
      } finally {
        inFlight--;
        if (task.serial) running.delete(task.serial);
        wakeAll();
      }
    }
  }

  // A deadlock error from one worker must not leave the others waiting forever.
  const results = await Promise.allSettled(
    Array.from({ length: Math.max(1, workers) }, () => worker().finally(wakeAll)),
  );
  if (failure) throw failure.error;
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (rejected) throw rejected.reason;
}
