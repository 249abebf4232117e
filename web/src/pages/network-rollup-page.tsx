import { useSearchParams } from "react-router-dom";
import { useNetworkRollup } from "../api/facilitation-queries.ts";
import type { NetworkRollup } from "../api/types.ts";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { planPath } from "../format/plan-path.ts";

/** This quarter and the seven before it, newest first (`YYYY-Qn`). */
function recentQuarters(now: Date): string[] {
  let year = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < 8; i++) {
    out.push(`${year}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}

/** `2026-03` → "Mar 26". */
function monthLabel(month: string): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  return `${d.toLocaleString("en-US", { month: "short", timeZone: "UTC" })} ${month.slice(2, 4)}`;
}

/** A score as the grid shows it; a month without one reads "no score" to a screen reader. */
function Score({ value }: { value: number | null }) {
  if (value !== null) return <>{value.toFixed(1)}</>;
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="sr-only">no score</span>
    </>
  );
}

function Summary({ r }: { r: NetworkRollup }) {
  return (
    <dl className="rollup-summary">
      <div>
        <dt>Pairs that met</dt>
        <dd>
          {r.pairs.met} of {r.pairs.teams}
        </dd>
      </div>
      <div>
        <dt>Communities that met</dt>
        <dd>
          {r.communities.met} of {r.communities.teams}
        </dd>
      </div>
      <div>
        <dt>PDSA cycles started</dt>
        <dd>{r.cycles_started}</dd>
      </div>
      <div>
        <dt>PDSA cycles completed</dt>
        <dd>{r.cycles_completed}</dd>
      </div>
      <div>
        <dt>Adopt · adapt · abandon</dt>
        <dd>
          {r.decisions.adopt} · {r.decisions.adapt} · {r.decisions.abandon}
        </dd>
      </div>
    </dl>
  );
}

/**
 * The hub's roll-up of the network's improvement work, a quarter at a time: which pairs and
 * communities met, PDSA cycles started and completed with their decisions, and each team's
 * monthly self-assessed progress score over the year. Counts of the workspace's records (no
 * student figures).
 */
export function NetworkRollupPage() {
  useDocumentTitle("Network roll-up");
  const [params, setParams] = useSearchParams();
  const quarters = recentQuarters(new Date());
  const chosen = params.get("quarter") ?? undefined;
  const rollup = useNetworkRollup(chosen);
  const r = rollup.data;
  return (
    <>
      <h1>Network roll-up</h1>
      <div className="controls">
        <div className="field">
          <label htmlFor="rollup-quarter">Quarter</label>
          <select
            id="rollup-quarter"
            value={chosen ?? quarters[0]}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              next.set("quarter", e.target.value);
              setParams(next);
            }}
          >
            {(chosen && !quarters.includes(chosen) ? [chosen, ...quarters] : quarters).map((q) => (
              <option key={q} value={q}>
                {q.replace("-", " ")}
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryState pending={rollup.isPending} error={rollup.error} what="the network roll-up">
        {r ? (
          <>
            <h2>
              {r.quarter.key.replace("-", " ")}: {r.quarter.start} to the end of{" "}
              {r.quarter.months[2]}
            </h2>
            <Summary r={r} />
            <div className="table-scroll">
              <table>
                <caption>
                  Each pair's and community's work in {r.quarter.key.replace("-", " ")}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Team</th>
                    <th scope="col">Facilitator</th>
                    <th scope="col">Met</th>
                    <th scope="col">Meetings held</th>
                    <th scope="col">Cycles started</th>
                    <th scope="col">Cycles completed</th>
                    <th scope="col">Adopt</th>
                    <th scope="col">Adapt</th>
                    <th scope="col">Abandon</th>
                  </tr>
                </thead>
                <tbody>
                  {r.teams.map((t) => (
                    <tr key={t.plan.id}>
                      <th scope="row">
                        <RunLink to={planPath(t.plan)}>{t.plan.title}</RunLink>{" "}
                        <span className="muted">({t.plan.kind})</span>
                      </th>
                      <td>{t.facilitator ?? "none"}</td>
                      <td>{t.met ? "Yes" : "No"}</td>
                      <td className="num">{t.meetings_held}</td>
                      <td className="num">{t.cycles_started}</td>
                      <td className="num">{t.cycles_completed}</td>
                      <td className="num">{t.decisions.adopt}</td>
                      <td className="num">{t.decisions.adapt}</td>
                      <td className="num">{t.decisions.abandon}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <h2>Progress scores</h2>
            <p className="muted">
              Each team rates its own progress each month on the IHI scale: 0.5 intent to
              participate, 1.0 team established, 2.0 activity but no changes, 2.5 changes tested,
              3.0 modest improvement, 4.0 significant improvement, 5.0 outstanding sustainable
              results. — means no score was entered.
            </p>
            <div className="table-scroll">
              <table className="score-grid">
                <caption>
                  Monthly progress score of each team, the year to {r.months.at(-1)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Team</th>
                    {r.months.map((m) => (
                      <th scope="col" key={m}>
                        {monthLabel(m)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {r.teams.map((t) => (
                    <tr key={t.plan.id}>
                      <th scope="row">{t.plan.title}</th>
                      {t.scores.map((s, i) => (
                        <td
                          key={r.months[i]}
                          className={`num${s === null ? "" : ` score-${Math.floor(s)}`}`}
                        >
                          <Score value={s} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </QueryState>
    </>
  );
}
