import { describe, expect, it } from "vitest";
import type { ChartResult, SignalRule } from "../../../src/stats/charts/chart-result.ts";
import { runChart } from "../../../src/stats/charts/run-chart.ts";

const only = (chart: ChartResult, rule: SignalRule) => chart.signals.filter((s) => s.rule === rule);
const hib = { direction: "higher_is_better" } as const;

describe("runChart(values, options) — IHI shift", () => {
  // Baseline [4, 6, 4, 6, 5] has median 5: below, above, below, above, on the median.
  const lead = [4, 6, 4, 6, 5, 4];

  it("fires on exactly 6 points above the median", () => {
    const chart = runChart([...lead, 6, 6, 6, 6, 6, 6], { ...hib, baseline: { first: 5 } });
    expect(chart.parts[0]!.centre).toBe(5);
    expect(only(chart, "shift")).toEqual([
      {
        rule: "shift",
        part: 0,
        points: [6, 7, 8, 9, 10, 11],
        side: "up",
        effect: "improvement",
        detail: { length: 6, limit: 6 },
      },
    ]);
  });

  it("does not fire on 5", () => {
    const chart = runChart([...lead, 6, 6, 6, 6, 6], { ...hib, baseline: { first: 5 } });
    expect(only(chart, "shift")).toEqual([]);
  });

  it("skips a point on the median: it neither breaks the shift nor counts in it", () => {
    const broken = runChart([...lead, 6, 6, 6, 5, 6, 6, 6], { ...hib, baseline: { first: 5 } });
    expect(only(broken, "shift").map((s) => s.points)).toEqual([[6, 7, 8, 10, 11, 12]]);
    const padded = runChart([...lead, 6, 6, 5, 6, 6, 6], { ...hib, baseline: { first: 5 } });
    expect(only(padded, "shift")).toEqual([]);
  });

  it("labels a shift below the median as improvement when lower is better", () => {
    const chart = runChart([6, 4, 6, 4, 5, 6, 4, 4, 4, 4, 4, 4], {
      direction: "lower_is_better",
      baseline: { first: 5 },
    });
    const [shift] = only(chart, "shift");
    expect(shift).toMatchObject({
      side: "down",
      effect: "improvement",
      points: [6, 7, 8, 9, 10, 11],
    });
  });

  it("skips missing points without breaking the run", () => {
    const chart = runChart([...lead, 6, 6, null, 6, 6, 6, 6], { ...hib, baseline: { first: 5 } });
    expect(only(chart, "shift").map((s) => s.points)).toEqual([[6, 7, 9, 10, 11, 12]]);
    expect(chart.points[8]).toMatchObject({ value: null, centre: 5 });
    expect(chart.warnings.map((w) => w.code)).toContain("missing-points");
  });
});

describe("runChart(values, options) — IHI trend", () => {
  it("fires on exactly 5 points going up", () => {
    const chart = runChart([9, 1, 2, 3, 4, 5, 2], hib);
    expect(only(chart, "trend")).toEqual([
      {
        rule: "trend",
        part: 0,
        points: [1, 2, 3, 4, 5],
        side: "up",
        effect: "improvement",
        detail: { length: 5, limit: 5 },
      },
    ]);
  });

  it("does not fire on 4", () => {
    expect(only(runChart([9, 1, 2, 3, 4, 2], hib), "trend")).toEqual([]);
  });

  it("counts tied neighbours once: a tie neither adds to nor breaks the trend", () => {
    expect(only(runChart([9, 1, 2, 2, 3, 4, 2], hib), "trend")).toEqual([]);
    const chart = runChart([9, 1, 2, 2, 3, 4, 5, 2], hib);
    expect(only(chart, "trend").map((s) => s.points)).toEqual([[1, 2, 4, 5, 6]]);
  });

  it("fires on a fall, a deterioration when higher is better", () => {
    const [trend] = only(runChart([1, 9, 8, 7, 6, 5, 8], hib), "trend");
    expect(trend).toMatchObject({ side: "down", effect: "deterioration", points: [1, 2, 3, 4, 5] });
  });

  it("takes the trend length as an option and can be turned off", () => {
    expect(only(runChart([9, 1, 2, 3, 4, 2], { ...hib, ihi: { trend: 4 } }), "trend")).toHaveLength(
      1,
    );
    expect(
      only(runChart([9, 1, 2, 3, 4, 5, 2], { ...hib, ihi: { trend: null } }), "trend"),
    ).toEqual([]);
  });
});

describe("runChart(values, options) — IHI number of runs", () => {
  // 20 points, 10 at 1 and 10 at 9: the median is 5 and every point is useful.
  const series = (lengths: number[]): number[] =>
    lengths.flatMap((len, k) => new Array<number>(len).fill(k % 2 === 0 ? 9 : 1));

  it("flags too few runs below the table's lower limit (6 runs for 20 points, limit 7)", () => {
    const chart = runChart(series([4, 3, 3, 3, 3, 4]), hib);
    expect(only(chart, "too-few-runs")).toEqual([
      {
        rule: "too-few-runs",
        part: 0,
        points: Array.from({ length: 20 }, (_, i) => i),
        side: null,
        effect: "no_direction",
        detail: { runs: 6, runsLower: 7, runsUpper: 15, useful: 20 },
      },
    ]);
  });

  it("does not flag 7 runs for 20 points", () => {
    const chart = runChart(series([3, 3, 2, 4, 3, 3, 2]), hib);
    expect(chart.signals).toEqual([]);
  });

  it("flags too many runs (20 alternating points)", () => {
    const chart = runChart(series(new Array<number>(20).fill(1)), hib);
    expect(only(chart, "too-many-runs")[0]!.detail).toEqual({
      runs: 20,
      runsLower: 7,
      runsUpper: 15,
      useful: 20,
    });
  });

  it("counts only points off the median", () => {
    const chart = runChart([1, 9, 1, 5, 9, 1, 9, 1, 9, 5, 1, 9, 1, 9], hib);
    expect(chart.parts[0]!.centre).toBe(5);
    expect(only(chart, "too-many-runs")[0]!.detail).toEqual({
      runs: 12,
      runsLower: 4,
      runsUpper: 10,
      useful: 12,
    });
  });

  it("waits for 10 useful points before applying the runs rule", () => {
    const chart = runChart([1, 9, 1, 9, 5, 9, 1, 9, 1, 5], hib);
    expect(chart.parts[0]!.centre).toBe(5);
    expect(chart.signals).toEqual([]);
    expect(chart.warnings.map((w) => w.code)).toContain("too-few-points-for-runs");
  });
});

describe("runChart(values, options) — baseline, parts and astronomical points", () => {
  it("freezes the median of the first k points and judges the later points against it", () => {
    const chart = runChart([3, 4, 5, 4, 3, 8, 8, 8, 8, 8, 8], {
      direction: "lower_is_better",
      baseline: { first: 5 },
    });
    expect(chart.parts).toEqual([
      { index: 0, start: 0, end: 10, baselineStart: 0, baselineEnd: 4, centre: 4 },
    ]);
    expect(chart.points.map((p) => p.baseline)).toEqual([
      ...new Array<boolean>(5).fill(true),
      ...new Array<boolean>(6).fill(false),
    ]);
    expect(only(chart, "shift")[0]).toMatchObject({ side: "up", effect: "deterioration" });
    expect(chart.warnings.map((w) => w.code)).toContain("short-baseline");
  });

  it("takes the median of a given range of points", () => {
    const chart = runChart([100, 3, 4, 5, 6, 7, 100], { ...hib, baseline: { from: 1, to: 5 } });
    expect(chart.parts[0]!.centre).toBe(5);
    expect(chart.points.every((p) => p.centre === 5)).toBe(true);
  });

  it("gives each part its own median, and a shift does not run across a split", () => {
    const values = [1, 2, 3, 2, 1, 2, 3, 11, 12, 13, 12, 11, 12, 13];
    const whole = runChart(values, hib);
    expect(only(whole, "shift").length).toBeGreaterThan(0);
    const split = runChart(values, { ...hib, parts: [{ start: 7 }] });
    expect(split.parts.map((p) => [p.start, p.end, p.centre])).toEqual([
      [0, 6, 2],
      [7, 13, 12],
    ]);
    expect(only(split, "shift")).toEqual([]);
    expect(split.points[7]).toMatchObject({ part: 1, centre: 12 });
  });

  it("reports the points an advisor flagged as astronomical, with their direction", () => {
    const chart = runChart([5, 6, 5, 6, 40, 5, 6, 1], {
      direction: "lower_is_better",
      astronomical: [4, 7],
    });
    expect(only(chart, "astronomical")).toEqual([
      {
        rule: "astronomical",
        part: 0,
        points: [4],
        side: "up",
        effect: "deterioration",
        detail: {},
      },
      {
        rule: "astronomical",
        part: 0,
        points: [7],
        side: "down",
        effect: "improvement",
        detail: {},
      },
    ]);
  });

  it("never flags a point as astronomical by itself", () => {
    const chart = runChart([5, 6, 5, 6, 40, 5, 6, 5], hib);
    expect(only(chart, "astronomical")).toEqual([]);
  });
});

describe("runChart(values, { rules: 'anhoej' })", () => {
  const ud = (s: string): number[] => [...s].map((c) => (c === "u" ? 9 : 1));

  it("flags a run longer than round(log2(n) + 3): 8 > 7 for 20 points", () => {
    const chart = runChart(ud("uuuuuuuudddudddudddd"), { ...hib, rules: "anhoej" });
    expect(chart.ruleSet).toBe("anhoej");
    expect(only(chart, "long-run")).toEqual([
      {
        rule: "long-run",
        part: 0,
        points: [0, 1, 2, 3, 4, 5, 6, 7],
        side: "up",
        effect: "improvement",
        detail: { length: 8, limit: 7, useful: 20 },
      },
    ]);
    const seven = runChart(ud("uuuuuuuddduudddudddd"), { ...hib, rules: "anhoej" });
    expect(only(seven, "long-run")).toEqual([]);
  });

  it("flags fewer crossings than qbinom(0.05, n − 1, 0.5): 5 < 6 for 20 points, not 6", () => {
    const five = runChart(ud("uuuuddduuuuddddduudd"), { ...hib, rules: "anhoej" });
    expect(only(five, "few-crossings")[0]!.detail).toEqual({ crossings: 5, limit: 6, useful: 20 });
    const six = runChart(ud("uuuudddduuuddddduudu"), { ...hib, rules: "anhoej" });
    expect(only(six, "few-crossings")).toEqual([]);
  });

  it("has no trend rule", () => {
    const chart = runChart([9, 1, 2, 3, 4, 5, 6, 7, 2], { ...hib, rules: "anhoej" });
    expect(only(chart, "trend")).toEqual([]);
  });
});

describe("runChart errors", () => {
  it("names the bad value, layout or flag", () => {
    expect(() => runChart([1, Number.NaN], hib)).toThrow(/values\[1\] is NaN/);
    expect(() => runChart([], hib)).toThrow(/no points/);
    expect(() => runChart([1, 2, 3], { ...hib, baseline: { first: 0 } })).toThrow(/first 0 points/);
    expect(() => runChart([1, 2, 3], { ...hib, baseline: { from: 1, to: 5 } })).toThrow(
      /points 1 to 5/,
    );
    expect(() => runChart([1, 2, 3], { ...hib, parts: [{ start: 3 }] })).toThrow(
      /starts at point 3/,
    );
    expect(() => runChart([1, 2, 3, 4], { ...hib, parts: [{ start: 2 }, { start: 1 }] })).toThrow(
      /part 2 starts at point 1/,
    );
    expect(() => runChart([null, null, 3], { ...hib, baseline: { first: 2 } })).toThrow(
      /baseline \(points 0 to 1\) has no values/,
    );
    expect(() => runChart([1, null, 3], { ...hib, astronomical: [1] })).toThrow(
      /astronomical point 1/,
    );
  });
});
