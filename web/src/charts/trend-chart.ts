import * as Plot from "@observablehq/plot";
import type { TrendPoint } from "../api/types.ts";
import { unitOf } from "../format/format-value.ts";
import { withChartData } from "./chart-data.ts";

/** The y axis's words for a measure's unit. */
const UNIT_LABELS = {
  percent: "% of students",
  points: "points from standard",
  score: "growth score (50 = typical)",
  mean: "mean on the survey scale",
} as const;

/** A measure's unit as its trend's y axis names it ("% of students"). */
export function trendUnit(metric: string): string {
  return UNIT_LABELS[unitOf(metric)];
}

/**
 * A measure's value over the years' runs, with a year on every x tick and the unit on the y axis;
 * suppressed years are left out of the line (their tick stays, so a gap shows). Its data
 * download lists every year, a suppressed one saying so.
 */
export function trendChart(points: readonly TrendPoint[], metric: string): SVGSVGElement {
  const data = points.filter((p) => p.value !== null);
  const chart = Plot.plot({
    width: 260,
    height: 140,
    marginLeft: 48,
    x: {
      label: null,
      tickFormat: "d",
      ticks: points.map((d) => d.year),
      domain: [points[0]?.year ?? 0, points.at(-1)?.year ?? 0],
      inset: 12,
    },
    y: { label: `↑ ${trendUnit(metric)}`, grid: true, nice: true },
    marks: [
      Plot.lineY(data, { x: "year", y: "value", stroke: "#1d4ed8" }),
      Plot.dot(data, { x: "year", y: "value", fill: "#1d4ed8", r: 3 }),
    ],
  }) as SVGSVGElement;
  return withChartData(chart, {
    header: ["Year", `Value (${trendUnit(metric)})`],
    rows: points.map((p) => [p.year, p.suppressed || p.value === null ? "suppressed" : p.value]),
  });
}
