import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError, lockPathFor, processStartTime } from "../../db/lock";
import { currentEngine } from "../support/engine";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbtest-lock-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const lockModule = path.resolve(import.meta.dirname, "../../db/lock.ts");

/** Another process that takes the lock, says so on stdout, then waits to be killed. */
async function holderProcess(dataDir: string): Promise<ChildProcess> {
  const script = `import { acquireDataDirLock } from ${JSON.stringify(lockModule)};
acquireDataDirLock(${JSON.stringify(dataDir)}); console.log("locked"); setInterval(() => {}, 1000);`;
  // Node itself with tsx's loader (not the tsx CLI, whose child would survive a SIGKILL of the CLI).
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    child.once("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return child;
}

const exited = (child: ChildProcess) => new Promise((resolve) => child.once("exit", resolve));

// The lock is the embedded engine's; the file logic is the same whichever project runs it.
describe.runIf(currentEngine() === "pglite")("embedded data-dir lock", () => {
  it("refuses a second live process, and recovers once that process is killed with SIGKILL", async () => {
    const dataDir = path.join(scratch, "killed");
    const child = await holderProcess(dataDir);
    try {
      expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dataDir)).toThrow(`in use by process ${child.pid}`);
    } finally {
      child.kill("SIGKILL");
      await exited(child);
    }
    // kill -9 ran no exit handler: the lock file is still there, naming a dead process.
    expect(fs.existsSync(lockPathFor(dataDir))).toBe(true);
    const release = acquireDataDirLock(dataDir);
    release();
    expect(fs.existsSync(lockPathFor(dataDir))).toBe(false);
  }, 30_000);

  it("reclaims a lock whose pid now belongs to another process (pid reuse after a crash)", () => {
    const dataDir = path.join(scratch, "reused");
    fs.mkdirSync(scratch, { recursive: true });
    // The parent of this test process is alive, but it is not the process that wrote this lock:
    // that one started at another time.
    const reusedPid = process.ppid;
    expect(processStartTime(reusedPid)).not.toBeNull();
    fs.writeFileSync(lockPathFor(dataDir), JSON.stringify({ pid: reusedPid, started: "another-boot:1" }));
    const release = acquireDataDirLock(dataDir);
    expect(JSON.parse(fs.readFileSync(lockPathFor(dataDir), "utf8")).pid).toBe(process.pid);
    release();
  });

  it("still refuses a live holder recorded with its true start time, including this process itself", () => {
    const dataDir = path.join(scratch, "self");
    const release = acquireDataDirLock(dataDir);
    try {
      expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
    } finally {
      release();
    }
  });

  it("reclaims an unreadable lock left by a crash while it was written", () => {
    const dataDir = path.join(scratch, "garbage");
    fs.writeFileSync(lockPathFor(dataDir), "");
    const release = acquireDataDirLock(dataDir);
    release();
  });
});
