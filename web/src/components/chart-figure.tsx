import { type ReactNode, useId } from "react";
import type { ChartView } from "../charts/chart-view.ts";
import { controlChart, EFFECT_COLOURS } from "../charts/control-chart.ts";
import { CONTROL_CHART_COLUMNS, controlChartTable } from "../charts/control-chart-table.ts";
import { signalSentence } from "../format/signal-words.ts";
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
  i: "XmR chart: the centre line is the mean, the limits from the average moving range",
};

/** The widest a compact chart is drawn (two fit side by side on a desktop report). */
const COMPACT_WIDTH = 540;

const SUBHEADING = { h2: "h3", h3: "h4", h4: "h5" } as const;

/**
 * A series with the chart the server computed: the drawing (points, centre line, limits, signals
 * circled, notes as vertical marks), then in words every signal and note, and the data as a table
 * on demand. Hidden periods are gaps in the drawing and "withheld" in the table. Under the
 * drawing, downloads of the image and of the table (the same rows, {@link controlChartTable}).
 * `compact`: a small multiple (the school report's), 200 px high, with `more` (a link to the full
 * view) after its signals. Used by the Progress page, the school report and a plan's evidence.
 */
export function ChartFigure({
  view,
  heading = "h2",
  compact = false,
  more,
  measureKey,
}: {
  view: ChartView;
  heading?: "h2" | "h3" | "h4";
  compact?: boolean;
  more?: ReactNode;
  /** Marks the section with the measure it draws (`data-measure`). */
  measureKey?: string;
}) {
  const windowWidth = useChartWidth();
  const width = compact ? Math.min(COMPACT_WIDTH, windowWidth) : windowWidth;
  const headingId = useId();
  const Heading = heading;
  const Sub = SUBHEADING[heading];
  const { chart, title } = view;
  const signals = chart?.signals ?? [];
  const table = controlChartTable(view);
  const shown = view.points.filter((p) => p.value !== null);
  const kind = chart ? (KIND_WORDS[chart.kind] ?? chart.kind) : "";
  const notes = view.notes ?? [];
  return (
    <section
      className={compact ? "periodic-chart compact" : "periodic-chart"}
      aria-labelledby={headingId}
      data-measure={measureKey}
    >
      <Heading id={headingId}>{title}</Heading>
      {chart ? (
        <>
          <PlotFigure
            render={() => controlChart(view, chart, width, compact ? 200 : 300)}
            name={view.name}
            label={`${kind} of ${title} over ${view.points.length} periods, ${signals.length === 0 ? "with no signal" : `with ${signals.length} signal${signals.length === 1 ? "" : "s"} listed below`}.`}
            caption={`${kind}. ${view.direction === "lower_is_better" ? "Lower is better." : "Higher is better."} Circled points belong to a signal (green: improvement, red: deterioration); dashed purple lines are notes.`}
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
          {view.chartNote ? <p className="muted chart-note">{view.chartNote}.</p> : null}
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
      {view.notes && !(compact && notes.length === 0) ? (
        <>
          <Sub>Notes</Sub>
          {notes.length === 0 ? (
            <p className="muted">No note on this chart yet.</p>
          ) : (
            <ul className="annotations">
              {notes.map((a) => (
                <li key={a.key}>
                  <time dateTime={a.date}>{a.date}</time>: {a.text}
                  {a.author ? <span className="muted"> ({a.author})</span> : null}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      {more}
      <details className="chart-data">
        <summary>Show the data as a table</summary>
        <div className="table-scroll">
          <table>
            <caption>
              {title}: {shown.length} of {view.points.length} periods shown
            </caption>
            <thead>
              <tr>
                {CONTROL_CHART_COLUMNS.map((c, i) => (
                  <th key={c} scope="col" className={i > 0 && i < 6 ? "num" : undefined}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={view.points[r]!.period_start}>
                  {row.map((cell, i) =>
                    i === 0 ? (
                      <th key={CONTROL_CHART_COLUMNS[i]} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={CONTROL_CHART_COLUMNS[i]} className={i < 6 ? "num" : undefined}>
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
