import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Framework } from "../../src/domain/framework/framework-schema.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { computeGrowth, type GrowthSummary } from "../../src/growth/compute-growth.ts";
import { growthResultsExportSql, growthStage } from "../../src/growth/growth-stage.ts";
import { GROWTH_RESULTS_DDL } from "../../src/growth/growth-tables.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { PLANTED, type SimulatedTruth, schoolCode, simulateNetwork } from "./simulated-network.ts";

const framework: Framework = loadFramework("frameworks/core-sqii.yaml");
const YEAR = 2024;

interface ResultRow {
  school_code: string;
  school_level: string;
  subject: "ELA" | "MATH";
  student_group: string;
  n: number;
  weight: number;
  effect: number;
  se: number;
  effect_shrunk: number;
  se_shrunk: number;
  ci_low: number;
  ci_high: number;
  reliability: number;
  growth_score: number;
  level: number;
  suppressed: boolean;
}

/**
 * 150 schools of 20–315 tested students with a prior (grades 4–8, elementary and middle levels),
 * one of 5 and one of 500 (100 per grade: 200 in grades 4–5, 300 in grades 6–8).
 */
const SIZES = Array.from({ length: 150 }, (_, i) =>
  i === 0 ? 1 : i === 1 ? 100 : 4 + ((i * 37) % 60),
);

/** Latent-to-standardized scale of the current score per subject: 100 / sd(scale score). */
async function currentScoreScale(warehouse: Warehouse): Promise<Record<"ELA" | "MATH", number>> {
  const sds = await warehouse.all<{ subject: "ELA" | "MATH"; sd: number }>(
    `SELECT subject, avg(sd) AS sd FROM (
       SELECT subject, grade, stddev_pop(scale_score) AS sd FROM test_results
       WHERE year = ${YEAR} AND grade BETWEEN 4 AND 8 GROUP BY ALL) GROUP BY subject`,
  );
  return Object.fromEntries(sds.map((s) => [s.subject, 100 / s.sd])) as Record<
    "ELA" | "MATH",
    number
  >;
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((v, i) => {
    sab += (v - ma) * (b[i]! - mb);
    saa += (v - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

describe("computeGrowth(warehouse, { runId, year, framework })", () => {
  let warehouse: Warehouse;
  let truth: SimulatedTruth;
  let summary: GrowthSummary;
  let results: ResultRow[];
  let scale: Record<"ELA" | "MATH", number>;

  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:", { threads: 2 });
    truth = await simulateNetwork(warehouse, {
      seed: 7,
      year: YEAR,
      schoolSizes: SIZES,
      highSchools: 4,
      highSchoolSize: 150,
    });
    summary = await computeGrowth(warehouse, { runId: "run-1", year: YEAR, framework });
    results = await warehouse.all<ResultRow & Record<string, unknown>>(
      "SELECT * FROM growth_results WHERE run_id = 'run-1' ORDER BY subject, school_code, school_level, student_group",
    );
    scale = await currentScoreScale(warehouse);
  });
  afterAll(() => warehouse.close());

  for (const subject of ["ELA", "MATH"] as const) {
    it(`recovers the planted ${subject} school effects: correlation, bias, interval coverage over 3 replications`, async () => {
      // coverage is a property over replications: pool three independent networks (seeds 7–9)
      const replications = [{ results, truth, scale }];
      for (const seed of [8, 9]) {
        const other = await Warehouse.open(":memory:", { threads: 2 });
        const t = await simulateNetwork(other, { seed, year: YEAR, schoolSizes: SIZES });
        await computeGrowth(other, { runId: "run-1", year: YEAR, framework });
        replications.push({
          results: await other.all<ResultRow & Record<string, unknown>>(
            "SELECT * FROM growth_results",
          ),
          truth: t,
          scale: await currentScoreScale(other),
        });
        other.close();
      }
      let covered = 0;
      let count = 0;
      for (const [i, rep] of replications.entries()) {
        const rows = rep.results.filter(
          (r) =>
            r.subject === subject &&
            r.student_group === "ALL" &&
            rep.truth.effects.has(r.school_code),
        );
        // every school serves grades 4–8: an elementary and a middle unit each
        expect(rows).toHaveLength(300);
        const planted = rows.map(
          (r) => rep.truth.effects.get(r.school_code)![subject] * rep.scale[subject],
        );
        const estimated = rows.map((r) => r.effect_shrunk);
        const r = correlation(estimated, planted);
        const bias = estimated.reduce((sum, v, j) => sum + v - planted[j]!, 0) / rows.length;
        const hits = rows.filter(
          (row, j) => row.ci_low <= planted[j]! && planted[j]! <= row.ci_high,
        ).length;
        covered += hits;
        count += rows.length;
        console.info(
          `${subject} replication ${i + 1}: correlation ${r.toFixed(3)}, mean bias ${bias.toFixed(4)}, coverage ${((100 * hits) / rows.length).toFixed(1)}%`,
        );
        // per level: a unit has 2/5 (grades 4–5) or 3/5 (6–8) of the school's students
        // (0.83–0.88 on seeds 7–9)
        expect(r).toBeGreaterThan(0.8);
        expect(Math.abs(bias)).toBeLessThan(0.02);
      }
      console.info(
        `${subject} pooled 95% interval coverage ${((100 * covered) / count).toFixed(1)}% of ${count}`,
      );
      expect(covered / count).toBeGreaterThanOrEqual(0.9);
      expect(covered / count).toBeLessThanOrEqual(0.99);
    });

    it(`estimates the ${subject} step-4 slope within schools where priors were tested at the same school`, () => {
      // every grade 4–8 prior was tested at the student's own school, so a school's mean prior
      // could carry its own effect: one slope per subject from within-school differences
      const stage = summary.stageTwo.filter((s) => s.subject === subject);
      expect(stage.map((s) => `${s.grade}:${s.method}`)).toEqual(
        [4, 5, 6, 7, 8, 11].map((g) => `${g}:within_school`),
      );
      expect(new Set(stage.map((s) => s.slope)).size).toBe(1);
      // the simulation plants no effect of the school mean prior on growth
      expect(Math.abs(stage[0]!.slope)).toBeLessThan(4 * stage[0]!.slopeSe!);
    });

    it(`corrects the ${subject} prior-score slope toward the planted slope`, async () => {
      // planted slope in standardized units: slope × sd(prior) / sd(current), per grade
      const sds = await warehouse.all<{ grade: number; ratio: number }>(
        `SELECT c.grade, p.sd / c.sd AS ratio FROM
           (SELECT grade, stddev_pop(scale_score) AS sd FROM test_results WHERE year = ${YEAR} AND subject = '${subject}' GROUP BY grade) c
         JOIN (SELECT grade + 1 AS grade, stddev_pop(scale_score) AS sd FROM test_results WHERE year = ${YEAR - 1} AND subject = '${subject}' GROUP BY grade) p
           USING (grade) ORDER BY grade`,
      );
      expect(sds.map((s) => s.grade)).toEqual([4, 5, 6, 7, 8]);
      for (const { grade, ratio } of sds) {
        const planted = PLANTED[subject].slope * ratio;
        const fit = summary.fitted.find(
          (f) => f.model.subject === subject && f.model.grade === grade,
        )!;
        expect(fit.fit.eiv.method).toBe("corrected");
        const corrected = fit.fit.coefficients[0]!;
        const naive = fit.uncorrected.coefficients[0]!;
        expect(Math.abs(corrected - planted)).toBeLessThan(Math.abs(naive - planted));
        expect(Math.abs(corrected - planted)).toBeLessThan(4 * fit.fit.standardErrors[0]!);
      }
    });
  }

  const find = (code: string, subject: string, group: string, level: string): ResultRow =>
    results.find(
      (r) =>
        r.school_code === code &&
        r.subject === subject &&
        r.student_group === group &&
        r.school_level === level,
    )!;

  it("estimates a school at each level it serves from that level's grades only", () => {
    const elementary = find(schoolCode(2), "ELA", "ALL", "elementary");
    const middle = find(schoolCode(2), "ELA", "ALL", "middle");
    expect([elementary.n, middle.n]).toEqual([200, 300]);
    // two estimates, not one copied to both levels
    expect(elementary.effect).not.toBeCloseTo(middle.effect, 6);
    expect(elementary.se).toBeGreaterThan(middle.se);
  });

  it("shrinks a school level with 3 tested students far more than one with 300", () => {
    const small = find(schoolCode(1), "ELA", "ALL", "middle");
    const large = find(schoolCode(2), "ELA", "ALL", "middle");
    expect(small.n).toBe(3);
    expect(large.n).toBe(300);
    expect(small.reliability).toBeLessThan(0.5);
    expect(large.reliability).toBeGreaterThan(0.9);
    expect(Math.abs(small.effect_shrunk)).toBeLessThan(0.5 * Math.abs(small.effect));
    expect(Math.abs(large.effect_shrunk - large.effect)).toBeLessThan(
      0.1 * Math.abs(large.effect) + 1e-3,
    );
    expect(small.suppressed).toBe(true);
    expect(large.suppressed).toBe(false);
  });

  it("splits a grade-11 student's credit equally over the high schools of grades 9, 10 and 11", () => {
    // 150 students per high school; every fourth (38) spent grade 9 at the next high school
    const hs = find(schoolCode(901), "MATH", "ALL", "high");
    expect(hs.n).toBe(150 + 38);
    expect(hs.weight).toBeCloseTo(112 + (38 * 2) / 3 + 38 / 3, 9);
  });

  it("gives a high school its own effect: the fractional-indicator regression's, not the mean of its students' blends", async () => {
    // normal equations of e2_i = Σ_s f_is·θ_s over grade-11 students: F′(e2 − Fθ̂) = 0 per school
    // (the default rule); the credit-weighted mean of the students' residuals does not solve them
    await computeGrowth(warehouse, {
      runId: "mean",
      year: YEAR,
      framework: {
        ...framework,
        growth: { ...framework.growth, high_school_credit: "credit_weighted_mean" },
      },
    });
    const run = await computeGrowth(warehouse, {
      runId: "fractional",
      year: YEAR,
      framework,
      keepWorkTables: true,
    });
    expect(run.warnings.filter((w) => w.code === "near-singular")).toEqual([]);
    const gradients = (runId: string) =>
      warehouse.all<{ school_code: string; subject: string; gradient: number }>(
        `WITH theta AS (
         SELECT r.school_code, r.subject, r.effect + g.centre AS effect
         FROM growth_results r JOIN growth_scale g USING (run_id, year, subject, student_group)
         WHERE r.run_id = '${runId}' AND r.student_group = 'ALL' AND r.school_level = 'high'),
       fitted AS (
         SELECT c.subject, c.student_id, any_value(c.e2) AS e2, sum(c.weight * t.effect) AS fit
         FROM growth_credits c JOIN theta t USING (school_code, subject)
         WHERE c.grade = 11 GROUP BY c.subject, c.student_id)
       SELECT c.school_code, c.subject, sum(c.weight * (f.e2 - f.fit)) AS gradient
       FROM growth_credits c JOIN fitted f USING (subject, student_id)
       WHERE c.grade = 11 GROUP BY ALL ORDER BY ALL`,
      );
    const fractional = await gradients("fractional");
    expect(fractional).toHaveLength(8);
    for (const r of fractional) expect(Math.abs(r.gradient)).toBeLessThan(1e-9);
    const mean = await gradients("mean");
    expect(Math.max(...mean.map((r) => Math.abs(r.gradient)))).toBeGreaterThan(0.1);
  });

  it("scores schools 0–100 around 50 with decile levels, and writes ela_growth / math_growth metric rows per level", async () => {
    const all = results.filter((r) => r.student_group === "ALL" && !r.suppressed);
    for (const r of all) {
      expect(r.growth_score).toBeGreaterThan(0);
      expect(r.growth_score).toBeLessThan(100);
      expect(r.level).toBe(Math.min(10, Math.floor(r.growth_score / 10) + 1));
    }
    const median = all.map((r) => r.growth_score).sort((a, b) => a - b)[
      Math.floor(all.length / 2)
    ]!;
    expect(median).toBeGreaterThan(40);
    expect(median).toBeLessThan(60);
    const metric = await warehouse.all<{
      metric: string;
      school_level: string;
      value: number;
      n: number;
    }>(
      `SELECT metric, school_level, value, n FROM metric_results
       WHERE run_id = 'run-1' AND school_code = '${schoolCode(2)}' AND student_group = 'ALL' ORDER BY metric, school_level`,
    );
    expect(metric.map((m) => `${m.metric}/${m.school_level}/${m.n}`)).toEqual([
      "ela_growth/elementary/200",
      "ela_growth/middle/300",
      "math_growth/elementary/200",
      "math_growth/middle/300",
    ]);
    expect(metric[0]!.value).toBeCloseTo(
      find(schoolCode(2), "ELA", "ALL", "elementary").growth_score,
      12,
    );
    expect(metric[1]!.value).toBeCloseTo(
      find(schoolCode(2), "ELA", "ALL", "middle").growth_score,
      12,
    );
    expect(metric[0]!.value).not.toBeCloseTo(metric[1]!.value, 6);
  });

  it("reports student-group results from the group's students in the school", () => {
    const sed = results.filter((r) => r.subject === "ELA" && r.student_group === "SED");
    expect(sed.length).toBeGreaterThan(100);
    const large = find(schoolCode(2), "ELA", "SED", "middle");
    const all = find(schoolCode(2), "ELA", "ALL", "middle");
    expect(large.n).toBeGreaterThan(100);
    expect(large.n).toBeLessThan(all.n);
    expect(large.se).toBeGreaterThan(all.se);
  });

  it("keeps coefficients, standard errors and fit statistics with the run", async () => {
    const fit = await warehouse.all<{
      subject: string;
      grade: number;
      n: number;
      eiv_method: string;
      sigma: number;
    }>(
      "SELECT subject, grade, n, eiv_method, sigma FROM growth_fit WHERE run_id = 'run-1' ORDER BY subject, grade",
    );
    expect(fit.map((f) => `${f.subject}${f.grade}`)).toEqual(
      ["ELA", "MATH"].flatMap((s) => [4, 5, 6, 7, 8, 11].map((g) => `${s}${g}`)),
    );
    expect(fit.every((f) => f.eiv_method === "corrected" && f.sigma > 0)).toBe(true);
    const terms = await warehouse.all<{ term: string; std_error: number }>(
      "SELECT term, std_error FROM growth_coefficients WHERE run_id = 'run-1' AND subject = 'ELA' AND grade = 6 ORDER BY stage, term",
    );
    expect(terms.map((t) => t.term)).toContain("prior_same");
    expect(terms.map((t) => t.term)).toContain("school_mean_prior");
    expect(terms.find((t) => t.term === "prior_same")!.std_error).toBeGreaterThan(0);
  });

  it("exports growth_results.csv columns, without estimates for suppressed rows", async () => {
    const rows = await warehouse.all(growthResultsExportSql("run-1"));
    expect(Object.keys(rows[0]!)).toEqual([
      "run_id",
      "year",
      "school_code",
      "school_level",
      "subject",
      "student_group",
      "n",
      "effect",
      "se",
      "effect_shrunk",
      "se_shrunk",
      "ci_low",
      "ci_high",
      "growth_score",
      "level",
    ]);
    const small = rows.find(
      (r) =>
        r.school_code === schoolCode(1) &&
        r.school_level === "middle" &&
        r.subject === "ELA" &&
        r.student_group === "ALL",
    )!;
    expect(small.n).toBe(3);
    expect(small.effect).toBeNull();
    expect(small.level).toBeNull();
    const large = rows.find(
      (r) => r.school_code === schoolCode(2) && r.subject === "ELA" && r.student_group === "ALL",
    )!;
    expect(typeof large.growth_score).toBe("number");
  });

  it("runs as the run pipeline's growth stage", async () => {
    const stage = await growthStage(warehouse, { runId: "run-2", year: YEAR, framework });
    expect(Array.isArray(stage.warnings)).toBe(true);
    const { n } = await warehouse.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM metric_results WHERE run_id = 'run-2' AND metric = 'math_growth'",
    );
    expect(n).toBeGreaterThan(150);
  });

  it("replaces a run's rows when computed again", async () => {
    const before = await warehouse.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM growth_results WHERE run_id = 'run-1'",
    );
    await computeGrowth(warehouse, { runId: "run-1", year: YEAR, framework });
    const after = await warehouse.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM growth_results WHERE run_id = 'run-1'",
    );
    expect(after.n).toBe(before.n);
  });

  it("runs CORE's per-model step-4 OLS across students, or no intake adjustment, when the framework says so", async () => {
    for (const schoolContext of ["between_schools", "none"] as const) {
      const run = await computeGrowth(warehouse, {
        runId: `context-${schoolContext}`,
        year: YEAR,
        framework: { ...framework, growth: { ...framework.growth, school_context: schoolContext } },
        keepWorkTables: true,
      });
      const ols = await warehouse.all<{ subject: string; grade: number; slope: number }>(
        "SELECT subject, grade, regr_slope(e, m_dev) AS slope FROM growth_residuals GROUP BY ALL ORDER BY ALL",
      );
      expect(run.stageTwo).toHaveLength(12);
      for (const stage of run.stageTwo) {
        expect(stage.method).toBe(schoolContext);
        const o = ols.find((r) => r.subject === stage.subject && r.grade === stage.grade)!;
        expect(stage.slope).toBeCloseTo(schoolContext === "none" ? 0 : o.slope, 10);
      }
    }
  });

  it("adds school_level to a growth_results table written before it existed, keeping older rows", async () => {
    const other = await Warehouse.open(":memory:", { threads: 2 });
    try {
      await simulateNetwork(other, { seed: 11, year: YEAR, schoolSizes: SIZES.slice(2, 30) });
      const before = GROWTH_RESULTS_DDL.replace(",\n  school_level VARCHAR", "");
      expect(before).not.toContain("school_level");
      await other.run(before);
      await other.run(
        `INSERT INTO growth_results VALUES ('old', 2023, 'S', 'ELA', 'ALL', 30, 30, 0, 0.1, 0, 0.1, -0.2, 0.2, 0.5, 50, 6, false)`,
      );
      await computeGrowth(other, { runId: "new", year: YEAR, framework });
      const rows = await other.all<{ run_id: string; school_level: string | null; n: number }>(
        "SELECT run_id, school_level, count(*)::INTEGER AS n FROM growth_results GROUP BY ALL ORDER BY ALL",
      );
      expect(rows.map((r) => `${r.run_id}/${r.school_level}`)).toEqual([
        "new/elementary",
        "new/middle",
        "old/null",
      ]);
    } finally {
      other.close();
    }
  });

  it("keeps the spec's per-model step-4 OLS when every prior was tested at another school", async () => {
    const other = await Warehouse.open(":memory:", { threads: 2 });
    try {
      await simulateNetwork(other, {
        seed: 10,
        year: YEAR,
        schoolSizes: SIZES.slice(2),
        priorsElsewhere: true,
      });
      const run = await computeGrowth(other, {
        runId: "run-1",
        year: YEAR,
        framework,
        keepWorkTables: true,
      });
      const ols = await other.all<{ subject: string; grade: number; slope: number }>(
        "SELECT subject, grade, regr_slope(e, m_dev) AS slope FROM growth_residuals GROUP BY ALL ORDER BY ALL",
      );
      expect(ols).toHaveLength(10);
      for (const o of ols) {
        const stage = run.stageTwo.find((s) => s.subject === o.subject && s.grade === o.grade)!;
        expect(stage.method).toBe("between_schools");
        expect(stage.slope).toBeCloseTo(o.slope, 10);
      }
    } finally {
      other.close();
    }
  });
});
