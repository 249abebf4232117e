import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { generateSubmission } from "./generate-submission.ts";
import { FIXTURE_NETWORK } from "./submission-fixture.ts";
import { warehouseChecksums } from "./warehouse-checksums.ts";

const COLLAB = fileURLToPath(new URL("../../bin/collab.mjs", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "collab-kill-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function runCollab(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [COLLAB, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function checksumsOf(db: string): Promise<Record<string, string>> {
  const warehouse = await Warehouse.open(db, { threads: 1 });
  try {
    return await warehouseChecksums(warehouse);
  } finally {
    warehouse.close();
  }
}

describe("collab ingest killed mid-load (SIGKILL inside the transaction)", () => {
  it("leaves the warehouse exactly as it was, and a later ingest still succeeds", async () => {
    const db = join(work, "warehouse.duckdb");
    const before = await Warehouse.open(db, { threads: 1 });
    const first = await ingestSubmissions(before, discoverSubmissions(FIXTURE_NETWORK));
    expect(first.map((o) => o.status)).toEqual(["accepted"]);
    before.close();
    const checksums = await checksumsOf(db);

    // a re-submission of the same district and year: the kill comes after its DELETE of the old
    // slice and the INSERT of four tables, so both must be undone. It has no discipline, course
    // marks or cohort file, so it empties those tables of the slice: confirmed (--allow-shrink)
    const network = join(work, "bigger");
    generateSubmission(network, 20_000);
    const killed = await runCollab(["ingest", network, "--db", db, "--allow-shrink"], {
      COLLAB_FAULT_KILL_AT: "test_results",
    });
    expect(killed.signal).toBe("SIGKILL");
    expect(killed.stderr).toContain("0100001/2024 insert test_results");
    expect(killed.stdout).not.toContain("accepted");

    expect(await checksumsOf(db)).toEqual(checksums);

    const again = await runCollab(["ingest", network, "--db", db, "--allow-shrink"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("0100001/2024: accepted");
    const after = await Warehouse.open(db, { threads: 1 });
    try {
      expect(await after.one("SELECT count(*) AS n FROM students")).toEqual({ n: 20_000 });
      expect(await after.one("SELECT count(*) AS n FROM survey_responses")).toEqual({ n: 40_000 });
      expect(
        await after.all(
          "SELECT submission_id, replaced_at IS NULL AS current FROM submission_log ORDER BY accepted_at",
        ),
      ).toEqual([
        { submission_id: first[0]!.submissionId, current: false },
        { submission_id: expect.stringMatching(/^0100001-2024-/), current: true },
      ]);
    } finally {
      after.close();
    }
  });
});
