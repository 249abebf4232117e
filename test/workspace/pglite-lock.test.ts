import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  LOCK_FILE,
  lockPgliteFolder,
  WorkspaceLockedError,
} from "../../src/workspace/dialects/pglite-lock.ts";
import { openWorkspace } from "../../src/workspace/open-workspace.ts";

const dir = mkdtempSync(join(tmpdir(), "collab-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("lockPgliteFolder(dataDir, pid)", () => {
  it("lets one live process hold a folder and names it to the next", () => {
    const release = lockPgliteFolder(dir, process.pid);
    expect(readFileSync(join(dir, LOCK_FILE), "utf8")).toBe(`${process.pid}\n`);
    expect(() => lockPgliteFolder(dir, process.pid + 1)).toThrow(WorkspaceLockedError);
    expect(() => lockPgliteFolder(dir, process.pid + 1)).toThrow(
      `in use by process ${process.pid}`,
    );
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockPgliteFolder(dir, process.pid + 1)();
  });

  it("takes over a lock left by a dead process", () => {
    writeFileSync(join(dir, LOCK_FILE), "4194303\n"); // above Linux's pid_max: never a live process
    const release = lockPgliteFolder(dir);
    expect(readFileSync(join(dir, LOCK_FILE), "utf8")).toBe(`${process.pid}\n`);
    release();
  });
});

describe("openWorkspace({ dataDir })", () => {
  it("refuses a PGlite folder another live process holds, and opens it once free", async () => {
    const folder = join(dir, "workspace");
    const ws = await openWorkspace({ dataDir: folder });
    await ws.close();
    writeFileSync(join(folder, LOCK_FILE), `${process.ppid}\n`);
    await expect(openWorkspace({ dataDir: folder })).rejects.toThrow(
      `in use by process ${process.ppid}`,
    );
    rmSync(join(folder, LOCK_FILE));
    const again = await openWorkspace({ dataDir: folder });
    expect(existsSync(join(folder, LOCK_FILE))).toBe(true);
    await again.close();
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false);
  });
});
