import { describe, expect, it } from "vitest";
import {
  covarianceMatrix,
  mahalanobisDistances,
  mahalanobisMetric,
  pooledCovariance,
} from "../../src/stats/mahalanobis.ts";
import { seededRandom } from "./random.ts";

describe("covarianceMatrix(rows) and pooledCovariance(groups)", () => {
  it("computes the sample covariance with divisor n − 1", () => {
    const cov = covarianceMatrix([
      [1, 2],
      [2, 4],
      [3, 3],
    ]);
    // x: mean 2, Σd² = 2 → 1; y: mean 3, Σd² = 2 → 1; Σdxdy = (−1)(−1) + 0 + (1)(0) = 1 → 0.5
    expect(cov).toEqual([
      [1, 0.5],
      [0.5, 1],
    ]);
  });

  it("pools within-group deviations with divisor N − G, ignoring differences between group means", () => {
    const a = [[0], [2]]; // within SS 2
    const b = [[100], [101], [105]]; // mean 102, within SS 4 + 1 + 9 = 14
    expect(pooledCovariance([a, b])[0]![0]).toBeCloseTo(16 / 3, 14);
  });

  it("names too-small samples and ragged rows", () => {
    expect(() => covarianceMatrix([[1, 2]])).toThrow(/1 rows in 1 groups/);
    expect(() => covarianceMatrix([[1, 2], [1]])).toThrow(/row 1 has 1 values, expected 2/);
  });
});

describe("mahalanobisDistances(from, to, covariance)", () => {
  it("is Euclidean under the identity and standardized under a diagonal covariance", () => {
    const { distances } = mahalanobisDistances(
      [[0, 0]],
      [[3, 4]],
      [
        [1, 0],
        [0, 1],
      ],
    );
    expect(distances[0]![0]).toBeCloseTo(5, 14);
    const scaled = mahalanobisDistances(
      [[0, 0]],
      [[3, 4]],
      [
        [9, 0],
        [0, 4],
      ],
    );
    expect(scaled.distances[0]![0]).toBeCloseTo(Math.sqrt(9 / 9 + 16 / 4), 14);
  });

  it("matches the 2×2 closed form with correlation", () => {
    const [s11, s12, s22] = [2, 0.8, 1];
    const det = s11 * s22 - s12 * s12;
    const [dx, dy] = [1.5, -0.5];
    const expected = Math.sqrt((s22 * dx * dx - 2 * s12 * dx * dy + s11 * dy * dy) / det);
    const metric = mahalanobisMetric([
      [s11, s12],
      [s12, s22],
    ]);
    expect(metric.distance([dx, dy], [0, 0])).toBeCloseTo(expected, 14);
    expect(metric.warnings).toEqual([]);
  });

  it("is invariant to an invertible affine change of the variables (units, mixing, shifts)", () => {
    const rng = seededRandom(3);
    const data = Array.from({ length: 50 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const transform = (x: number[]) => [
      1000 * x[0]! + 5,
      2 * x[0]! + 0.01 * x[1]!,
      x[1]! - x[2]! + 7,
    ];
    const moved = data.map(transform);
    const before = mahalanobisDistances(
      data.slice(0, 5),
      data.slice(5),
      covarianceMatrix(data),
    ).distances;
    const after = mahalanobisDistances(
      moved.slice(0, 5),
      moved.slice(5),
      covarianceMatrix(moved),
    ).distances;
    for (const [i, row] of before.entries()) {
      for (const [j, d] of row.entries()) expect(after[i]![j]).toBeCloseTo(d, 8);
    }
  });

  it("adds a ridge with a warning when a variable is constant or duplicated", () => {
    const data = [
      [1, 2, 5],
      [2, 4, 5],
      [4, 8, 5],
      [3, 5, 5],
    ];
    const cov = covarianceMatrix(data);
    const { distances, ridge, warnings } = mahalanobisDistances(data, data, cov);
    expect(ridge).toBeGreaterThan(0);
    expect(warnings.map((w) => w.code)).toEqual(["ridge-added"]);
    for (const [i, row] of distances.entries()) {
      for (const [j, d] of row.entries()) {
        expect(Number.isFinite(d)).toBe(true);
        if (i === j) expect(d).toBe(0);
      }
    }
  });

  it("refuses a covariance where every variable is constant", () => {
    expect(() =>
      mahalanobisMetric([
        [0, 0],
        [0, 0],
      ]),
    ).toThrow(/every variable is constant/);
  });
});
