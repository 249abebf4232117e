import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { METRIC_LEVELS_DDL } from "../../src/levels/metric-levels-table.ts";
import { METRIC_RESULTS_DDL } from "../../src/measures/metric-results.ts";
import { exportRun } from "../../src/runs/export-run.ts";
import { RUNS_DDL } from "../../src/runs/runs-table.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const RUN = "r1";
const SCHOOL = "01000010000001";
const framework = loadFramework("frameworks/core-sqii.yaml");

describe("exportRun(warehouse, options)", () => {
  let warehouse: Warehouse;
  let dir: string;
  beforeEach(async () => {
    warehouse = await Warehouse.open(":memory:");
    dir = mkdtempSync(join(tmpdir(), "export-run-"));
    await warehouse.run(RUNS_DDL);
    await warehouse.run(
      `INSERT INTO runs VALUES ('${RUN}', 2024, 'f', 'F', 'h', 'c', '2025-01-01 00:00:00', 'v', '{}', 'complete')`,
    );
    await warehouse.run(METRIC_LEVELS_DDL.replace("year INTEGER", "year VARCHAR"));
  });
  afterEach(() => {
    warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads each file through its declared row shape: a wrong-typed column names file, row and column", async () => {
    await warehouse.run(METRIC_RESULTS_DDL.replace("year INTEGER", "year VARCHAR"));
    await warehouse.run(
      `INSERT INTO metric_results VALUES ('${RUN}', '2024', '${SCHOOL}', 'elementary', 'chronic_absence', 'ALL', 31, 4, 12.9, false, 0.97, true)`,
    );
    await expect(exportRun(warehouse, { run: RUN, outDir: dir, framework })).rejects.toThrow(
      'metric_results row 1: column "year" holds "2024" (string), declared integer',
    );
  });
});
