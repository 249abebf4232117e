import { formatPeriodic, periodName, signalLabel } from "../format/signal-words.ts";
import type { ChartData } from "./chart-data.ts";
import type { ChartView } from "./chart-view.ts";

/** The columns of a periodic chart's table and of its data download. */
export const CONTROL_CHART_COLUMNS = [
  "Period",
  "Value",
  "Students",
  "Centre line",
  "Lower limit",
  "Upper limit",
  "Signal",
  "Notes",
] as const;

/**
 * What a periodic chart draws, one row per period, each cell as the page shows it: the value in
 * its unit ("withheld" for a period the disclosure pass hid, with its count), the centre line and
 * limits of the period's part ("—" where there are none, as on a run chart), the signals its point
 * belongs to, and the notes drawn in it (a note belongs to the last period starting on or before
 * its day). The chart's table and its CSV download are both this, so they cannot differ.
 */
export function controlChartTable(data: ChartView): ChartData {
  const unit = data.unit;
  const points = data.points;
  const notes = new Map<number, string[]>();
  for (const a of data.notes ?? []) {
    let at = 0;
    for (let i = 0; i < points.length; i++) if (points[i]!.period_start <= a.date) at = i;
    notes.set(at, [...(notes.get(at) ?? []), `${a.date}: ${a.text}`]);
  }
  const drawn = new Map((data.chart?.points ?? []).map((c) => [c.index, c]));
  const rows = points.map((p, i) => {
    const c = drawn.get(i);
    const signals = (data.chart?.signals ?? []).filter((s) => s.points.includes(i));
    return [
      periodName(p),
      p.value === null ? "withheld" : formatPeriodic(unit, p.value),
      p.n === null ? (p.suppressed ? "withheld" : "—") : String(p.n),
      formatPeriodic(unit, c?.centre),
      formatPeriodic(unit, c?.lower),
      formatPeriodic(unit, c?.upper),
      [...new Set(signals.map(signalLabel))].join("; "),
      (notes.get(i) ?? []).join("; "),
    ];
  });
  return { header: CONTROL_CHART_COLUMNS, rows };
}
