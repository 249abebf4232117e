import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { ANALYSIS_TABLE, createAnalysisTable } from "../../src/growth/analysis-table.ts";
import { computeGrowth, type GrowthSummary } from "../../src/growth/compute-growth.ts";
import { fitGrowthModels } from "../../src/growth/fit-growth-models.ts";
import { growthPlan } from "../../src/growth/growth-models.ts";
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

/**
 * The within-school slope on networks where growth depends on the school-grade's intake:
 * κ = 0.5 per latent z of the school-grade's mean prior (simulated-network.ts), 200 schools of
 * 20–59 students per grade, seeds 1–3. In the model's units (standardized scores) the planted
 * slope is κ·sd(prior scores)/sd(current scores). A grade's mean prior carries its students' mean
 * prior error, which spreads m around the school's mean by Σc²(1/n_sg − 1/n_s) and, left in Σm²,
 * attenuated the slope to 0.90 of the planted one on these networks (0.38–0.46 against
 * 0.47–0.49); taken out, 1.04.
 */
describe("computeResiduals with a planted contextual effect", () => {
  const KAPPA = 0.5;
  const found: { subject: string; slope: number; se: number; planted: number }[] = [];

  beforeAll(async () => {
    const framework = loadFramework("frameworks/core-sqii.yaml");
    const plan = growthPlan(framework);
    for (const seed of [1, 2, 3]) {
      const warehouse = await Warehouse.open(":memory:", { threads: 2 });
      try {
        await simulateNetwork(warehouse, {
          seed,
          year: YEAR,
          schoolSizes: Array.from({ length: 200 }, (_, i) => 20 + ((i * 37) % 40)),
          contextualEffect: KAPPA,
        });
        await createAnalysisTable(warehouse, {
          year: YEAR,
          models: plan.models,
          settings: plan.settings,
        });
        const { fitted } = await fitGrowthModels(warehouse, plan.models, plan.settings);
        const stages = await computeResiduals(warehouse, fitted);
        const sds = await warehouse.all<{ subject: string; year: number; sd: number }>(
          `SELECT subject, year, stddev_pop(scale_score) AS sd FROM test_results
           WHERE grade BETWEEN 3 AND 8 GROUP BY ALL`,
        );
        const sd = (subject: string, year: number) =>
          sds.find((s) => s.subject === subject && s.year === year)!.sd;
        for (const subject of ["ELA", "MATH"]) {
          const stage = stages.find((s) => s.subject === subject && s.grade === 4)!;
          expect(stage.method).toBe("within_school");
          found.push({
            subject,
            slope: stage.slope,
            se: stage.slopeSe!,
            planted: (KAPPA * sd(subject, YEAR - 1)) / sd(subject, YEAR),
          });
        }
      } finally {
        warehouse.close();
      }
    }
  }, 120_000);

  it("recovers the planted slope over three networks (the prior error in m does not attenuate it)", () => {
    const slope = found.reduce((a, f) => a + f.slope, 0) / found.length;
    const planted = found.reduce((a, f) => a + f.planted, 0) / found.length;
    console.info(
      found
        .map(
          (f) =>
            `${f.subject} ${f.slope.toFixed(3)} ± ${f.se.toFixed(3)} (planted ${f.planted.toFixed(3)})`,
        )
        .join(", "),
    );
    expect(slope / planted).toBeGreaterThan(0.95);
    expect(slope / planted).toBeLessThan(1.1);
  });
});
