import fs from "node:fs";
import path from "node:path";

/**
 * PGlite is single-connection: two processes opening one data dir can corrupt it.
 * A lock file beside the dir makes the second one fail with a clear message.
 *
 * The lock names its holder by pid *and* the process's start time (Linux: /proc/<pid>/stat, in
 * clock ticks since boot, plus the boot id). A pid alone is not enough: after a kill -9 the pid is
 * soon reused (in a container, often by the next `npm start` itself), and a lock that trusted the
 * pid would then refuse every start until someone deleted the file by hand.
 */
export class DataDirLockedError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database at ${dataDir} is in use by process ${pid} (is \`npm start\` running?). ` +
        `Stop that process first, or set DATABASE_URL to use a PostgreSQL server.`,
    );
    this.name = "DataDirLockedError";
  }
}

/** Who holds a lock. `started` is null where the OS does not say (no /proc): then the pid alone decides. */
export interface LockHolder {
  pid: number;
  started: string | null;
}

/** A process's start time, stable for its whole life and different for a later process with the same pid. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (comm) is in parentheses and may hold spaces: count fields after its closing one.
    const afterComm = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const startTicks = afterComm[19]; // field 22 of the whole line
    const bootId = fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    return startTicks ? `${bootId}:${startTicks}` : null;
  } catch {
    return null;
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the process that wrote this lock is still running (not merely some process with its pid). */
export function holderIsAlive(holder: LockHolder): boolean {
  if (!pidExists(holder.pid)) return false;
  if (holder.started === null) return true;
  const now = processStartTime(holder.pid);
  return now === null || now === holder.started;
}

/** Parses a lock file; the older format held the pid alone. */
function parseHolder(text: string): LockHolder | null {
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed === "number") return { pid: parsed, started: null };
    if (typeof parsed.pid === "number") return { pid: parsed.pid, started: parsed.started ?? null };
  } catch {
    /* not JSON: garbage left by a crash while writing */
  }
  return null;
}

export function lockPathFor(dataDir: string): string {
  return `${dataDir}.lock`;
}

/** Takes the lock (reclaiming a stale one) and returns its release function. */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = lockPathFor(dataDir);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const mine = JSON.stringify({ pid: process.pid, started: processStartTime(process.pid) } satisfies LockHolder);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, mine, { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, "utf8") === mine) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let text: string;
      try {
        text = fs.readFileSync(lockPath, "utf8");
      } catch {
        continue; // released meanwhile
      }
      const holder = parseHolder(text);
      // Our own pid counts too: a second handle in this process would corrupt the dir just the same.
      if (holder && holderIsAlive(holder)) throw new DataDirLockedError(dataDir, holder.pid);
      // Stale (its process is gone, or the pid now belongs to another process). Remove it only if
      // it is still the file we judged: a rename is atomic, and a fresh lock renamed by mistake is put back.
      const aside = `${lockPath}.stale-${process.pid}`;
      try {
        fs.renameSync(lockPath, aside);
      } catch {
        continue;
      }
      if (fs.readFileSync(aside, "utf8") === text) fs.unlinkSync(aside);
      else fs.renameSync(aside, lockPath);
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
