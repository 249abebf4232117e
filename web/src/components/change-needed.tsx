import type { ReportMeasure } from "../api/types.ts";
import { formatChange } from "../format/format-value.ts";

/** What it takes to reach the next 1–3 levels: "+0.9 pts → level 3". */
export function ChangeNeeded({ measure }: { measure: ReportMeasure }) {
  if (measure.level === null) return <span className="muted">—</span>;
  const steps = measure.change_needed
    .map((change, i) => ({ change, target: measure.level! + i + 1 }))
    .filter((s) => s.target <= 10);
  if (steps.length === 0) return <span>top level reached</span>;
  return (
    <ul className="steps">
      {steps.map((s) => (
        <li key={s.target}>
          {s.change === null ? (
            <span className="muted">level {s.target}: not reachable on this scale</span>
          ) : (
            <>
              {formatChange(measure.metric, s.change)} <span aria-hidden="true">→</span>
              <span className="sr-only"> to reach</span> level {s.target}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
