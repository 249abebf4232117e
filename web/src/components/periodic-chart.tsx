import { useId } from "react";
import type { PeriodicChart as PeriodicChartData } from "../api/types.ts";
import { controlChart, EFFECT_COLOURS } from "../charts/control-chart.ts";
import { groupLabel } from "../format/group-label.ts";
import { formatPeriodic, periodName, signalSentence } from "../format/signal-words.ts";
import { PlotFigure } from "./plot-figure.tsx";
import { useChartWidth } from "./use-width.ts";

const KIND_WORDS: Readonly<Record<string, string>> = {
  run: "Run chart: the centre line is the median",
  p: "p-chart: the centre line is the average rate, the limits three sigma",
  "p-prime":
    "p′-chart (Laney): the centre line is the average rate, the limits three sigma widened by the month-to-month variation",
  u: "u-chart: the centre line is the average rate, the limits three sigma",
  "u-prime":
    "u′-chart (Laney): the centre line is the average rate, the limits three sigma widened by the month-to-month variation",
  "seasonal-u":
    "Seasonally adjusted chart: each month's rate divided by how its month ran in the district last year; the centre line is this year's level from its first three months, the limits three sigma widened by last year's month-to-month variation and by the uncertainty of that level",
};

/**
 * A periodic series with the chart the server computed: the drawing (points, centre line, limits,
 * signals circled, notes as vertical marks), then in words every signal and note, and the data as
 * a table on demand. Hidden periods are gaps in the drawing and "withheld" in the table.
 */
export function PeriodicChart({ data }: { data: PeriodicChartData }) {
  const width = useChartWidth();
  const headingId = useId();
  const unit = data.measure.unit;
  const chart = data.chart;
  const signals = chart?.signals ?? [];
  const inSignal = new Map<number, string>();
  for (const s of signals) for (const i of s.points) inSignal.set(i, s.effect);
  const title = `${data.measure.label}, ${groupLabel(data.student_group)}`;
  const shown = data.points.filter((p) => p.value !== null);
  return (
    <section className="periodic-chart" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {chart ? (
        <>
          <PlotFigure
            render={() => controlChart(data.points, chart, data.annotations, unit, width)}
            label={`${KIND_WORDS[chart.kind] ?? chart.kind} of ${title} over ${data.points.length} periods, ${signals.length === 0 ? "with no signal" : `with ${signals.length} signal${signals.length === 1 ? "" : "s"} listed below`}.`}
            caption={`${KIND_WORDS[chart.kind] ?? chart.kind}. ${data.measure.direction === "lower_is_better" ? "Lower is better." : "Higher is better."} Circled points belong to a signal (green: improvement, red: deterioration); dashed purple lines are notes.`}
          />
          <h3>Signals</h3>
          {signals.length === 0 ? (
            <p className="signals-none">
              No signal: the variation is what the chart expects from month to month.
            </p>
          ) : (
            <ul className="signals">
              {signals.map((s) => (
                <li key={`${s.rule}-${s.part}-${s.points.join(".")}`}>
                  <span
                    className="signal-swatch"
                    style={{ borderColor: EFFECT_COLOURS[s.effect] }}
                    aria-hidden="true"
                  />
                  {signalSentence(s, data.points)}
                </li>
              ))}
            </ul>
          )}
          {data.chart_note ? <p className="muted chart-note">{data.chart_note}.</p> : null}
          {chart.warnings.length > 0 ? (
            <ul className="muted chart-warnings">
              {chart.warnings.map((w) => (
                <li key={`${w.code}-${w.part}`}>{w.message}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p className="notice">No chart: {data.chart_note ?? "nothing to draw"}.</p>
      )}
      {data.annotations_shown ? (
        <>
          <h3>Notes</h3>
          {data.annotations.length === 0 ? (
            <p className="muted">No note on this chart yet.</p>
          ) : (
            <ul className="annotations">
              {data.annotations.map((a) => (
                <li key={a.id}>
                  <time dateTime={a.note_date}>{a.note_date}</time>: {a.text}{" "}
                  <span className="muted">({a.author})</span>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      <details className="chart-data">
        <summary>Show the data as a table</summary>
        <div className="table-scroll">
          <table>
            <caption>
              {title}: {shown.length} of {data.points.length} periods shown
            </caption>
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col" className="num">
                  Value
                </th>
                <th scope="col" className="num">
                  Students
                </th>
                <th scope="col" className="num">
                  Centre
                </th>
                <th scope="col" className="num">
                  Limits
                </th>
                <th scope="col">Signal</th>
              </tr>
            </thead>
            <tbody>
              {data.points.map((p, i) => {
                const c = chart?.points[i];
                return (
                  <tr key={p.period_start}>
                    <th scope="row">{periodName(p)}</th>
                    <td className="num">
                      {p.value === null ? "withheld" : formatPeriodic(unit, p.value)}
                    </td>
                    <td className="num">{p.n ?? "—"}</td>
                    <td className="num">{formatPeriodic(unit, c?.centre)}</td>
                    <td className="num">
                      {c && (c.lower !== null || c.upper !== null)
                        ? `${formatPeriodic(unit, c.lower)} – ${formatPeriodic(unit, c.upper)}`
                        : "—"}
                    </td>
                    <td>{inSignal.get(i)?.replace("_", " ") ?? ""}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
