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
});
