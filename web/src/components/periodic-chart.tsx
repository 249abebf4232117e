import type { PeriodicChart as PeriodicChartData } from "../api/types.ts";
import { groupLabel } from "../format/group-label.ts";
import { ChartFigure } from "./chart-figure.tsx";

/**
 * A school's periodic series with its chart and the school's notes (each note's author beside
 * it), drawn by {@link ChartFigure}.
 */
export function PeriodicChart({ data }: { data: PeriodicChartData }) {
  return (
    <ChartFigure
      view={{
        title: `${data.measure.label}, ${groupLabel(data.student_group)}`,
        unit: data.measure.unit,
        direction: data.measure.direction,
        points: data.points,
        chart: data.chart,
        chartNote: data.chart_note,
        notes: data.annotations_shown
          ? data.annotations.map((a) => ({
              key: String(a.id),
              date: a.note_date,
              label: a.text,
              text: `${a.text} (${a.author})`,
            }))
          : null,
      }}
    />
  );
}
