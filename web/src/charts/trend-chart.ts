import * as Plot from "@observablehq/plot";
import type { TrendPoint } from "../api/types.ts";

/** A measure's value over the years' runs (suppressed years are left out). */
export function trendChart(points: readonly TrendPoint[], label: string): SVGSVGElement {
  const data = points.filter((p) => p.value !== null);
  return Plot.plot({
    width: 260,
    height: 120,
    marginLeft: 44,
    x: { label: null, tickFormat: "d", ticks: data.map((d) => d.year) },
    y: { label, grid: true, nice: true },
    marks: [
      Plot.lineY(data, { x: "year", y: "value", stroke: "#1d4ed8" }),
      Plot.dot(data, { x: "year", y: "value", fill: "#1d4ed8", r: 3 }),
    ],
  }) as SVGSVGElement;
}
