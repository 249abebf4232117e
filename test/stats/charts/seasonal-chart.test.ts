import { describe, expect, it } from "vitest";
import { seasonalChart } from "../../../src/stats/charts/seasonal-chart.ts";
import { seasonalIndex } from "../../../src/stats/charts/seasonal-index.ts";
import { uChart } from "../../../src/stats/charts/u-chart.ts";
import { StatsError } from "../../../src/stats/stats-error.ts";

const lib = { direction: "lower_is_better" } as const;

describe("seasonalIndex(totals)", () => {
  it("gives each month its rate over the rate of all months together", () => {
    const index = seasonalIndex([
      { key: "09", count: 10, exposure: 100 },
      { key: "01", count: 30, exposure: 100 },
      { key: "07", count: 0, exposure: 0 },
    ]);
    // 40 of 200 overall: 0.1 / 0.2 and 0.3 / 0.2; a month with no exposure has no index.
    expect(index.get("09")).toBeCloseTo(0.5, 12);
    expect(index.get("01")).toBeCloseTo(1.5, 12);
    expect(index.has("07")).toBe(false);
  });

  it("refuses a repeated month, a negative total and a year with nothing counted, naming them", () => {
    expect(() =>
      seasonalIndex([
        { key: "09", count: 1, exposure: 10 },
        { key: "09", count: 1, exposure: 10 },
      ]),
    ).toThrow('"09" appears twice');
    expect(() => seasonalIndex([{ key: "10", count: -1, exposure: 10 }])).toThrow('"10"');
    expect(() => seasonalIndex([{ key: "10", count: 0, exposure: 10 }])).toThrow(StatsError);
  });
});

describe("seasonalChart(current, previous, options)", () => {
  // Previous year, worked by hand: expected exposures e = exposure × season = 100 each,
  // adjusted rates 0.10 0.10 0.14 0.06 around their level 40 / 400 = 0.1, σ_i = √(0.1/100);
  // z = 0, 0, 1.264911, −1.264911; moving ranges 0, 1.264911, 2.529822; σ_z = 1.264911 / 1.128.
  const previous = {
    counts: [10, 10, 14, 6],
    exposures: [200, 50, 100, 100],
    season: [0.5, 2, 1, 1],
  };
  const sigmaZ = 1.2649110640673518 / 1.128;

  it("centres on this year's first months, adjusted by season, and folds that level's uncertainty into the limits", () => {
    // This year: e = 100, 100, 100, 100, 50; level from the first 3: 30 / 300 = 0.1.
    const current = {
      counts: [8, 12, 10, 10, 2],
      exposures: [100, 100, 100, 100, 100],
      season: [1, 1, 1, 1, 0.5],
    };
    const chart = seasonalChart(current, previous, lib);
    expect(chart.kind).toBe("seasonal-u");
    expect(chart.parts[0]).toMatchObject({ baselineStart: 0, baselineEnd: 2 });
    expect(chart.parts[0]!.centre).toBeCloseTo(0.1, 12);
    expect(chart.points.map((p) => p.value)).toEqual([0.08, 0.12, 0.1, 0.1, 0.04]);
    // In the baseline: σ_z·√(0.1/100); after it: σ_z·√(0.1/e + 0.1/300).
    expect(chart.points[0]!.sigma).toBeCloseTo(sigmaZ * Math.sqrt(0.001), 12);
    expect(chart.points[3]!.sigma).toBeCloseTo(sigmaZ * Math.sqrt(0.001 + 0.1 / 300), 12);
    expect(chart.points[4]!.sigma).toBeCloseTo(sigmaZ * Math.sqrt(0.002 + 0.1 / 300), 12);
    expect(chart.points[3]!.sigma).toBeCloseTo(0.040947, 6);
    expect(sigmaZ).toBeCloseTo(1.121375, 6);
    expect(chart.points[4]!.lower).toBe(0);
    expect(chart.points[3]!.upper).toBeCloseTo(0.1 + 3 * 0.040947, 5);
    expect(chart.signals).toEqual([]);
  });

  it("never narrows the limits below the Poisson ones when last year varied less than Poisson", () => {
    // Last year flat: σ_z = 0, taken as 1.
    const flat = {
      counts: [10, 10, 10, 10],
      exposures: [100, 100, 100, 100],
      season: [1, 1, 1, 1],
    };
    const current = {
      counts: [10, 10, 10, 10],
      exposures: [100, 100, 100, 100],
      season: [1, 1, 1, 1],
    };
    const chart = seasonalChart(current, flat, lib);
    expect(chart.points[3]!.sigma).toBeCloseTo(Math.sqrt(0.001 + 0.1 / 300), 12);
  });

  it("flags a drop after the baseline as an improvement, judged against limits widened for the level's uncertainty", () => {
    const flat = {
      counts: [100, 100, 100, 100],
      exposures: [1000, 1000, 1000, 1000],
      season: [1, 1, 1, 1],
    };
    // Level 0.1 from 3 months of 1000 days; σ after = √(0.1/1000 + 0.1/3000) = 0.011547, lower
    // limit 0.065359: 0.068 is inside (it would be outside the 0.07 of limits that ignore the
    // level's uncertainty), 0.05 is outside.
    const current = {
      counts: [100, 100, 100, 68, 50],
      exposures: [1000, 1000, 1000, 1000, 1000],
      season: [1, 1, 1, 1, 1],
    };
    const chart = seasonalChart(current, flat, { ...lib, rules: { shift: null, trend: null } });
    expect(chart.points[3]!.lower).toBeCloseTo(0.1 - 3 * Math.sqrt(0.1 / 1000 + 0.1 / 3000), 12);
    const outside = chart.signals.filter((s) => s.rule === "outside-limits");
    expect(outside.map((s) => [s.points, s.effect])).toEqual([[[4], "improvement"]]);
  });

  it("leaves the shift rule out by default (the centre is estimated), and runs it when asked", () => {
    const flat = {
      counts: [100, 100, 100, 100],
      exposures: [1000, 1000, 1000, 1000],
      season: [1, 1, 1, 1],
    };
    // Eight months at 9.5% after a level of 10%: under half a sigma below, all on one side.
    const current = {
      counts: [100, 100, 100, ...Array(8).fill(95)],
      exposures: Array(11).fill(1000),
      season: Array(11).fill(1),
    };
    expect(seasonalChart(current, flat, lib).signals).toEqual([]);
    const asked = seasonalChart(current, flat, { ...lib, rules: {} });
    expect(asked.signals.map((s) => [s.rule, s.points.length, s.effect])).toEqual([
      ["shift", 8, "improvement"],
    ]);
  });

  it("agrees with a u-chart of the adjusted counts whose variance is widened by hand (independent check)", () => {
    const current = {
      counts: [31, 40, 35, 52, 20, 0, 44],
      exposures: [300, 420, 380, 410, 250, 0, 400],
      season: [0.8, 1.1, 0.9, 1.3, 0.7, 1, 1.2],
    };
    const expected = current.exposures.map((x, i) => x * current.season[i]!);
    const plain = uChart(current.counts, expected, { ...lib, baseline: { first: 3 } });
    const level = (31 + 40 + 35) / (expected[0]! + expected[1]! + expected[2]!);
    const chart = seasonalChart(current, previous, lib);
    expect(chart.parts[0]!.centre).toBeCloseTo(plain.parts[0]!.centre, 12);
    for (const [i, p] of chart.points.entries()) {
      const u = plain.points[i]!;
      expect(p.value).toBe(u.value);
      if (u.sigma === null) {
        expect(p.sigma).toBeNull();
        continue;
      }
      const extra = i < 3 ? 0 : level / (expected[0]! + expected[1]! + expected[2]!);
      expect(p.sigma, `point ${i}`).toBeCloseTo(sigmaZ * Math.sqrt(u.sigma ** 2 + extra), 12);
    }
  });

  it("refuses a previous year with fewer than two periods, and mismatched seasons, naming them", () => {
    const one = { counts: [10], exposures: [100], season: [1] };
    const current = { counts: [10, 10], exposures: [100, 100], season: [1, 1] };
    expect(() => seasonalChart(current, one, lib)).toThrow(/at least two/);
    expect(() => seasonalChart({ ...current, season: [1] }, previous, lib)).toThrow(
      "2 exposures but 1 seasonal indexes",
    );
    expect(() => seasonalChart({ ...current, season: [1, 0] }, previous, lib)).toThrow(
      "seasonal index 0 at period 1",
    );
  });
});
