import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Another live process has the PGlite workspace open. */
export class WorkspaceLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `workspace ${dataDir} is in use by process ${pid}; stop it (or use DATABASE_URL for a shared PostgreSQL)`,
    );
    this.name = "WorkspaceLockedError";
  }
}

export const LOCK_FILE = "collab.lock";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the single-process lock of a PGlite folder: PGlite is one embedded backend, so two
 * processes writing one folder would corrupt it. A lock left by a dead process is taken over.
 * Returns the release function.
 */
export function lockPgliteFolder(dataDir: string, pid: number = process.pid): () => void {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${pid}\n`, { flag: "wx" });
      return () => {
        const holder = Number.parseInt(readFileSync(file, "utf8"), 10);
        if (holder === pid) rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(file, "utf8"), 10);
      if (Number.isInteger(holder) && holder !== pid && alive(holder)) {
        throw new WorkspaceLockedError(dataDir, holder);
      }
      rmSync(file, { force: true });
    }
  }
  throw new WorkspaceLockedError(dataDir, Number.NaN);
}
