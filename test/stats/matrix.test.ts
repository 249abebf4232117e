import { describe, expect, it } from "vitest";
import {
  factorSpd,
  invertSpd,
  isPositiveDefinite,
  multiply,
  multiplyVector,
  NEAR_SINGULAR_CONDITION,
  solveSpd,
} from "../../src/stats/matrix.ts";
import { StatsError } from "../../src/stats/stats-error.ts";
import { symmetricEigenvalues } from "../../src/stats/symmetric-eigenvalues.ts";
import { seededRandom } from "./random.ts";

function randomSpd(k: number, seed: number): number[][] {
  const rng = seededRandom(seed);
  const b = Array.from({ length: k + 3 }, () => Array.from({ length: k }, () => rng.normal()));
  // B′B + small diagonal, with wildly different column scales
  const scales = Array.from({ length: k }, (_, j) => 10 ** ((j % 5) - 2));
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      let s = 0;
      for (const row of b) s += row[i]! * row[j]!;
      return s * scales[i]! * scales[j]! + (i === j ? 1e-3 * scales[i]! ** 2 : 0);
    }),
  );
}

describe("factorSpd(a)", () => {
  it("solves A x = b to near machine precision for k = 60 with mixed column scales", () => {
    const a = randomSpd(60, 7);
    const rng = seededRandom(8);
    const x = Array.from({ length: 60 }, () => rng.normal());
    const b = multiplyVector(a, x);
    const { solution, warnings } = solveSpd(a, b);
    for (const [i, v] of solution.entries()) expect(v).toBeCloseTo(x[i]!, 8);
    expect(warnings).toEqual([]);
  });

  it("returns an inverse whose product with A is the identity", () => {
    const a = randomSpd(12, 3);
    const { inverse } = invertSpd(a);
    const product = multiply(a, inverse);
    for (const [i, row] of product.entries()) {
      for (const [j, v] of row.entries()) expect(v).toBeCloseTo(i === j ? 1 : 0, 10);
    }
  });

  it("computes log|A| (2×2 closed form)", () => {
    expect(
      factorSpd([
        [4, 2],
        [2, 3],
      ]).logDeterminant,
    ).toBeCloseTo(Math.log(8), 14);
  });

  it("rejects a singular matrix with a typed error naming the dependent column", () => {
    const a = [
      [1, 2, 3],
      [2, 4, 6],
      [3, 6, 10],
    ];
    expect(() => factorSpd(a)).toThrow(StatsError);
    expect(() => factorSpd(a)).toThrow(/column 1/);
    try {
      factorSpd(a);
    } catch (error) {
      expect((error as StatsError).code).toBe("singular");
    }
  });

  it("rejects an indefinite matrix as not positive definite", () => {
    try {
      factorSpd([
        [1, 2],
        [2, 1],
      ]);
      expect.unreachable();
    } catch (error) {
      expect((error as StatsError).code).toBe("not-positive-definite");
    }
    expect(
      isPositiveDefinite([
        [1, 2],
        [2, 1],
      ]),
    ).toBe(false);
    expect(
      isPositiveDefinite([
        [2, 1],
        [1, 2],
      ]),
    ).toBe(true);
  });

  it("warns (without failing) when the system is near-singular", () => {
    const eps = 1e-11;
    const { solution, warnings } = solveSpd(
      [
        [1, 1 - eps],
        [1 - eps, 1],
      ],
      [2 - eps, 2 - eps],
    );
    expect(warnings.map((w) => w.code)).toEqual(["near-singular"]);
    expect(solution[0]).toBeCloseTo(1, 3);
    expect(
      factorSpd([
        [1, 1 - eps],
        [1 - eps, 1],
      ]).conditionNumber,
    ).toBeGreaterThan(NEAR_SINGULAR_CONDITION);
  });

  it("names a non-finite entry and a ragged row", () => {
    expect(() =>
      factorSpd([
        [1, Number.NaN],
        [0, 1],
      ]),
    ).toThrow(/matrix\[0\]\[1\] is NaN/);
    expect(() => factorSpd([[1, 0], [0]])).toThrow(/row 1 has 1 entries, expected 2/);
  });
});

describe("symmetricEigenvalues(a)", () => {
  it("matches the 2×2 closed form", () => {
    const [a, b, c] = [3, 1.5, -2];
    const mid = (a + c) / 2;
    const r = Math.sqrt(((a - c) / 2) ** 2 + b * b);
    const values = symmetricEigenvalues([
      [a, b],
      [b, c],
    ]);
    expect(values[0]).toBeCloseTo(mid - r, 13);
    expect(values[1]).toBeCloseTo(mid + r, 13);
  });

  it("recovers planted eigenvalues of Q diag(d) Q′", () => {
    const d = [-1, 0.5, 2, 7, 30];
    // Q from Householder reflection I − 2vv′/v′v
    const v = [1, -2, 0.5, 3, 1];
    const vv = v.reduce((s, x) => s + x * x, 0);
    const q = v.map((vi, i) => v.map((vj, j) => (i === j ? 1 : 0) - (2 * vi * vj) / vv));
    const a = q.map((_, i) =>
      q.map((_, j) => d.reduce((s, dk, k) => s + q[i]![k]! * dk * q[j]![k]!, 0)),
    );
    for (const [i, value] of symmetricEigenvalues(a).entries())
      expect(value).toBeCloseTo(d[i]!, 12);
  });
});
