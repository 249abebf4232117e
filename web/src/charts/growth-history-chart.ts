import * as Plot from "@observablehq/plot";
import type { HistoryGrowthPoint } from "../api/types.ts";
import { effectText } from "../format/growth-reading.ts";
import { withChartData } from "./chart-data.ts";
import { yearScale } from "./level-bands.ts";
import { ALL_COLOR, GROUP_COLOR } from "./measure-history-chart.ts";

/** A group's growth series as the chart draws it. */
export interface GrowthSeries {
  readonly label: string;
  readonly points: readonly HistoryGrowthPoint[];
}

/**
 * Growth over the years: the school's effect compared to students like them, with its 95%
 * interval as a bar, for all students and the chosen group (set a little apart, hollow), around
 * a line at 0 (average). A year suppressed for the reader has no bar. Its data download lists
 * each series' years (effect and interval in hundredths of a standard deviation), a suppressed
 * year saying so.
 */
export function growthHistoryChart({
  years,
  all,
  group,
  width = 300,
}: {
  years: readonly number[];
  all: GrowthSeries;
  group: GrowthSeries | null;
  width?: number;
}): SVGSVGElement {
  const series = [all, ...(group ? [group] : [])];
  const data = series.flatMap((s, i) =>
    s.points
      .filter((p) => p.effect !== null && p.ci_low !== null && p.ci_high !== null)
      .map((p) => ({
        x: p.year + (group ? (i === 0 ? -0.12 : 0.12) : 0),
        year: p.year,
        // In hundredths of a standard deviation, as the growth table writes them.
        effect: p.effect! * 100,
        low: p.ci_low! * 100,
        high: p.ci_high! * 100,
        label: s.label,
        color: i === 0 ? ALL_COLOR : GROUP_COLOR,
        fill: i === 0 ? ALL_COLOR : "#ffffff",
      })),
  );
  const extent = Math.max(10, ...data.flatMap((d) => [Math.abs(d.low), Math.abs(d.high)]));
  const chart = Plot.plot({
    width,
    height: 180,
    marginLeft: 52,
    marginRight: 8,
    x: yearScale(years),
    y: {
      label: "↑ effect, hundredths of an SD (0 = average)",
      domain: [-extent * 1.1, extent * 1.1],
      nice: false,
    },
    marks: [
      Plot.frame({ stroke: "#d1d5db" }),
      Plot.ruleY([0], { stroke: "#6b7280", strokeDasharray: "3 3" }),
      Plot.ruleX(data, { x: "x", y1: "low", y2: "high", stroke: "color", strokeWidth: 2 }),
      Plot.dot(data, {
        x: "x",
        y: "effect",
        stroke: "color",
        fill: "fill",
        r: 3.5,
        title: (d) =>
          `${d.label}, ${d.year}: effect ${effectText(d.effect / 100)} (95% interval ${effectText(d.low / 100)} to ${effectText(d.high / 100)})`,
      }),
    ],
  }) as SVGSVGElement;
  const hundredths = (v: number | null) => (v === null ? null : v * 100);
  return withChartData(chart, {
    header: [
      "Student group",
      "Year",
      "Growth score",
      "Effect (hundredths of an SD)",
      "95% interval, low",
      "95% interval, high",
      "Level",
    ],
    rows: series.flatMap((s) =>
      s.points.map((p) =>
        p.suppressed
          ? [s.label, p.year, ...Array(5).fill("suppressed")]
          : [
              s.label,
              p.year,
              p.growth_score,
              hundredths(p.effect),
              hundredths(p.ci_low),
              hundredths(p.ci_high),
              p.level,
            ],
      ),
    ),
  });
}
