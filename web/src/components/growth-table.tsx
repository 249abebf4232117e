import type { ReportMeasure } from "../api/types.ts";
import { groupLabel } from "../format/group-label.ts";
import { effectText, growthReading } from "../format/growth-reading.ts";
import { LevelBadge } from "./level-badge.tsx";
import { SuppressedCell } from "./suppressed-cell.tsx";

/**
 * A growth level as colour and number, with words its interval supports: "below average" only
 * when the interval excludes average, else "not distinguishable from average" and the interval.
 */
export function GrowthLevel({
  level,
  band,
  interval,
}: {
  level: number | null;
  band?: string | null;
  interval: { ci_low: number | null; ci_high: number | null } | undefined;
}) {
  if (level === null) return <LevelBadge level={null} />;
  const reading = growthReading(level, band, interval);
  return (
    <>
      <LevelBadge level={level} band={reading.words} />
      {reading.interval ? <span className="interval-words">{reading.interval}</span> : null}
    </>
  );
}

/** Growth by student group: the score, the school effect with its 95% interval, the level. */
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
  return (
    <div className="table-scroll">
      <table className="growth" data-metric={measure.metric}>
        <caption>
          {measure.label} compared to students like them: growth score (0–100, 50 = typical) and the
          school's effect in hundredths of a standard deviation with its 95% interval
        </caption>
        <thead>
          <tr>
            <th scope="col">Student group</th>
            <th scope="col" className="num">
              Students
            </th>
            <th scope="col" className="num">
              Growth score
            </th>
            <th scope="col">Effect (95% interval)</th>
            <th scope="col">Level</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr key={g.student_group} data-group={g.student_group}>
              <th scope="row">{groupLabel(g.student_group)}</th>
              {g.suppressed || g.growth_score === null ? (
                <td colSpan={4}>
                  <SuppressedCell reason="small_n" />
                </td>
              ) : (
                <>
                  <td className="num">{g.n ?? "—"}</td>
                  <td className="num">{g.growth_score.toFixed(1)}</td>
                  <td>
                    {fx(g.effect)}{" "}
                    <span className="muted">
                      ({fx(g.ci_low)} to {fx(g.ci_high)})
                    </span>
                  </td>
                  <td>
                    <GrowthLevel level={g.level} interval={g} />
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
