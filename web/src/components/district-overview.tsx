import "./district-view.css";
import { useId, useState } from "react";
import { type DistrictMeasure, useDistrictView } from "../api/district-queries.ts";
import { trendChart } from "../charts/trend-chart.ts";
import { formatIndex, formatValue } from "../format/format-value.ts";
import { groupLabel, groupOrder } from "../format/group-label.ts";
import { CsvDownload } from "./csv-download.tsx";
import { PlotFigure } from "./plot-figure.tsx";
import { QueryState } from "./query-state.tsx";
import { suppressedText } from "./suppressed-cell.tsx";

type Figure = { value: number | null; suppressed: boolean; suppression_reason: string | null };

/** A figure as a cell reads: the value in its unit, or why it is not shown. */
function shown(m: DistrictMeasure, f: Figure | undefined): string {
  if (!f) return "—";
  if (f.value === null)
    return f.suppressed ? suppressedText({ reason: f.suppression_reason }) : "—";
  // A reader who may see small groups (the district's own admins, the hub) sees them flagged.
  return `${formatValue(m.unit_metric, f.value)}${f.suppressed ? " (small group, not public)" : ""}`;
}

/** A CSV cell: the number, or the reason it is withheld. */
function csvValue(f: Figure | undefined): string | number {
  if (!f) return "";
  if (f.value === null) return f.suppressed ? "suppressed" : "";
  return Number(f.value.toFixed(4));
}

function LocalBadge() {
  return (
    <span
      className="badge local-badge"
      title="The district's own measure, not part of the shared index"
    >
      Local measure
    </span>
  );
}

/**
 * The district view for superintendents and cabinets: what changed since last year, every measure
 * over the district's students beside the network and peer districts (chosen, or the suggested
 * ones), each measure by student group, and its trend. The district's local measures (its own
 * admins and the hub) are marked as local. Every figure is as the API disclosed it.
 */
export function DistrictOverview({
  runId,
  code,
  name,
}: {
  runId: string | undefined;
  code: string;
  name: string;
}) {
  const [peers, setPeers] = useState<string[] | null>(null);
  const view = useDistrictView(runId, code, peers);
  const [metric, setMetric] = useState("");
  const ids = { metric: useId() };
  const v = view.data;
  const chosen = v?.peers ?? [];
  const measure = v?.measures.find((m) => m.metric === metric) ?? v?.measures[0];
  return (
    <QueryState pending={view.isPending} error={view.error} what="this district's results">
      {v && (
        <>
          <section aria-labelledby="changes-heading">
            <h2 id="changes-heading">What changed since last year</h2>
            {v.changes.length === 0 ? (
              <p className="muted">No measure has a shown figure in both years.</p>
            ) : (
              <ul className="change-list">
                {v.changes.slice(0, 8).map((c) => (
                  <li
                    key={c.metric}
                    className={c.better === null ? "" : c.better ? "better" : "worse"}
                  >
                    {c.sentence}
                  </li>
                ))}
              </ul>
            )}
            {v.local_index !== null && (
              <p>
                <strong>Local index</strong> (the district's own measures, weighted as it chose):{" "}
                {formatIndex(v.local_index)} of 100.
              </p>
            )}
          </section>

          <section aria-labelledby="compare-heading">
            <h2 id="compare-heading">Measures across the district's students</h2>
            <p className="muted">
              Each figure counts every student of the district's schools (not an average of school
              rates), beside the whole network and peer districts similar in who they serve.
            </p>
            <fieldset className="peer-picker">
              <legend>Compare with</legend>
              {v.districts
                .filter((d) => d !== code)
                .map((d) => (
                  <label key={d}>
                    <input
                      type="checkbox"
                      checked={chosen.includes(d)}
                      onChange={(e) => {
                        const next = e.target.checked
                          ? [...chosen, d]
                          : chosen.filter((x) => x !== d);
                        setPeers(next.length > 0 ? next : null);
                      }}
                    />{" "}
                    {v.district_names[d] ?? `District ${d}`}
                    {v.suggested_peers.includes(d) ? " (suggested)" : ""}
                  </label>
                ))}
              <button type="button" onClick={() => setPeers(null)}>
                Use suggested peers
              </button>
            </fieldset>
            <div className="table-scroll">
              <table>
                <caption>
                  {name}, {v.year - 1}–{v.year}: all students, the network and peer districts
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Measure</th>
                    <th scope="col">District</th>
                    <th scope="col">Network</th>
                    {chosen.map((p) => (
                      <th scope="col" key={p}>
                        {v.district_names[p] ?? `District ${p}`}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {v.measures.map((m) => (
                    <tr key={m.metric}>
                      <th scope="row">
                        {m.label} {m.local && <LocalBadge />}
                      </th>
                      <td className="numeric">
                        {shown(
                          m,
                          m.groups.find((g) => g.student_group === "ALL"),
                        )}
                      </td>
                      <td className="numeric">{m.local ? "—" : shown(m, m.network)}</td>
                      {chosen.map((p) => (
                        <td className="numeric" key={p}>
                          {m.local
                            ? "—"
                            : shown(
                                m,
                                m.peers.find((x) => x.district_code === p),
                              )}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <CsvDownload
              name={`${name} measures compared ${v.year}`}
              header={[
                "measure",
                "local",
                "district",
                "network",
                ...chosen.map((p) => `district ${p}`),
              ]}
              rows={() =>
                v.measures.map((m) => [
                  m.label,
                  m.local ? "yes" : "no",
                  csvValue(m.groups.find((g) => g.student_group === "ALL")),
                  m.local ? "" : csvValue(m.network),
                  ...chosen.map((p) =>
                    m.local ? "" : csvValue(m.peers.find((x) => x.district_code === p)),
                  ),
                ])
              }
            />{" "}
            <a
              className="download"
              href={`/api/runs/${v.run_id}/exports/district_results?district=${code}`}
            >
              Download every group (district_results CSV)
            </a>
          </section>

          {measure && (
            <section aria-labelledby="groups-heading">
              <h2 id="groups-heading">By student group, and over the years</h2>
              <div className="field">
                <label htmlFor={ids.metric}>Measure to break down</label>
                <select
                  id={ids.metric}
                  value={measure.metric}
                  onChange={(e) => setMetric(e.target.value)}
                >
                  {v.measures.map((m) => (
                    <option key={m.metric} value={m.metric}>
                      {m.label}
                      {m.local ? " (local)" : ""}
                    </option>
                  ))}
                </select>
              </div>
              <div className="district-groups">
                <div className="table-scroll">
                  <table>
                    <caption>
                      {measure.label}
                      {measure.local ? " (local measure)" : ""} by student group, {v.year}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Student group</th>
                        <th scope="col">Students</th>
                        <th scope="col">Value</th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...measure.groups]
                        .sort((a, b) => groupOrder(a.student_group) - groupOrder(b.student_group))
                        .map((g) => (
                          <tr key={g.student_group}>
                            <th scope="row">{groupLabel(g.student_group)}</th>
                            <td className="numeric">{g.n ?? "—"}</td>
                            <td className="numeric">{shown(measure, g)}</td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                  <CsvDownload
                    name={`${name} ${measure.label} by group ${v.year}`}
                    header={["student group", "students", "value"]}
                    rows={() =>
                      measure.groups.map((g) => [
                        groupLabel(g.student_group),
                        g.n ?? "",
                        csvValue(g),
                      ])
                    }
                  />
                </div>
                <PlotFigure
                  render={() =>
                    trendChart(
                      measure.trend.map((t) => ({
                        year: t.year,
                        run_id: "",
                        value: t.value,
                        suppressed: t.suppressed,
                      })),
                      measure.unit_metric,
                    )
                  }
                  label={`${measure.label}, all students of the district by year: ${measure.trend
                    .map((t) => `${t.year}: ${shown(measure, t)}`)
                    .join("; ")}`}
                  name={`${name} ${measure.label} trend`}
                />
              </div>
            </section>
          )}

          {v.local_measures.length > 0 && (
            <section aria-labelledby="local-heading">
              <h2 id="local-heading">The district's local measures</h2>
              <p className="muted">
                Measures this district added for its own view. They do not change the shared index,
                levels or support tiers.
              </p>
              <dl>
                {v.local_measures.map((m) => (
                  <div key={m.metric}>
                    <dt>
                      {m.label} <LocalBadge />
                    </dt>
                    <dd>
                      {m.description}
                      {m.weight !== null ? ` Weight in the local index: ${m.weight}.` : ""}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          )}
        </>
      )}
    </QueryState>
  );
}
