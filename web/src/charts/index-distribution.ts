import * as Plot from "@observablehq/plot";
import type { TierRow } from "../api/types.ts";
import { LEVEL_COLORS } from "../format/level-band.ts";
import { withChartData } from "./chart-data.ts";

/**
 * Index scores of every school, one row of dots per school level, coloured by index level; each
 * dot's tooltip names the school (`nameOf`, its code when the directory has no name). Its data
 * download lists the dots.
 */
export function indexDistribution(
  rows: readonly TierRow[],
  width: number,
  nameOf: (schoolCode: string) => string | undefined = () => undefined,
): SVGSVGElement {
  const data = rows.filter((r) => r.index_score !== null);
  const chart = Plot.plot({
    width,
    height: 90 + 50 * new Set(data.map((r) => r.school_level)).size,
    marginLeft: 90,
    x: { label: "Index score →", grid: true },
    color: {
      type: "ordinal",
      domain: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      range: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((l) => LEVEL_COLORS[l]!.background),
      legend: true,
      label: "Index level",
    },
    marks: [
      Plot.dot(
        data,
        Plot.dodgeY("middle", {
          x: "index_score",
          fy: "school_level",
          fill: "index_level",
          stroke: "#333",
          strokeWidth: 0.5,
          r: 5,
          title: (d: TierRow) =>
            `${nameOf(d.school_code) ?? d.school_code} (${d.school_level})\nindex ${d.index_score?.toFixed(1)}, level ${d.index_level}`,
        }),
      ),
    ],
    fy: {
      label: null,
      domain: ["elementary", "middle", "high"].filter((l) =>
        data.some((r) => r.school_level === l),
      ),
    },
  }) as SVGSVGElement;
  return withChartData(chart, {
    header: ["School", "School code", "School level", "Index score", "Index level"],
    rows: data.map((r) => [
      nameOf(r.school_code) ?? r.school_code,
      r.school_code,
      r.school_level,
      r.index_score,
      r.index_level,
    ]),
  });
}
