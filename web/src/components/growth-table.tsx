import { Fragment, type ReactNode } from "react";
import type { GrowthRow, ReportMeasure } from "../api/types.ts";
import { groupLabel } from "../format/group-label.ts";
import { effectText } from "../format/growth-reading.ts";
import { cellText } from "./cell-text.ts";
import { CsvDownload } from "./csv-download.tsx";
import { GrowthLevel } from "./growth-level.tsx";
import { SuppressedCell } from "./suppressed-cell.tsx";

// Pages that show a growth level beside the table import it from here too.
export { GrowthLevel } from "./growth-level.tsx";

const GROWTH_HEADER = [
  "Student group",
  "Students",
  "Growth score",
  "Effect (95% interval)",
  "Level",
] as const;

/**
 * Growth by student group: the score, the school effect with its 95% interval, the level; a
 * suppressed group's cells say so. Below it, a CSV download of the same cells.
 */
export function GrowthTable({ measure }: { measure: ReportMeasure }) {
  const rows = [...(measure.growth ?? [])].sort((a, b) =>
    a.student_group === "ALL"
      ? -1
      : b.student_group === "ALL"
        ? 1
        : groupLabel(a.student_group).localeCompare(groupLabel(b.student_group)),
  );
  if (rows.length === 0) return null;
  const fx = (v: number | null) => (v === null ? "—" : effectText(v));
  // The cells after the group's name, as shown; null: suppressed (one cell across the four).
  const cellsOf = (g: GrowthRow): ReactNode[] | null =>
    g.suppressed || g.growth_score === null
      ? null
      : [
          g.n ?? "—",
          g.growth_score.toFixed(1),
          <Fragment key="effect">
            {fx(g.effect)}{" "}
            <span className="muted">
              ({fx(g.ci_low)} to {fx(g.ci_high)})
            </span>
          </Fragment>,
          <GrowthLevel key="level" level={g.level} interval={g} />,
        ];
  const caption = `${measure.label} compared to students like them: growth score (0–100, 50 = typical) and the school's effect in hundredths of a standard deviation with its 95% interval`;
  const suppressed = <SuppressedCell reason="small_n" />;
  return (
    <div className="table-block">
      <div className="table-scroll">
        <table className="growth" data-metric={measure.metric}>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {GROWTH_HEADER.map((h, i) => (
                <th key={h} scope="col" className={i === 1 || i === 2 ? "num" : undefined}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((g) => {
              const cells = cellsOf(g);
              return (
                <tr key={g.student_group} data-group={g.student_group}>
                  <th scope="row">{groupLabel(g.student_group)}</th>
                  {cells === null ? (
                    <td colSpan={4}>{suppressed}</td>
                  ) : (
                    cells.map((cell, i) => (
                      <td key={GROWTH_HEADER[i + 1]} className={i < 2 ? "num" : undefined}>
                        {cell}
                      </td>
                    ))
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="table-tools">
        <CsvDownload
          name={`${measure.label} growth by student group`}
          header={GROWTH_HEADER}
          rows={() =>
            rows.map((g) => [
              groupLabel(g.student_group),
              // A suppressed group's one cell spans the four columns: each says it is suppressed.
              ...(cellsOf(g) ?? [suppressed, suppressed, suppressed, suppressed]).map(cellText),
            ])
          }
        />
      </div>
    </div>
  );
}
