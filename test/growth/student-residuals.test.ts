import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { ANALYSIS_TABLE } from "../../src/growth/analysis-table.ts";
import { computeGrowth, type GrowthSummary } from "../../src/growth/compute-growth.ts";
import { computeResiduals } from "../../src/growth/student-residuals.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { schoolCode, simulateNetwork } from "./simulated-network.ts";

const YEAR = 2024;
/** Students per grade (4–8) of 12 schools: few clusters, of unequal weight. */
const SIZES = [12, 18, 25, 30, 40, 55, 70, 90, 110, 140, 20, 160];

describe("computeResiduals(warehouse, fitted)", () => {
  let warehouse: Warehouse;
  let summary: GrowthSummary;
  /** Step-4 slope per subject refitted without each school in turn (stage 1 kept). */
  const leaveOneOut = new Map<string, number[]>();

  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:", { threads: 2 });
    // each school-grade's students share an effect of SD 0.1 on top of the school's: their
    // residuals are correlated, and the independent-residual SE of the slope is too small
    await simulateNetwork(warehouse, {
      seed: 5,
      year: YEAR,
      schoolSizes: SIZES,
      gradeEffectSd: 0.1,
    });
    summary = await computeGrowth(warehouse, {
      runId: "run-1",
      year: YEAR,
      framework: loadFramework("frameworks/core-sqii.yaml"),
      keepWorkTables: true,
    });
    await warehouse.run(`CREATE TEMP TABLE full_analysis AS SELECT * FROM ${ANALYSIS_TABLE}`);
    for (let s = 1; s <= SIZES.length; s++) {
      await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${ANALYSIS_TABLE} AS
SELECT * FROM full_analysis WHERE school_code <> '${schoolCode(s)}'`);
      for (const stage of await computeResiduals(warehouse, summary.fitted)) {
        if (stage.grade !== 4) continue;
        leaveOneOut.set(stage.subject, [...(leaveOneOut.get(stage.subject) ?? []), stage.slope]);
      }
    }
  }, 60_000);
  afterAll(() => warehouse?.close());

  for (const subject of ["ELA", "MATH"] as const) {
    it(`reports the ${subject} within-school slope's SE as the jackknife over refits without each school`, () => {
      const stage = summary.stageTwo.find((s) => s.subject === subject && s.grade === 4)!;
      expect(stage.method).toBe("within_school");
      const slopes = leaveOneOut.get(subject)!;
      expect(slopes).toHaveLength(SIZES.length);
      const g = slopes.length;
      const mean = slopes.reduce((a, v) => a + v, 0) / g;
      const jackknife = Math.sqrt(((g - 1) / g) * slopes.reduce((a, v) => a + (v - mean) ** 2, 0));
      // here the shortcut (Σa − a_s)/(Σb − b_s), which keeps the model means, gives 0.88–0.89 of
      // it, and the larger of the independent-residual and clustered-sandwich SEs 0.83–0.87
      expect(stage.slopeSe! / jackknife).toBeCloseTo(1, 8);
    });
  }
});
