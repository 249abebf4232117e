import type { ReactNode } from "react";
import type { PeriodicChart as PeriodicChartData } from "../api/types.ts";
import { groupLabel } from "../format/group-label.ts";
import { ChartFigure } from "./chart-figure.tsx";

/**
 * A school's periodic series with its chart and the school's notes (each note's author beside
 * it), drawn by {@link ChartFigure}. `compact`: the school report's small multiple (headed h4),
 * with `more` (a link to the full view).
 */
export function PeriodicChart({
  data,
  compact = false,
  more,
}: {
  data: PeriodicChartData;
  compact?: boolean;
  more?: ReactNode;
}) {
  const title = `${data.measure.label}, ${groupLabel(data.student_group)}`;
  return (
    <ChartFigure
      heading={compact ? "h4" : "h2"}
      compact={compact}
      more={more}
      measureKey={data.measure.measure}
      view={{
        title,
        name: `${title} ${data.school_code} ${data.school_level}`,
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
              text: a.text,
              author: a.author,
            }))
          : null,
      }}
    />
  );
}
