import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWorkspace } from "../../src/workspace/open-workspace.ts";
import { workspaceRepositories } from "../../src/workspace/workspace-repositories.ts";

const COLLAB = fileURLToPath(new URL("../../bin/collab.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "collab-submissions-cli-"));
const workspace = join(dir, "workspace");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function collab(...args: string[]) {
  const { DATABASE_URL: _, ...env } = process.env;
  const run = spawnSync(
    process.execPath,
    [COLLAB, "submissions", "list", ...args, "--workspace", workspace],
    { encoding: "utf8", env },
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  const ws = await openWorkspace({ dataDir: workspace });
  try {
    const repos = workspaceRepositories(ws.db);
    const lead = await repos.users.create({
      email: "lead@alder.example",
      displayName: "Ana Lead",
      passwordHash: "x",
      role: "district_admin",
      districtCode: "0100001",
      schoolCode: null,
    });
    const file = { name: "students.csv", bytes: 120, sha256: "a".repeat(64), rows: null };
    await repos.submissions.create({
      id: "1".repeat(32),
      districtCode: "0100001",
      year: 2024,
      submittedBy: lead.id,
      files: [file],
    });
    await repos.submissions.finish("1".repeat(32), {
      status: "accepted",
      files: [{ ...file, rows: 3 }],
      rowCounts: { students: 3 },
      changes: { students: { before: 2, after: 3, gained: 1, lost: 0 } },
      message: "accepted",
    });
    await repos.submissions.create({
      id: "2".repeat(32),
      districtCode: "0200002",
      year: 2025,
      submittedBy: lead.id,
      files: [],
      status: "rejected",
      message: '"x.csv" is larger than the file limit of 1 GiB',
    });
  } finally {
    await ws.close();
  }
}, 60_000);

describe("collab submissions list", () => {
  it("lists the history with who, status, file hashes, rows and changes", () => {
    const run = collab();
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/0100001\/2024 {2}accepted {3}by Ana Lead/);
    expect(run.stdout).toContain(`students.csv  120 bytes  sha256 ${"a".repeat(64)}  3 rows`);
    expect(run.stdout).toContain("rows: students 3 (+1 -0)");
    expect(run.stdout).toMatch(/0200002\/2025 {2}rejected/);
  });

  it("filters by district and year, and prints JSON", () => {
    const run = collab("--district", "0100001", "--year", "2024", "--json");
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as { id: string; status: string; submitted_by: string }[];
    expect(rows.map((r) => [r.id, r.status, r.submitted_by])).toEqual([
      ["1".repeat(32), "accepted", "Ana Lead"],
    ]);
    expect(JSON.parse(collab("--year", "2023", "--json").stdout)).toEqual([]);
  });

  it("refuses a malformed district code", () => {
    const run = collab("--district", "12");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('invalid --district "12"');
  });
});
