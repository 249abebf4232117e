import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { copyFixture, replaceLine } from "./submission-fixture.ts";
import { warehouseChecksums } from "./warehouse-checksums.ts";

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A warehouse holding the fixture submission, and a copy of it to edit and re-submit. */
async function loaded(): Promise<{ warehouse: Warehouse; submission: string }> {
  const copy = copyFixture();
  folders.push(copy.network);
  const warehouse = await Warehouse.open(":memory:", { threads: 1 });
  const [first] = await ingestSubmissions(warehouse, discoverSubmissions(copy.submission));
  expect(first!.status).toBe("accepted");
  return { warehouse, submission: copy.submission };
}

/** Keeps only the header line of a file. */
function headerOnly(path: string): void {
  writeFileSync(path, `${readFileSync(path, "utf8").split("\n")[0]}\n`);
}

describe("a submission that removes most of a table's stored rows", () => {
  it("is refused, naming the table and its counts, and the warehouse is left as it was", async () => {
    const { warehouse, submission } = await loaded();
    const before = await warehouseChecksums(warehouse);
    headerOnly(join(submission, "test_results.csv"));
    const [outcome] = await ingestSubmissions(warehouse, discoverSubmissions(submission));
    expect(outcome!.status).toBe("rejected");
    expect(outcome!.report.issues.map((i) => [i.rule, i.file, i.message])).toEqual([
      [
        "shrink",
        "test_results.csv",
        "test_results.csv: would replace the 6 stored rows of 0100001/2024 with 0 (6 removed, 0 added: 100% fewer, more than the 50% allowed); nothing was loaded. If this is intended, ingest again with --allow-shrink",
      ],
    ]);
    expect(outcome!.changes!.test_results).toEqual({ before: 6, after: 0, gained: 0, lost: 6 });
    expect(await warehouseChecksums(warehouse)).toEqual(before);
    warehouse.close();
  });

  it("is loaded when confirmed (allowShrink), with every table's rows gained and lost", async () => {
    const { warehouse, submission } = await loaded();
    headerOnly(join(submission, "test_results.csv"));
    replaceLine(
      join(submission, "enrollments.csv"),
      2,
      "1000000001,01000010000011,3,2023-08-16,,180,7,Y",
    );
    const [outcome] = await ingestSubmissions(warehouse, discoverSubmissions(submission), {
      allowShrink: true,
    });
    expect(outcome!.status).toBe("accepted");
    expect(outcome!.changes!.test_results).toEqual({ before: 6, after: 0, gained: 0, lost: 6 });
    // one enrollment changed: the old row is removed, the new one added
    expect(outcome!.changes!.enrollments).toEqual({ before: 7, after: 7, gained: 1, lost: 1 });
    expect(outcome!.changes!.students).toEqual({ before: 6, after: 6, gained: 0, lost: 0 });
    expect(await warehouse.one("SELECT count(*) AS n FROM test_results")).toEqual({ n: 0 });
    warehouse.close();
  });

  it("is refused from the share set in maxShrink (half of discipline's two rows at 0.4)", async () => {
    const { warehouse, submission } = await loaded();
    const path = join(submission, "discipline.csv");
    writeFileSync(path, readFileSync(path, "utf8").trimEnd().split("\n").slice(0, 2).join("\n"));
    const [refused] = await ingestSubmissions(warehouse, discoverSubmissions(submission), {
      maxShrink: 0.4,
    });
    expect(refused!.report.issues.map((i) => [i.rule, i.file])).toEqual([
      ["shrink", "discipline.csv"],
    ]);
    const [accepted] = await ingestSubmissions(warehouse, discoverSubmissions(submission));
    expect(accepted!.status).toBe("accepted");
    expect(accepted!.changes!.discipline).toEqual({ before: 2, after: 1, gained: 0, lost: 1 });
    warehouse.close();
  });

  it("counts every staged row as gained on a first load", async () => {
    const copy = copyFixture();
    folders.push(copy.network);
    const warehouse = await Warehouse.open(":memory:", { threads: 1 });
    const [outcome] = await ingestSubmissions(warehouse, discoverSubmissions(copy.submission));
    expect(outcome!.changes!.students).toEqual({ before: 0, after: 6, gained: 6, lost: 0 });
    warehouse.close();
  });
});

describe("collab ingest DIR --allow-shrink", () => {
  const COLLAB = fileURLToPath(new URL("../../bin/collab.mjs", import.meta.url));
  const collab = (...args: string[]) => {
    const run = spawnSync(process.execPath, [COLLAB, ...args], { encoding: "utf8" });
    return { code: run.status, stdout: run.stdout };
  };

  it("refuses a header-only file over stored rows (exit 2) and loads it when confirmed, printing rows gained and lost", () => {
    const copy = copyFixture();
    folders.push(copy.network);
    const db = join(copy.network, "warehouse.duckdb");
    expect(collab("ingest", copy.submission, "--db", db).code).toBe(0);
    headerOnly(join(copy.submission, "test_results.csv"));
    const refused = collab("ingest", copy.submission, "--db", db);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain("error shrink in test_results.csv: 1");
    expect(refused.stdout).toContain("test_results 6 -> 0 (+0 -6)");
    const confirmed = collab("ingest", copy.submission, "--db", db, "--allow-shrink");
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain("0100001/2024: accepted");
    expect(confirmed.stdout).toContain("students 6 (+0 -0)");
    expect(confirmed.stdout).toContain("test_results 6 -> 0 (+0 -6)");
  });
});
