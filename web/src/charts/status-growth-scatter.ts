import * as Plot from "@observablehq/plot";
import { withChartData } from "./chart-data.ts";

/** One school on the status-vs-growth plane. */
export interface StatusGrowthPoint {
  readonly school_code: string;
  readonly school_name: string;
  readonly school_level: string;
  readonly status: number;
  readonly growth: number;
  readonly quadrant: string;
}

const QUADRANT_COLORS: Readonly<Record<string, string>> = {
  "low status, low growth": "#b91c1c",
  "low status, high growth": "#1d4ed8",
  "high status, low growth": "#b45309",
  "high status, high growth": "#15803d",
};

/**
 * Status (distance from standard) against growth for every school, split at the medians. Its
 * data download lists the schools it draws.
 */
export function statusGrowthScatter(
  points: readonly StatusGrowthPoint[],
  medians: { status: number; growth: number },
  subject: string,
  width: number,
): SVGSVGElement {
  const chart = Plot.plot({
    width,
    height: Math.min(480, Math.max(300, width * 0.6)),
    grid: true,
    x: { label: `${subject} distance from standard (status) →` },
    y: { label: `↑ ${subject} growth score` },
    color: {
      domain: Object.keys(QUADRANT_COLORS),
      range: Object.values(QUADRANT_COLORS),
      legend: true,
    },
    symbol: { legend: false },
    marks: [
      Plot.ruleX([medians.status], { stroke: "#555", strokeDasharray: "4,3" }),
      Plot.ruleY([medians.growth], { stroke: "#555", strokeDasharray: "4,3" }),
      Plot.dot(points, {
        x: "status",
        y: "growth",
        fill: "quadrant",
        symbol: "school_level",
        stroke: "#111",
        strokeWidth: 0.5,
        r: 5,
        title: (d: StatusGrowthPoint) =>
          `${d.school_name} (${d.school_level})\nstatus ${d.status.toFixed(1)}, growth ${d.growth.toFixed(1)}`,
      }),
    ],
  }) as SVGSVGElement;
  return withChartData(chart, {
    header: [
      "School",
      "School code",
      "School level",
      `${subject} distance from standard (status)`,
      `${subject} growth score`,
      "Quadrant",
    ],
    rows: points.map((d) => [
      d.school_name,
      d.school_code,
      d.school_level,
      d.status,
      d.growth,
      d.quadrant,
    ]),
  });
}
