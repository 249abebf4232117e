import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFramework } from "../../src/domain/framework/load-framework.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { computeRun } from "../../src/runs/compute-run.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const FRAMEWORK_FILE = "frameworks/core-sqii.yaml";
const bytes = readFileSync(FRAMEWORK_FILE);
const framework = parseFramework(bytes.toString("utf8"), FRAMEWORK_FILE);

/** The result tables compared; growth's own tables are left to the growth stage's tests. */
const TABLES = [
  "metric_results",
  "metric_levels",
  "index_group_levels",
  "index_components",
  "index_results",
  "identification",
];

/**
 * A 60,000-student network (seed 11, 4 districts) with 4 DuckDB threads: its survey, enrollment
 * and test tables span several row groups, so DuckDB splits aggregates over threads. Before
 * order-independent sums, two runs of 2025 with the same cut set differed in ~220
 * `sel_skills` values (last bits) and ~120 levels' change figures.
 */
describe("computeRun twice with the same inputs and cut set, on several threads", () => {
  let dir: string;
  let warehouse: Warehouse;
  let ids = 0;
  const run = (extra: { cuts?: string; baseline?: number }) =>
    computeRun(warehouse, {
      year: 2025,
      framework,
      frameworkBytes: bytes,
      codeVersion: "test",
      clock: () => new Date(Date.UTC(2025, 0, 1, 0, 0, ids)),
      newRunId: (y) => `run-${y}-${++ids}`,
      ...extra,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "rerun-"));
    execFileSync(
      process.execPath,
      [
        "bin/collab.mjs",
        "synth",
        "--out",
        join(dir, "net"),
        "--students",
        "60000",
        "--districts",
        "4",
        "--years",
        "2024-2025",
        "--seed",
        "11",
      ],
      { stdio: "ignore" },
    );
    warehouse = await Warehouse.open(":memory:", { threads: 4 });
    await ingestSubmissions(warehouse, discoverSubmissions(join(dir, "net")));
  }, 180_000);
  afterAll(() => {
    warehouse?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes bit-identical results (run id aside)", async () => {
    const { cutSet } = await run({ baseline: 2024 });
    const first = await run({ cuts: cutSet });
    const second = await run({ cuts: cutSet });
    const rowGroups = await warehouse.one<{ groups: number }>(
      "SELECT count(DISTINCT row_group_id)::INTEGER AS groups FROM pragma_storage_info('survey_responses')",
    );
    expect(rowGroups.groups).toBeGreaterThan(1);
    for (const table of TABLES) {
      const columns = (
        await warehouse.all<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns
           WHERE table_name = '${table}' AND column_name <> 'run_id' ORDER BY ordinal_position`,
        )
      )
        .map((c) => c.column_name)
        .join(", ");
      const rows = (id: string) => `SELECT ${columns} FROM ${table} WHERE run_id = '${id}'`;
      const { differ, total } = await warehouse.one<{ differ: number; total: number }>(
        `SELECT (SELECT count(*) FROM (${rows(first.runId)} EXCEPT ALL ${rows(second.runId)}))::INTEGER
            + (SELECT count(*) FROM (${rows(second.runId)} EXCEPT ALL ${rows(first.runId)}))::INTEGER AS differ,
          (SELECT count(*) FROM (${rows(first.runId)}))::INTEGER AS total`,
      );
      expect(total, table).toBeGreaterThan(0);
      expect(differ, `${table}: rows that differ between the two runs`).toBe(0);
    }
  }, 180_000);
});
