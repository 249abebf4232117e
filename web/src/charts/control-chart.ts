import * as Plot from "@observablehq/plot";
import type { ChartResult } from "../api/types.ts";
import { formatPeriodic, periodName } from "../format/signal-words.ts";
import { withChartData } from "./chart-data.ts";
import type { ChartView } from "./chart-view.ts";
import { controlChartTable } from "./control-chart-table.ts";

/** Colours of what a signal means (each 4.5:1 or more on white). */
export const EFFECT_COLOURS = {
  improvement: "#15803d",
  deterioration: "#b91c1c",
  no_direction: "#92400e",
} as const;

const day = (text: string) => new Date(`${text}T00:00:00Z`);

/**
 * A run or control chart as the server computed it: the values (a hidden period is a gap), each
 * part's centre line and, on a control chart, its limits; points in a signal circled in the
 * colour of what it means; each note (a reader's, a PDSA cycle, a meeting) a vertical rule at its
 * day with its label at the top. The chart keeps its figures as the table under it shows them
 * ({@link controlChartTable}), so its figure offers them as CSV. `height` 300 px, less for the
 * school report's small multiples.
 */
export function controlChart(
  view: ChartView,
  chart: ChartResult,
  width: number,
  height = 300,
): SVGSVGElement {
  const { points, unit } = view;
  const annotations = view.notes ?? [];
  const rows = chart.points.map((c) => ({
    ...c,
    at: day(points[c.index]!.period_start),
    name: periodName(points[c.index]!),
  }));
  const signalled = new Map<number, keyof typeof EFFECT_COLOURS>();
  for (const s of chart.signals) for (const i of s.points) signalled.set(i, s.effect);
  const marked = rows
    .filter((r) => signalled.has(r.index) && r.value !== null)
    .map((r) => ({ ...r, effect: signalled.get(r.index)! }));
  // Labels alternate between two rows (marks close together do not overprint), and a mark in
  // the right half of the chart is labelled to its left (the label stays inside the drawing).
  const times = [
    ...rows.map((r) => r.at.getTime()),
    ...annotations.map((a) => day(a.date).getTime()),
  ];
  const middle = (Math.min(...times) + Math.max(...times)) / 2;
  const notes = [...annotations]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((a, i) => ({
      at: day(a.date),
      label: a.label.length > 28 ? `${a.label.slice(0, 27)}…` : a.label,
      row: i % 2,
      right: day(a.date).getTime() > middle,
    }));
  const limits = rows.filter((r) => r.upper !== null || r.lower !== null);
  const svg = Plot.plot({
    width,
    height,
    marginLeft: 56,
    marginTop: 40,
    x: { type: "utc", label: null },
    y: {
      label: `↑ ${unit === "percent" ? "%" : unit}`,
      grid: true,
      nice: true,
      tickFormat: (v: number) => formatPeriodic(unit, v).replace(` ${unit}`, ""),
    },
    marks: [
      Plot.ruleX(notes, {
        x: "at",
        stroke: "#6b21a8",
        strokeDasharray: "3,3",
        className: "annotation-marks",
      }),
      ...[false, true].flatMap((right) =>
        [0, 1].map((row) =>
          Plot.text(
            notes.filter((n) => n.right === right && n.row === row),
            {
              x: "at",
              text: "label",
              frameAnchor: "top",
              textAnchor: right ? "end" : "start",
              dx: right ? -3 : 3,
              dy: row === 0 ? -30 : -16,
              fill: "#6b21a8",
            },
          ),
        ),
      ),
      ...(limits.length > 0
        ? [
            Plot.line(limits, {
              x: "at",
              y: "upper",
              z: "part",
              stroke: "#6b7280",
              strokeDasharray: "6,3",
              curve: "step",
            }),
            Plot.line(limits, {
              x: "at",
              y: "lower",
              z: "part",
              stroke: "#6b7280",
              strokeDasharray: "6,3",
              curve: "step",
            }),
          ]
        : []),
      Plot.line(rows, { x: "at", y: "centre", z: "part", stroke: "#374151" }),
      Plot.line(rows, { x: "at", y: "value", stroke: "#1d4ed8" }),
      Plot.dot(rows, {
        x: "at",
        y: "value",
        fill: "#1d4ed8",
        r: 3,
        title: (r: (typeof rows)[number]) => `${r.name}: ${formatPeriodic(unit, r.value)}`,
      }),
      Plot.dot(marked, {
        x: "at",
        y: "value",
        r: 7,
        stroke: (r: (typeof marked)[number]) => EFFECT_COLOURS[r.effect],
        strokeWidth: 2,
        fill: "none",
        className: "signal-points",
      }),
    ],
  }) as SVGSVGElement;
  return withChartData(svg, controlChartTable(view));
}
