import type { RunnerTestCase } from "vitest";
import type { Reporter, Vitest } from "vitest/node";

/**
 * For mutation runs only (vitest.stryker.config.ts). Stryker's vitest runner (9.6.1) builds a
 * mutant's result from the tests vitest collected; a test file whose import throws collects none,
 * so a mutant that stops a module from loading (e.g. `Object.fromEntries(list.map(() => undefined))`
 * in the permission matrix) was reported as survived although every importing test fails
 * (stryker-js issue #6150, fix pending in PR #6217). This reporter gives such a file one failed
 * test carrying the load error, so the mutant counts as killed. Files that loaded are untouched.
 */
export default class UnloadableFileReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(): void {
    // The same File tasks the Stryker runner reads after the run.
    for (const file of this.vitest?.state.getFiles() ?? []) {
      if (file.result?.state !== "fail" || file.tasks.length > 0) continue;
      const failed = {
        type: "test",
        id: `${file.id}_load`,
        name: "the test file loads",
        mode: "run",
        file,
        suite: file,
        meta: {},
        timeout: 0,
        annotations: [],
        artifacts: [],
        fullTestName: `${file.name} the test file loads`,
        result: { state: "fail", errors: file.result.errors ?? [{ message: "the test file failed to load" }] },
      } as unknown as RunnerTestCase;
      file.tasks.push(failed);
    }
  }
}
