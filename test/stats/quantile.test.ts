import { describe, expect, it } from "vitest";
import { quantilesType7, quantileType7 } from "../../src/stats/quantile.ts";

describe("quantileType7(values, p)", () => {
  it("matches python3 statistics.quantiles(method='inclusive') deciles (type 7)", () => {
    const data = [3.5, 1, 7, 2, 2, 10, -4, 8.25];
    const deciles = quantilesType7(
      data,
      Array.from({ length: 9 }, (_, i) => (i + 1) / 10),
    );
    const expected = [-0.5, 1.4, 2.0, 2.0, 2.75, 4.2, 6.65, 7.75, 8.775];
    for (const [i, q] of deciles.entries()) expect(q).toBeCloseTo(expected[i]!, 12);
  });

  it("returns the minimum at p = 0, the maximum at p = 1 and interpolates between order statistics", () => {
    expect(quantileType7([4, 1, 3, 2], 0)).toBe(1);
    expect(quantileType7([4, 1, 3, 2], 1)).toBe(4);
    expect(quantileType7([4, 1, 3, 2], 0.25)).toBe(1.75);
    expect(quantileType7([5], 0.3)).toBe(5);
  });

  it("does not reorder the caller's array", () => {
    const data = [3, 1, 2];
    quantileType7(data, 0.5);
    expect(data).toEqual([3, 1, 2]);
  });

  it("names the bad input", () => {
    expect(() => quantileType7([], 0.5)).toThrow(/empty sample/);
    expect(() => quantileType7([1, Number.NaN], 0.5)).toThrow(/value NaN at index 1/);
    expect(() => quantileType7([1, 2], 1.5)).toThrow(/probability 1.5/);
  });
});
