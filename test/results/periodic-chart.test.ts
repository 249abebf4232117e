import { describe, expect, it } from "vitest";
import { periodicMeasure } from "../../src/measures/periodic-results-table.ts";
import { PeriodicChartQueryError, periodicChart } from "../../src/results/periodic-chart.ts";
import type { PeriodicPoint } from "../../src/results/periodic-schema.ts";

/** Months from September with `k` of `n` counted; a null pair is a withheld period. */
function series(counts: readonly ([number, number] | null)[], scale = 100): PeriodicPoint[] {
  return counts.map((c, i) => {
    const start = new Date(Date.UTC(2024, 8 + i, 1)).toISOString().slice(0, 10);
    return {
      period_start: start,
      period_end: start,
      period_label: start.slice(0, 7),
      n: c ? c[1] : null,
      numerator: c ? c[0] : null,
      denominator: c ? c[1] : null,
      value: c ? (scale * c[0]) / c[1] : null,
      suppressed: c === null,
      suppression_reason: c === null ? "small_n" : null,
    };
  });
}

const chronic = periodicMeasure("chronic_absence_to_date")!;

describe("periodicChart(points, measure, query)", () => {
  it("draws the measure's p-chart in percent from the shown points only: a withheld period is a gap", () => {
    const points = series([[20, 100], null, [30, 100], [10, 100]]);
    const { chart } = periodicChart(points, chronic, { laney: false });
    expect(chart?.kind).toBe("p");
    // The centre pools the shown periods only: 60 of 300.
    expect(chart!.parts[0]!.centre).toBeCloseTo(20, 12);
    expect(chart!.points[1]).toMatchObject({ value: null, lower: null, upper: null });
    expect(chart!.points[0]!.upper).toBeCloseTo(100 * (0.2 + 3 * Math.sqrt((0.2 * 0.8) / 100)), 9);
  });

  it("draws a u-chart for a count per student and a run chart on request", () => {
    const points = series([
      [3, 500],
      [4, 500],
      [2, 480],
    ]);
    const suspensions = periodicMeasure("suspensions_per_month")!;
    expect(periodicChart(points, suspensions).chart?.kind).toBe("u-prime");
    expect(periodicChart(points, suspensions, { chart: "run" }).chart?.kind).toBe("run");
  });

  it("starts a part at a period's first day and refuses a day that starts none, naming it", () => {
    const points = series([
      [20, 100],
      [21, 100],
      [10, 100],
      [11, 100],
    ]);
    const { chart } = periodicChart(points, chronic, { parts: [points[2]!.period_start] });
    expect(chart!.parts.map((p) => p.start)).toEqual([0, 2]);
    expect(() => periodicChart(points, chronic, { parts: ["2024-10-15"] })).toThrow(
      PeriodicChartQueryError,
    );
    expect(() => periodicChart(points, chronic, { parts: ["2024-10-15"] })).toThrow('"2024-10-15"');
  });

  it("draws nothing, and says why, when every period is withheld or the baseline has no value", () => {
    expect(periodicChart(series([null, null]), chronic).note).toMatch(/withheld/);
    const { chart, note } = periodicChart(series([null, [2, 10], [3, 10]]), chronic, {
      baseline: 1,
    });
    expect(chart).toBeNull();
    expect(note).toMatch(/baseline/);
  });

  describe("monthly absence: seasonally adjusted against the previous year by default", () => {
    const absence = periodicMeasure("monthly_absence_rate")!;
    // September runs at half the year's rate, October to December at it, January at 1.5 times
    // it; last year followed the seasons exactly (10% of 1,000 days a month once adjusted).
    const previous = series([
      [50, 1000],
      [100, 1000],
      [100, 1000],
      [100, 1000],
      [150, 1000],
    ]).map((p) => ({ ...p, period_start: p.period_start.replace("2024", "2023") }));
    const season = new Map([
      ["09", 0.5],
      ["10", 1],
      ["11", 1],
      ["12", 1],
      ["01", 1.5],
    ]);
    // This year: 40, 80, 80 days in September to November (level 200 / 2,500 expected = 8%),
    // then 82 in December and 75 in January: 8.2% and 5% after adjustment; January's lower
    // limit is 8 − 3 × 0.924 = 5.23%.
    const points = series([
      [40, 1000],
      [80, 1000],
      [80, 1000],
      [82, 1000],
      [75, 1000],
    ]);

    it("charts each month's rate over its seasonal index, centred on the year's first 3 months, in percent", () => {
      const { chart, note } = periodicChart(points, absence, {}, { previous, season });
      expect(note).toBeNull();
      expect(chart?.kind).toBe("seasonal-u");
      expect(chart!.parts[0]!.centre).toBeCloseTo(8, 10);
      for (const [i, v] of [8, 8, 8, 8.2, 5].entries())
        expect(chart!.points[i]!.value).toBeCloseTo(v, 10);
      // Last year varied less than Poisson: σ_z = 1; σ of January = √(0.08/1500 + 0.08/2500).
      expect(chart!.points[4]!.sigma).toBeCloseTo(100 * Math.sqrt(0.08 / 1500 + 0.08 / 2500), 10);
      expect(chart!.signals.map((s) => [s.rule, s.points, s.effect])).toEqual([
        ["outside-limits", [4], "improvement"],
      ]);
    });

    it("draws the plain chart, saying so, without the previous year; nothing when the seasonal chart is asked for", () => {
      const plain = periodicChart(points, absence);
      expect(plain.chart?.kind).toBe("p-prime");
      expect(plain.note).toMatch(/^not seasonally adjusted: the previous school year/);
      const asked = periodicChart(points, absence, { chart: "seasonal" });
      expect(asked.chart).toBeNull();
      expect(asked.note).toMatch(/previous school year/);
      const short = periodicChart(points, absence, {}, { previous: previous.slice(0, 1), season });
      expect(short.chart?.kind).toBe("p-prime");
      expect(short.note).toMatch(/^not seasonally adjusted: .*at least two/);
    });

    it("draws the control chart when parts are asked for, and refuses parts on the seasonal chart", () => {
      const split = periodicChart(
        points,
        absence,
        { parts: [points[3]!.period_start] },
        { previous, season },
      );
      expect(split.chart?.kind).toBe("p-prime");
      expect(split.chart!.parts).toHaveLength(2);
      expect(() =>
        periodicChart(
          points,
          absence,
          { chart: "seasonal", parts: [points[3]!.period_start] },
          { previous, season },
        ),
      ).toThrow(PeriodicChartQueryError);
    });
  });
});
