import * as Plot from "@observablehq/plot";
import type { HistoryBand, HistoryPoint } from "../api/types.ts";
import { formatValue } from "../format/format-value.ts";
import { withChartData } from "./chart-data.ts";
import { historyDomain, levelBandMarks, yearScale } from "./level-bands.ts";
import { trendUnit } from "./trend-chart.ts";

/** Line colours: all students, and the chosen group (with a dashed line, so it reads without colour). */
export const ALL_COLOR = "#1d4ed8";
export const GROUP_COLOR = "#9a3412";

/** A series as a history chart draws it: the group's label and its points. */
export interface HistorySeries {
  readonly label: string;
  readonly points: readonly HistoryPoint[];
}

/**
 * A measure's history: each year of the run chain on the x axis, the value in its unit on the y
 * axis, each year's level bands behind (its cut set's cut points), all students' line and the
 * chosen group's dashed line. A year suppressed for the reader is a gap in its line with a small
 * cross on the x axis (its tooltip says so), never a value. Its data download lists each series'
 * years, a suppressed year saying so.
 */
export function measureHistoryChart({
  metric,
  years,
  bands,
  all,
  group,
  width = 300,
}: {
  metric: string;
  years: readonly number[];
  bands: readonly HistoryBand[];
  all: HistorySeries;
  group: HistorySeries | null;
  width?: number;
}): SVGSVGElement {
  const series = [all, ...(group ? [group] : [])];
  const values = series.flatMap((s) =>
    s.points.flatMap((p) => (p.value === null ? [] : [p.value])),
  );
  const cuts = bands.flatMap((b) => [b.lower, b.upper].filter((v): v is number => v !== null));
  const domain = historyDomain(values, [Math.min(0, ...cuts), Math.max(1, ...cuts)]);
  const fmt = (v: number) => formatValue(metric, v);
  // Every year of the chain, the missing and suppressed ones as gaps.
  const line = (s: HistorySeries) =>
    years.map((year) => {
      const p = s.points.find((q) => q.year === year);
      return { year, value: p?.value ?? null, suppressed: p?.suppressed ?? false, label: s.label };
    });
  const gaps = series.flatMap((s) => line(s).filter((p) => p.value === null && p.suppressed));
  const marks: Plot.Markish[] = [
    ...levelBandMarks(bands, domain, fmt),
    Plot.frame({ stroke: "#d1d5db" }),
  ];
  series.forEach((s, i) => {
    const color = i === 0 ? ALL_COLOR : GROUP_COLOR;
    const data = line(s);
    marks.push(
      Plot.lineY(data, {
        x: "year",
        y: "value",
        stroke: color,
        strokeWidth: 2,
        ...(i === 0 ? {} : { strokeDasharray: "5 3" }),
      }),
      Plot.dot(
        data.filter((p) => p.value !== null),
        {
          x: "year",
          y: "value",
          fill: i === 0 ? color : "#ffffff",
          stroke: color,
          r: 3.5,
          title: (p) => `${p.label}, ${p.year}: ${fmt(p.value!)}`,
        },
      ),
    );
  });
  marks.push(
    Plot.dot(gaps, {
      x: "year",
      y: () => domain[0],
      symbol: "times",
      stroke: "#6b7280",
      r: 4,
      title: (p) => `${p.label}, ${p.year}: suppressed (a small group)`,
    }),
  );
  const chart = Plot.plot({
    width,
    height: 180,
    marginLeft: 52,
    marginRight: 8,
    x: yearScale(years),
    y: { label: `↑ ${trendUnit(metric)}`, grid: false, domain, nice: false },
    marks,
  }) as SVGSVGElement;
  return withChartData(chart, {
    header: ["Student group", "Year", `Value (${trendUnit(metric)})`],
    rows: series.flatMap((s) =>
      line(s).map((p) => [s.label, p.year, p.value ?? (p.suppressed ? "suppressed" : "no result")]),
    ),
  });
}
