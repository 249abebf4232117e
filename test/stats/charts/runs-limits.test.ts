import { describe, expect, it } from "vitest";
import {
  anhoejCrossingsLimit,
  anhoejLongestRunLimit,
} from "../../../src/stats/charts/anhoej-rules.ts";
import { binomialHalfQuantile } from "../../../src/stats/charts/binomial-quantile.ts";
import { runsDistribution, runsLimits } from "../../../src/stats/charts/runs-limits.ts";

/** Runs distribution by listing every arrangement of n points with `up` of them above the median. */
function bruteForceRunCounts(n: number, up: number): number[] {
  const counts = new Array<number>(n + 1).fill(0);
  for (let mask = 0; mask < 1 << n; mask++) {
    let ones = 0;
    for (let b = mask; b > 0; b &= b - 1) ones++;
    if (ones !== up) continue;
    let runs = 1;
    for (let i = 1; i < n; i++) if (((mask >> i) & 1) !== ((mask >> (i - 1)) & 1)) runs++;
    counts[runs]!++;
  }
  return counts;
}

describe("runsLimits(useful)", () => {
  it("matches the exact runs distribution found by listing every arrangement (n = 10…20)", () => {
    for (let n = 10; n <= 20; n++) {
      const counts = bruteForceRunCounts(n, Math.floor(n / 2));
      const total = counts.reduce((a, b) => a + b, 0);
      let cum = 0;
      let lower = -1;
      let upper = -1;
      counts.forEach((c, r) => {
        cum += c;
        if (lower < 0 && cum / total >= 0.025) lower = r;
        if (upper < 0 && cum / total >= 0.975) upper = r;
      });
      expect(runsLimits(n), `n = ${n}`).toEqual({ lower, upper });
      expect(runsDistribution(Math.floor(n / 2), Math.ceil(n / 2)).map(Number)).toEqual(counts);
    }
  });

  it("agrees with the published Swed & Eisenhart two-tailed 5% critical values (n = 10…20)", () => {
    // Swed & Eisenhart (1943) table for n1 = ⌊n/2⌋, n2 = ⌈n/2⌉: reject when runs ≤ low or ≥ high.
    // Our limits are the same test written as "fewer than lower, more than upper".
    const published: Record<number, [number, number]> = {
      10: [2, 10],
      11: [3, 10],
      12: [3, 11],
      13: [3, 12],
      14: [3, 13],
      15: [4, 13],
      16: [4, 14],
      17: [5, 14],
      18: [5, 15],
      19: [5, 16],
      20: [6, 16],
    };
    for (const [n, [low, high]] of Object.entries(published))
      expect(runsLimits(Number(n)), `n = ${n}`).toEqual({ lower: low + 1, upper: high - 1 });
  });

  it("gives the ranges quoted in the reference notes (§1.4)", () => {
    expect(runsLimits(10)).toEqual({ lower: 3, upper: 9 });
    expect(runsLimits(15)).toEqual({ lower: 5, upper: 12 });
    expect(runsLimits(20)).toEqual({ lower: 7, upper: 15 });
    expect(runsLimits(24)).toEqual({ lower: 8, upper: 18 });
    expect(runsLimits(30)).toEqual({ lower: 11, upper: 21 });
    // Balestracci's Quality Digest table says 5–12 for 16 points; the exact distribution says 5–13.
    expect(runsLimits(16)).toEqual({ lower: 5, upper: 13 });
  });

  it("stays exact for long series (no overflow at n = 2,000)", () => {
    const { lower, upper } = runsLimits(2000);
    // normal approximation: mean 1001, sd ≈ 22.35, so about 957 and 1045
    expect(lower).toBeGreaterThan(950);
    expect(upper).toBeLessThan(1052);
    expect(lower + upper).toBeGreaterThanOrEqual(2000);
    expect(lower + upper).toBeLessThanOrEqual(2004);
  });

  it("names a bad count of useful points", () => {
    expect(() => runsLimits(1)).toThrow(/useful points ≥ 2, got 1/);
    expect(() => runsLimits(3.5)).toThrow(/got 3.5/);
  });
});

describe("binomialHalfQuantile(p, size)", () => {
  it("equals R's qbinom(0.05, 0:99, 0.5)", () => {
    // R 4.2.2: cat(qbinom(0.05, 0:99, 0.5), sep=",")
    const r =
      "0,0,0,0,0,1,1,1,2,2,2,3,3,4,4,4,5,5,6,6,6,7,7,8,8,8,9,9,10,10,11,11,11,12,12,13,13,14,14,14,15,15,16,16,17,17,17,18,18,19,19,20,20,21,21,21,22,22,23,23,24,24,25,25,25,26,26,27,27,28,28,29,29,29,30,30,31,31,32,32,33,33,34,34,34,35,35,36,36,37,37,38,38,39,39,39,40,40,41,41"
        .split(",")
        .map(Number);
    for (const [size, q] of r.entries())
      expect(binomialHalfQuantile(0.05, size), `size ${size}`).toBe(q);
  });

  it("is the median at p = 0.5 and the whole range at the extremes", () => {
    expect(binomialHalfQuantile(0.5, 10)).toBe(5);
    expect(binomialHalfQuantile(1e-12, 10)).toBe(0);
    expect(binomialHalfQuantile(1 - 1e-12, 10)).toBe(10);
  });

  it("names a bad argument", () => {
    expect(() => binomialHalfQuantile(0, 5)).toThrow(/probability 0/);
    expect(() => binomialHalfQuantile(0.05, -1)).toThrow(/size -1/);
  });
});

describe("Anhøj limits", () => {
  it("longest run: round(log2(n) + 3) as R computes it for n = 1…60", () => {
    // R 4.2.2: cat(round(log2(1:60)+3), sep=",")
    const r =
      "3,4,5,5,5,6,6,6,6,6,6,7,7,7,7,7,7,7,7,7,7,7,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9"
        .split(",")
        .map(Number);
    for (const [i, limit] of r.entries())
      expect(anhoejLongestRunLimit(i + 1), `n = ${i + 1}`).toBe(limit);
  });

  it("crossings: qbinom(0.05, n − 1, 0.5)", () => {
    expect(anhoejCrossingsLimit(20)).toBe(6);
    expect(anhoejCrossingsLimit(24)).toBe(8);
    expect(anhoejCrossingsLimit(1)).toBe(0);
  });
});
