import { useId } from "react";
import type { ChartResult, PeriodicPoint } from "../api/types.ts";
import { controlChart, EFFECT_COLOURS } from "../charts/control-chart.ts";
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
  i: "XmR chart: the centre line is the mean, the limits from the average moving range",
};

/** A dated note drawn on a chart and listed under it. */
export interface FigureNote {
  readonly key: string;
  readonly date: string;
  /** Short, on the mark. */
  readonly label: string;
  /** In full, in the list. */
  readonly text: string;
}

/** What a chart figure shows: a series and the chart the server computed from it. */
export interface ChartView {
  readonly title: string;
  readonly unit: string;
  readonly direction: "higher_is_better" | "lower_is_better";
  readonly points: readonly PeriodicPoint[];
  readonly chart: ChartResult | null;
  readonly chartNote: string | null;
  /** Null: this reader may not see the notes (no list). */
  readonly notes: readonly FigureNote[] | null;
}

/**
 * A series with the chart the server computed: the drawing (points, centre line, limits, signals
 * circled, notes as vertical marks), then in words every signal and note, and the data as a table
 * on demand. Hidden periods are gaps in the drawing and "withheld" in the table.
 */
export function ChartFigure({ view, heading = "h2" }: { view: ChartView; heading?: "h2" | "h3" }) {
  const width = useChartWidth();
  const headingId = useId();
  const { unit, chart, title } = view;
  const signals = chart?.signals ?? [];
  const inSignal = new Map<number, string>();
  for (const s of signals) for (const i of s.points) inSignal.set(i, s.effect);
  const shown = view.points.filter((p) => p.value !== null);
  const Heading = heading;
  const Sub = heading === "h2" ? "h3" : "h4";
  const notes = view.notes ?? [];
  return (
    <section className="periodic-chart" aria-labelledby={headingId}>
      <Heading id={headingId}>{title}</Heading>
      {chart ? (
        <>
          <PlotFigure
            render={() =>
              controlChart(
                view.points,
                chart,
                notes.map((n) => ({ date: n.date, label: n.label })),
                unit,
                width,
              )
            }
            label={`${KIND_WORDS[chart.kind] ?? chart.kind} of ${title} over ${view.points.length} periods, ${signals.length === 0 ? "with no signal" : `with ${signals.length} signal${signals.length === 1 ? "" : "s"} listed below`}.`}
            caption={`${KIND_WORDS[chart.kind] ?? chart.kind}. ${view.direction === "lower_is_better" ? "Lower is better." : "Higher is better."} Circled points belong to a signal (green: improvement, red: deterioration); dashed purple lines are notes.`}
          />
          <Sub>Signals</Sub>
          {signals.length === 0 ? (
            <p className="signals-none">
              No signal: the variation is what the chart expects from period to period.
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
                  {signalSentence(s, view.points)}
                </li>
              ))}
            </ul>
          )}
          {chart.warnings.length > 0 ? (
            <ul className="muted chart-warnings">
              {chart.warnings.map((w) => (
                <li key={`${w.code}-${w.part}`}>{w.message}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p className="notice">No chart: {view.chartNote ?? "nothing to draw"}.</p>
      )}
      {view.notes ? (
        <>
          <Sub>Notes</Sub>
          {notes.length === 0 ? (
            <p className="muted">No note on this chart yet.</p>
          ) : (
            <ul className="annotations">
              {notes.map((a) => (
                <li key={a.key}>
                  <time dateTime={a.date}>{a.date}</time>: {a.text}
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
              {title}: {shown.length} of {view.points.length} periods shown
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
              {view.points.map((p, i) => {
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
