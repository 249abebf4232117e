import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { computeMeasures, MEASURES } from "../../src/measures/compute-measures.ts";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import {
  defaultFramework,
  enrollment,
  insert,
  openWarehouse,
  school,
  student,
  YEAR,
} from "./fixture.ts";

describe("computeMeasures(warehouse, { runId, year, framework, onProgress })", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openWarehouse();
    await insert(w, "schools", [school(1, "elementary")]);
    await insert(w, "students", [student(1), student(2)]);
    await insert(w, "enrollments", [enrollment(1, 1, 3), enrollment(2, 1, 4, { days_absent: 30 })]);
  });
  afterEach(() => w.close());

  it("reports progress for every measure the framework defines and skips growth", async () => {
    const seen: string[] = [];
    const summary = await computeMeasures(w, {
      runId: "r1",
      year: YEAR,
      framework: defaultFramework,
      onProgress: (p) => seen.push(`${p.measure} ${p.done}/${p.total}`),
    });
    expect(summary.measures).toEqual(MEASURES.map((m) => m.id));
    expect(summary.measures).not.toContain("ela_growth");
    expect(seen[0]).toBe(`ela_performance 1/${MEASURES.length}`);
    expect(seen.at(-1)).toBe(`culture_climate ${MEASURES.length}/${MEASURES.length}`);
    // chronic_absence and suspension, ALL and HI each.
    expect(summary.rows).toBe(4);
  });

  it("replaces a run's rows for the year on a re-run and leaves other runs alone", async () => {
    await computeMeasures(w, { runId: "r1", year: YEAR, framework: defaultFramework });
    await computeMeasures(w, { runId: "r2", year: YEAR, framework: defaultFramework });
    await computeMeasures(w, { runId: "r1", year: YEAR, framework: defaultFramework });
    const counts = await w.all<{ run_id: string; rows: number }>(
      "SELECT run_id, count(*)::INTEGER AS rows FROM metric_results GROUP BY run_id ORDER BY run_id",
    );
    expect(counts).toEqual([
      { run_id: "r1", rows: 4 },
      { run_id: "r2", rows: 4 },
    ]);
  });

  it("writes nothing for a year without data", async () => {
    const summary = await computeMeasures(w, {
      runId: "r1",
      year: YEAR + 1,
      framework: defaultFramework,
    });
    expect(summary.rows).toBe(0);
  });

  it("rejects a year that is not an integer", async () => {
    await expect(
      computeMeasures(w, { runId: "r1", year: 2024.5, framework: defaultFramework }),
    ).rejects.toThrow('invalid school year "2024.5"');
  });
});
