import { useId, useState } from "react";
import { useEnterProgressScore, useProgressScores } from "../../api/facilitation-queries.ts";
import type { Plan } from "../../api/types.ts";
import { QueryState } from "../query-state.tsx";

/** This month, `YYYY-MM`, in the reader's time. */
function thisMonth(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
}

/**
 * The team's monthly self-assessed progress score on the IHI scale (0.5–5.0): the team chooses
 * it, it is not computed. Entering a month again replaces its score.
 */
export function ProgressScores({ plan, canWrite }: { plan: Plan; canWrite: boolean }) {
  const id = useId();
  const scores = useProgressScores(plan.id);
  const enter = useEnterProgressScore(plan.id);
  const [month, setMonth] = useState(() => thisMonth(new Date()));
  const [score, setScore] = useState("");
  const [note, setNote] = useState("");
  const latest = scores.data?.scores.at(-1);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Progress score</h2>
      <p className="muted">
        Each month the team rates its own progress on the IHI scale, from 0.5 (intent to
        participate) to 5.0 (outstanding sustainable results).
      </p>
      <QueryState pending={scores.isPending} error={scores.error} what="the progress scores">
        {latest ? (
          <p>
            Latest: <strong>{latest.score.toFixed(1)}</strong> — {latest.meaning} ({latest.month}).
          </p>
        ) : (
          <p>No score entered yet.</p>
        )}
        {canWrite && scores.data ? (
          <form
            className="controls"
            onSubmit={(e) => {
              e.preventDefault();
              if (score !== "") enter.mutate({ month, score: Number(score), note });
            }}
          >
            <div className="field">
              <label htmlFor={`${id}-month`}>Month</label>
              <input
                id={`${id}-month`}
                type="month"
                value={month}
                max={thisMonth(new Date())}
                onChange={(e) => setMonth(e.target.value)}
                required
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-score`}>Score</label>
              <select
                id={`${id}-score`}
                value={score}
                onChange={(e) => setScore(e.target.value)}
                required
              >
                <option value="">Choose…</option>
                {scores.data.scale.map((s) => (
                  <option key={s.score} value={s.score}>
                    {s.score.toFixed(1)} — {s.meaning}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-note`}>Why this score (optional)</label>
              <input
                id={`${id}-note`}
                type="text"
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            </div>
            <button type="submit" disabled={enter.isPending || score === ""}>
              Save the score
            </button>
            {enter.isSuccess ? <p role="status">Score saved.</p> : null}
            {enter.error ? (
              <p role="alert" className="notice error">
                {(enter.error as Error).message}
              </p>
            ) : null}
          </form>
        ) : null}
        {scores.data && scores.data.scores.length > 0 ? (
          <div className="table-scroll">
            <table>
              <caption>Progress scores by month</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Score</th>
                  <th scope="col">Meaning</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {[...scores.data.scores].reverse().map((s) => (
                  <tr key={s.month}>
                    <th scope="row">{s.month}</th>
                    <td className="num">{s.score.toFixed(1)}</td>
                    <td>{s.meaning}</td>
                    <td>{s.note}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </QueryState>
    </section>
  );
}
