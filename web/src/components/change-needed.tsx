import type { ReportMeasure } from "../api/types.ts";
import { formatChange } from "../format/format-value.ts";

/** Next levels that the same change reaches, at the measure's reporting precision. */
interface Target {
  readonly change: string;
  readonly from: number;
  readonly to: number;
}

/**
 * The next levels' targets as they can be told apart: levels whose change, written at the
 * measure's reporting precision, is the same are one target ("+0.07 → levels 6–7"), so no two
 * targets read the same change. The first target is the school's own level with no change: a
 * next level whose change reads as zero is not told apart from it. Levels no change on the scale
 * reaches are left out.
 */
export function distinctTargets(measure: ReportMeasure): Target[] {
  if (measure.level === null) return [];
  const targets: Target[] = [
    { change: formatChange(measure.metric, 0), from: measure.level, to: measure.level },
  ];
  measure.change_needed.forEach((change, i) => {
    const level = measure.level! + i + 1;
    if (change === null || level > 10) return;
    const text = formatChange(measure.metric, change);
    const last = targets.at(-1);
    if (last && last.change === text) targets[targets.length - 1] = { ...last, to: level };
    else targets.push({ change: text, from: level, to: level });
  });
  return targets;
}

/** What a {@link ChangeNeeded} shows, as text (its lines joined by "; "): a table's CSV download writes it. */
export function changeNeededText({ measure }: { measure: ReportMeasure }): string {
  if (measure.level === null) return "—";
  if (measure.level >= 10) return "top level reached";
  const [own, ...targets] = distinctTargets(measure);
  if (!own) return "";
  if (targets.length === 0 && own.to === own.from)
    return "the next levels are not reachable on this scale";
  const lines =
    own.to > own.from ? [`levels ${own.from}–${own.to} are not told apart at this precision`] : [];
  for (const t of targets)
    lines.push(
      t.from === t.to
        ? `${t.change} → level ${t.from}`
        : `${t.change} → levels ${t.from}–${t.to} (not told apart at this precision)`,
    );
  return lines.join("; ");
}

/** What it takes to reach the next levels: "+0.9 pts → level 3", one line per distinct change. */
export function ChangeNeeded({ measure }: { measure: ReportMeasure }) {
  if (measure.level === null) return <span className="muted">—</span>;
  if (measure.level >= 10) return <span>top level reached</span>;
  const [own, ...targets] = distinctTargets(measure);
  if (!own) return null;
  if (targets.length === 0 && own.to === own.from)
    return <span className="muted">the next levels are not reachable on this scale</span>;
  return (
    <ul className="steps">
      {own.to > own.from ? (
        <li className="muted">
          levels {own.from}–{own.to} are not told apart at this precision
        </li>
      ) : null}
      {targets.map((t) => (
        <li key={t.from}>
          {t.change} <span aria-hidden="true">→</span>
          <span className="sr-only"> to reach</span>{" "}
          {t.from === t.to ? `level ${t.from}` : `levels ${t.from}–${t.to}`}
          {t.from === t.to ? null : (
            <span className="muted"> (not told apart at this precision)</span>
          )}
        </li>
      ))}
    </ul>
  );
}
