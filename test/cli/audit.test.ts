import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../src/workspace/audit-log.ts";
import { openWorkspace } from "../../src/workspace/open-workspace.ts";
import { UserRepository } from "../../src/workspace/user-repository.ts";

const COLLAB = fileURLToPath(new URL("../../bin/collab.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "collab-audit-"));
const workspace = join(dir, "workspace");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function collab(...args: string[]) {
  const { DATABASE_URL: _, ...env } = process.env;
  const run = spawnSync(process.execPath, [COLLAB, "audit", ...args, "--workspace", workspace], {
    encoding: "utf8",
    env,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs `statement` on the workspace as its owner with triggers off: a tamperer's access. */
async function tamper(statement: string): Promise<void> {
  const ws = await openWorkspace({ dataDir: workspace });
  try {
    await ws.db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql.raw(statement).execute(tx);
    });
  } finally {
    await ws.close();
  }
}

beforeAll(async () => {
  const ws = await openWorkspace({ dataDir: workspace });
  try {
    const user = await new UserRepository(ws.db).create({
      email: "lead@district.example",
      displayName: "Lead",
      passwordHash: "scrypt$1024$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
      role: "district_admin",
      districtCode: "0161119",
    });
    const log = new AuditLog(ws.db, () => new Date("2026-03-02T10:00:00Z"));
    const base = { role: "district_admin", action: "read", resource: "students" } as const;
    await log.record({ ...base, userId: user.id, districtCode: "0161119", outcome: "allowed" });
    await log.record({ ...base, userId: null, districtCode: "0161119", outcome: "denied" });
    await log.record({ ...base, userId: user.id, districtCode: "0161119", outcome: "error" });
    await log.record({ ...base, userId: user.id, districtCode: "0161119", outcome: "allowed" });
  } finally {
    await ws.close();
  }
});

describe("collab audit", () => {
  it("lists entries newest first, with filters, as text, CSV or JSON", () => {
    const all = collab();
    expect(all.code).toBe(0);
    expect(all.stdout.trimEnd().split("\n")).toHaveLength(4);
    expect(all.stdout.split("\n")[0]).toMatch(
      /^\s+4 {2}2026-03-02T10:00:00\.000Z {2}lead@district/,
    );
    expect(all.stderr).toMatch(/^4 entries in PGlite/);
    const denied = collab("list", "--outcome", "denied", "--json");
    expect(JSON.parse(denied.stdout) as { seq: number; user_email: null }[]).toMatchObject([
      { seq: 2, user_email: null, outcome: "denied" },
    ]);
    const csv = collab("--user", "lead@district.example", "--csv", "--all");
    const lines = csv.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "seq,at,user_id,user_email,role,action,resource,district_code,school_code,student_count,student_ids_hash,ip,outcome,row_hash",
    );
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["4", "3", "1"]);
  });
});

describe("collab audit verify", () => {
  let head = "";

  it("passes an intact log and prints its head", () => {
    const run = collab("verify");
    expect(run.code).toBe(0);
    const m = /^audit log verified: 4 entries, head (4:[0-9a-f]{64})$/.exec(run.stdout.trim());
    expect(m).not.toBeNull();
    head = m![1]!;
  });

  it("exits 1 naming an entry altered or removed", async () => {
    await tamper("update audit_log set outcome = 'allowed' where seq = 3");
    await tamper("delete from audit_log where seq = 2");
    const run = collab("verify");
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toEqual([
      "entry 2: entries 2–2 are missing (removed)",
      expect.stringMatching(/^entry 3 \(id 3\): prev_hash is not the hash of the entry before/),
      "entry 3 (id 3): row_hash does not match the entry (altered)",
    ]);
    expect(run.stdout).toMatch(/^audit log NOT verified: 3 problem\(s\) in 3 entries/);
  });

  it("with --head, exits 1 when the newest entries were cut", async () => {
    await tamper("delete from audit_log where seq >= 4");
    const run = collab("verify", "--head", head);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("entry 4: the recorded head (entry 4) is gone: the log ends at 3");
  });
});
