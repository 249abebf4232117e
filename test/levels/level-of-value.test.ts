import { describe, expect, it } from "vitest";
import { changeNeeded, levelOf } from "../../src/levels/level-of-value.ts";
import { percentileCuts } from "../../src/levels/percentile-cuts.ts";

const deciles = [10, 20, 30, 40, 50, 60, 70, 80, 90];

describe("levelOf(value, cuts, direction)", () => {
  it("counts the cut points reached for higher-is-better measures", () => {
    expect(levelOf(-5, deciles, "higher")).toBe(1);
    expect(levelOf(9.999, deciles, "higher")).toBe(1);
    expect(levelOf(45, deciles, "higher")).toBe(5);
    expect(levelOf(95, deciles, "higher")).toBe(10);
  });

  it("gives a value exactly at a cut point the better level (ties go up)", () => {
    expect(levelOf(10, deciles, "higher")).toBe(2);
    expect(levelOf(90, deciles, "higher")).toBe(10);
    expect(levelOf(10, deciles, "lower")).toBe(10);
    expect(levelOf(90, deciles, "lower")).toBe(2);
  });

  it("reverses the scale for lower-is-better measures", () => {
    expect(levelOf(0, deciles, "lower")).toBe(10);
    expect(levelOf(10.5, deciles, "lower")).toBe(9);
    expect(levelOf(45, deciles, "lower")).toBe(6);
    expect(levelOf(95, deciles, "lower")).toBe(1);
  });

  it("reproduces CORE's growth deciles: 07 → 1, 57 → 6, 88 → 9, 90 and 100 → 10", () => {
    expect([7, 57, 88, 90, 100, 0].map((g) => levelOf(g, deciles, "higher"))).toEqual([
      1, 6, 9, 10, 10, 1,
    ]);
  });

  it("skips empty levels when several cut points are equal", () => {
    // Many schools at 0% suspension: the 10th and 20th percentiles are both 0.
    const cuts = [0, 0, 1, 2, 3, 4, 5, 6, 7];
    expect(levelOf(0, cuts, "lower")).toBe(10);
    expect(levelOf(0.5, cuts, "lower")).toBe(8);
  });

  it("rejects cut points that do not ascend, naming them", () => {
    expect(() => levelOf(1, [10, 5], "higher")).toThrow("cut points must ascend: 10 then 5");
  });
});

describe("changeNeeded(value, cuts, direction)", () => {
  it("gives the distance to the lower bound of the next three levels when higher is better", () => {
    // 25 is level 3; levels 4, 5, 6 start at 30, 40, 50.
    expect(changeNeeded(25, deciles, "higher")).toEqual([5, 15, 25]);
  });

  it("gives a decrease down to the upper bound of the better levels when lower is better", () => {
    // 25 is level 1 + #{10..90 ≥ 25} = 8; level 9 needs ≤ 20, level 10 needs ≤ 10.
    expect(changeNeeded(25, deciles, "lower")).toEqual([-5, -15, null]);
  });

  it("needs no change beyond the top and nothing past level 10", () => {
    expect(changeNeeded(85, deciles, "higher")).toEqual([5, null, null]);
    expect(changeNeeded(100, deciles, "higher")).toEqual([null, null, null]);
  });

  it("reaches a level exactly at its bound (the tie rule)", () => {
    const [one] = changeNeeded(25, deciles, "higher");
    expect(levelOf(25 + one!, deciles, "higher")).toBe(4);
    const [down] = changeNeeded(25, deciles, "lower");
    expect(levelOf(25 + down!, deciles, "lower")).toBe(9);
  });
});

describe("percentileCuts(values, percentiles)", () => {
  it("interpolates between order statistics (type 7)", () => {
    // 11 values 0..100: h = 10 × p/100 lands on order statistics exactly.
    const values = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(percentileCuts(values, [10, 50, 90])).toEqual([10, 50, 90]);
    // 4 values 1,2,3,4: p25 → h = 0.75 → 1 + 0.75 × 1 = 1.75.
    expect(percentileCuts([4, 1, 3, 2], [25])).toEqual([1.75]);
  });
});
