import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The embedded database is open in another process; opening it here too would corrupt it. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database at ${dataDir} is open in another process (pid ${pid}). ` +
        "PGlite allows one process at a time: stop the console or worker that uses it (or wait for it to finish), then run this again.",
    );
    this.name = "DataDirInUseError";
  }
}

const LOCK_FILE = "tkc.pid";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function holderOf(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Claims an embedded data directory for this process with a pid file, as PostgreSQL's own
 * postmaster.pid does: a process killed with SIGKILL leaves the file behind, so a holder that no
 * longer runs is taken over instead of locking the directory forever. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => {
        if (holderOf(file) === process.pid) unlinkSync(file);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = holderOf(file);
    if (holder !== null && holder !== process.pid && isRunning(holder)) throw new DataDirInUseError(dataDir, holder);
    // A stale file (its process is gone), one torn mid-write, or this process's own from a handle
    // it never closed (a pid cannot tell two handles of one process apart; db/client keeps one).
    // Removed only if it still names that holder: a process that took it over meanwhile keeps it.
    // (Two processes reading the same stale file in the same instant can still both claim it.)
    if (holderOf(file) === holder) unlinkSync(file);
  }
  throw new Error(`could not claim ${file}: another process keeps replacing it`);
}
