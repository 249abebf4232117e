import { describe, expect, it } from "vitest";
import { StatsError } from "../../src/stats/stats-error.ts";
import { fitWithinOls } from "../../src/stats/within-ols.ts";
import {
  type GroupSums,
  withinErrorVarianceFromCsem,
  withinErrorVarianceFromReliability,
  withinSumsFromGroups,
} from "../../src/stats/within-sums.ts";
import { denseLeastSquares } from "./dense-least-squares.ts";
import { seededRandom } from "./random.ts";

interface Row {
  school: number;
  x: number[];
  y: number;
}

function groupSums(rows: readonly Row[], k: number): GroupSums[] {
  const bySchool = new Map<
    number,
    GroupSums & { sumXX: number[][]; sumX: number[]; sumXY: number[] }
  >();
  for (const r of rows) {
    let g = bySchool.get(r.school);
    if (!g) {
      g = {
        n: 0,
        sumX: new Array(k).fill(0),
        sumY: 0,
        sumXX: Array.from({ length: k }, () => new Array(k).fill(0)),
        sumXY: new Array(k).fill(0),
        sumYY: 0,
      };
      bySchool.set(r.school, g);
    }
    g.n++;
    g.sumY += r.y;
    g.sumYY += r.y * r.y;
    for (let j = 0; j < k; j++) {
      g.sumX[j]! += r.x[j]!;
      g.sumXY[j]! += r.x[j]! * r.y;
      for (let l = 0; l < k; l++) g.sumXX[j]![l]! += r.x[j]! * r.x[l]!;
    }
  }
  return [...bySchool.values()];
}

describe("fitWithinOls(sums) without correction", () => {
  it("equals dense least squares with school dummies (coefficients, SEs, σ², RSS to 1e-10)", () => {
    const rng = seededRandom(20240601);
    const k = 3;
    const schools = 7;
    const rows: Row[] = [];
    for (let s = 0; s < schools; s++) {
      const size = 3 + rng.int(10);
      const effect = rng.normal();
      for (let i = 0; i < size; i++) {
        const x = [rng.normal() + 0.5 * s, rng.uniform() < 0.4 ? 1 : 0, rng.normal()];
        rows.push({
          school: s,
          x,
          y: 0.6 * x[0]! - 0.3 * x[1]! + 0.1 * x[2]! + effect + rng.normal(),
        });
      }
    }
    const fit = fitWithinOls(withinSumsFromGroups(groupSums(rows, k)));
    const design = rows.map((r) => [
      ...r.x,
      ...Array.from({ length: schools }, (_, s) => (r.school === s ? 1 : 0)),
    ]);
    const dense = denseLeastSquares(
      design,
      rows.map((r) => r.y),
    );
    const df = rows.length - schools - k;
    expect(fit.df).toBe(df);
    expect(fit.groups).toBe(schools);
    expect(fit.residualSs).toBeCloseTo(dense.rss, 10);
    expect(fit.sigma2).toBeCloseTo(dense.rss / df, 10);
    for (let j = 0; j < k; j++) {
      expect(fit.coefficients[j]).toBeCloseTo(dense.beta[j]!, 10);
      expect(fit.standardErrors[j]).toBeCloseTo(
        Math.sqrt((dense.rss / df) * dense.xtxInverse[j]![j]!),
        10,
      );
    }
    expect(fit.eiv.method).toBe("none");
    expect(fit.warnings).toEqual([]);
    expect(fit.rSquaredWithin).toBeGreaterThan(0);
    expect(fit.rSquaredWithin).toBeLessThan(1);
  });

  it("refuses when there are no residual degrees of freedom", () => {
    const sums = { xtx: [[1]], xty: [1], yty: 2, n: 3, groups: 2 };
    expect(() => fitWithinOls(sums)).toThrow(
      /no residual degrees of freedom: N = 3, groups = 2, K = 1/,
    );
  });

  it("refuses collinear regressors with a typed error naming the columns", () => {
    const sums = {
      xtx: [
        [1, 2],
        [2, 4],
      ],
      xty: [1, 2],
      yty: 5,
      n: 50,
      groups: 5,
    };
    expect(() => fitWithinOls(sums, { names: ["prior", "prior2"] })).toThrow(StatsError);
    expect(() => fitWithinOls(sums, { names: ["prior", "prior2"] })).toThrow(/prior, prior2/);
  });
});

describe("withinSumsFromGroups(groups)", () => {
  it("subtracts each group's mean cross-products and skips empty groups", () => {
    const sums = withinSumsFromGroups([
      { n: 2, sumX: [3], sumY: 5, sumXX: [[5]], sumXY: [8], sumYY: 13 }, // x = 1,2  y = 2,3
      { n: 0, sumX: [0], sumY: 0, sumXX: [[0]], sumXY: [0], sumYY: 0 },
      { n: 1, sumX: [4], sumY: 9, sumXX: [[16]], sumXY: [36], sumYY: 81 },
    ]);
    expect(sums).toEqual({ xtx: [[0.5]], xty: [0.5], yty: 0.5, n: 3, groups: 2 });
  });

  it("names a group whose sums have the wrong length", () => {
    expect(() =>
      withinSumsFromGroups([
        {
          n: 2,
          sumX: [1, 2],
          sumY: 1,
          sumXX: [
            [1, 0],
            [0, 1],
          ],
          sumXY: [1, 1],
          sumYY: 1,
        },
        { n: 2, sumX: [1], sumY: 1, sumXX: [[1]], sumXY: [1], sumYY: 1 },
      ]),
    ).toThrow(/group 1 has 1 sums of x/);
  });
});

/** Students with a true prior x*, an observed prior w = x* + u, a trait z and school effects. */
function simulateEiv(seed: number, schools: number, perSchool: number, csem: number) {
  const rng = seededRandom(seed);
  const rows: Row[] = [];
  const csemGroups: { n: number; sumCsemSquared: number }[] = [];
  let sumW = 0;
  let sumWW = 0;
  for (let s = 0; s < schools; s++) {
    const intake = 0.5 * rng.normal();
    const effect = 0.2 * rng.normal();
    for (let i = 0; i < perSchool; i++) {
      const truePrior = intake + rng.normal();
      const w = truePrior + csem * rng.normal();
      const z = rng.uniform() < 0.5 + 0.2 * intake ? 1 : 0;
      const y = 0.7 * truePrior - 0.2 * z + effect + 0.5 * rng.normal();
      rows.push({ school: s, x: [w, z], y });
      sumW += w;
      sumWW += w * w;
    }
    csemGroups.push({ n: perSchool, sumCsemSquared: perSchool * csem * csem });
  }
  const n = rows.length;
  const varW = (sumWW - (sumW * sumW) / n) / (n - 1);
  return { sums: withinSumsFromGroups(groupSums(rows, 2)), csemGroups, varW };
}

describe("fitWithinOls(sums, { errorVariance }) — errors in variables", () => {
  it("moves the attenuated prior slope back to the true slope (per-student SEM form)", () => {
    const { sums, csemGroups } = simulateEiv(11, 80, 40, 0.6);
    const naive = fitWithinOls(sums);
    const lambda = withinErrorVarianceFromCsem(csemGroups);
    expect(lambda).toBeCloseTo(80 * 39 * 0.36, 8);
    const fit = fitWithinOls(sums, { errorVariance: [lambda, 0] });
    expect(fit.eiv.method).toBe("corrected");
    expect(fit.eiv.subtracted).toEqual([lambda, 0]);
    expect(naive.coefficients[0]).toBeLessThan(0.6); // attenuated: 0.7 / (1 + 0.36) ≈ 0.51
    expect(Math.abs(fit.coefficients[0]! - 0.7)).toBeLessThan(
      Math.abs(naive.coefficients[0]! - 0.7) / 4,
    );
    expect(Math.abs(fit.coefficients[0]! - 0.7)).toBeLessThan(3 * fit.standardErrors[0]!);
    expect(fit.standardErrors[0]).toBeGreaterThan(naive.standardErrors[0]!);
    expect(fit.warnings).toEqual([]);
  });

  it("gives the same correction from a reliability as from the equivalent constant SEM", () => {
    const csem = 0.6;
    const { sums, csemGroups } = simulateEiv(12, 50, 30, csem);
    // reliability chosen so that (1 − ρ)·Var(w) = c²
    const priorVariance = 2;
    const reliability = 1 - (csem * csem) / priorVariance;
    const fromReliability = withinErrorVarianceFromReliability({
      reliability,
      priorVariance,
      n: sums.n,
      groups: sums.groups,
    });
    expect(fromReliability).toBeCloseTo(withinErrorVarianceFromCsem(csemGroups), 9);
    expect(() =>
      withinErrorVarianceFromReliability({ reliability: 1.2, priorVariance, n: 10, groups: 2 }),
    ).toThrow(/reliability 1.2/);
  });

  it("reports standard errors that match the spread of the corrected slope over replications", () => {
    const slopes: number[] = [];
    const ses: number[] = [];
    for (let rep = 0; rep < 150; rep++) {
      const { sums, csemGroups } = simulateEiv(1000 + rep, 20, 25, 0.6);
      const fit = fitWithinOls(sums, {
        errorVariance: [withinErrorVarianceFromCsem(csemGroups), 0],
      });
      slopes.push(fit.coefficients[0]!);
      ses.push(fit.standardErrors[0]!);
    }
    const mean = slopes.reduce((a, b) => a + b, 0) / slopes.length;
    const sd = Math.sqrt(slopes.reduce((a, b) => a + (b - mean) ** 2, 0) / (slopes.length - 1));
    const meanSe = ses.reduce((a, b) => a + b, 0) / ses.length;
    expect(Math.abs(mean - 0.7)).toBeLessThan(0.02);
    expect(meanSe / sd).toBeGreaterThan(0.85);
    expect(meanSe / sd).toBeLessThan(1.15);
  });

  it("computes Fuller's smallest root in closed form for a single error-prone regressor", () => {
    const sums = { xtx: [[50]], xty: [30], yty: 40, n: 100, groups: 10 };
    const fit = fitWithinOls(sums, { errorVariance: [10] });
    // |M_ZZ − λ diag(0, Λ)| = 0  ⇔  λ = (x′x − (x′y)²/y′y) / Λ
    expect(fit.eiv.smallestRoot).toBeCloseTo((50 - 900 / 40) / 10, 12);
    expect(fit.coefficients[0]).toBeCloseTo(30 / 40, 12);
  });

  it("applies the Fuller modification, with a warning, when the correction would overshoot", () => {
    // Λ larger than the whole within variance of the prior: X̃′X̃ − Λ is negative
    const sums = {
      xtx: [
        [50, 5],
        [5, 20],
      ],
      xty: [30, 4],
      yty: 40,
      n: 100,
      groups: 10,
    };
    const fit = fitWithinOls(sums, { errorVariance: [60, 0] });
    expect(fit.eiv.method).toBe("fuller");
    expect(fit.warnings.map((w) => w.code)).toEqual(["eiv-fuller-modification"]);
    expect(fit.eiv.subtracted[0]).toBeGreaterThan(0);
    expect(fit.eiv.subtracted[0]).toBeLessThan(60);
    expect(fit.coefficients.every(Number.isFinite)).toBe(true);
    expect(fit.sigma2).toBeGreaterThan(0);

    const naiveFallback = fitWithinOls(sums, { errorVariance: [60, 0], smallSample: "naive" });
    const naive = fitWithinOls(sums);
    expect(naiveFallback.eiv.method).toBe("naive-fallback");
    expect(naiveFallback.warnings.map((w) => w.code)).toEqual(["eiv-fallback-naive"]);
    expect(naiveFallback.coefficients).toEqual(naive.coefficients);
  });

  it("rejects a negative error variance, naming the column", () => {
    const sums = { xtx: [[50]], xty: [30], yty: 40, n: 100, groups: 10 };
    expect(() => fitWithinOls(sums, { errorVariance: [-1], names: ["prior_ela"] })).toThrow(
      /error variance -1 for prior_ela/,
    );
  });
});
