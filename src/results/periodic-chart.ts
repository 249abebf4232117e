import type { PeriodicMeasureInfo } from "../measures/periodic-results-table.ts";
import type { ChartLayout } from "../stats/charts/chart-parts.ts";
import type { ChartResult } from "../stats/charts/chart-result.ts";
import { pChart } from "../stats/charts/p-chart.ts";
import { runChart } from "../stats/charts/run-chart.ts";
import { seasonalChart } from "../stats/charts/seasonal-chart.ts";
import { uChart } from "../stats/charts/u-chart.ts";
import { StatsError } from "../stats/stats-error.ts";
import type { PeriodicPoint } from "./periodic-schema.ts";

/** What a reader asks of a periodic chart (the API's query parameters). */
export interface PeriodicChartQuery {
  /**
   * `seasonal` (the default of a seasonal measure when the previous year is known and no part is
   * asked for): the seasonally adjusted u′-chart against the previous year ({@link seasonalChart});
   * `control` (the default otherwise): the measure's p- or u-chart; `run`: a run chart of the values.
   */
  readonly chart?: "control" | "run" | "seasonal";
  /**
   * The first `baseline` points of each part set its centre line and limits (frozen after); on
   * the seasonal chart, the first `baseline` months set this year's level (default 3).
   */
  readonly baseline?: number;
  /** Each a period's first day (YYYY-MM-DD) where a known change starts a new part. */
  readonly parts?: readonly string[];
  /** Run chart rules: IHI (default) or Anhøj's. */
  readonly rules?: "ihi" | "anhoej";
  /**
   * Laney's p′ / u′ (default true): school months have denominators in the thousands, so plain
   * limits call every ordinary month a special cause (docs/charts.md, "Caution for school data").
   */
  readonly laney?: boolean;
}

/** What the seasonal chart compares a school year with. */
export interface SeasonalContext {
  /** The same school, level, measure and group in the previous school year, as the reader is shown it. */
  readonly previous: readonly PeriodicPoint[];
  /** The district's seasonal index of the previous year by calendar month (`"01"` … `"12"`). */
  readonly season: ReadonlyMap<string, number>;
}

/** The seasonal index key of a period: its calendar month. */
export function seasonKey(point: Pick<PeriodicPoint, "period_start">): string {
  return point.period_start.slice(5, 7);
}

/** A query the series cannot answer (a part that is no period of it); the message names the value. */
export class PeriodicChartQueryError extends Error {
  constructor(
    message: string,
    readonly parameter: string,
  ) {
    super(message);
    this.name = "PeriodicChartQueryError";
  }
}

/**
 * The chart of one group's periodic series, computed from the points the reader is shown only (a
 * hidden period is a gap to every rule and never enters a centre line or limit, so the chart
 * tells nothing the points do not): the measure's control chart (`p` for a share, `u` for a count
 * per unit, by its denominator) or a run chart of the values, with the query's baseline and
 * parts. Values, centre lines and limits come back in the measure's unit (× its scale). `chart`
 * is null, with `note` saying why, when the engine cannot draw one (no shown point, a baseline
 * with no value). A seasonal measure (monthly absence) is charted by default seasonally adjusted
 * against the previous year (`seasonal`, the method bench/periodic-detection.ts validates); when
 * the previous year is not known or too short, the plain chart is drawn and `note` says so.
 * @throws PeriodicChartQueryError for a part that starts at no period of the series, or parts
 * asked of a seasonal chart.
 */
export function periodicChart(
  points: readonly PeriodicPoint[],
  info: PeriodicMeasureInfo,
  query: PeriodicChartQuery = {},
  seasonal?: SeasonalContext,
): { chart: ChartResult | null; note: string | null } {
  if (points.length === 0) return { chart: null, note: "the series has no period" };
  if (points.every((p) => p.value === null && p.numerator === null))
    return {
      chart: null,
      note: "every period of this series is withheld to protect small groups of students",
    };
  const kind = query.chart ?? (info.seasonal && !query.parts?.length ? "seasonal" : "control");
  if (kind === "seasonal") {
    if (query.parts?.length)
      throw new PeriodicChartQueryError(
        `parts: the seasonal chart has one part (this year's level from its first months); ask chart=control to split at ${query.parts.join(", ")}`,
        "parts",
      );
    const why = seasonal
      ? null
      : "the previous school year of this series is not in the run's chain";
    if (why === null) {
      try {
        return {
          chart: scaled(seasonalOf(points, info, query, seasonal!), info.scale),
          note: null,
        };
      } catch (error) {
        if (!(error instanceof StatsError)) throw error;
        if (query.chart === "seasonal") return { chart: null, note: error.message };
        const plain = periodicChart(points, info, { ...query, chart: "control" });
        return { ...plain, note: `not seasonally adjusted: ${error.message}` };
      }
    }
    if (query.chart === "seasonal") return { chart: null, note: why };
    const plain = periodicChart(points, info, { ...query, chart: "control" });
    return { ...plain, note: `not seasonally adjusted: ${why}` };
  }
  const layout = layoutOf(points, query);
  try {
    if (query.chart === "run") {
      return {
        chart: runChart(
          points.map((p) => p.value),
          { direction: info.direction, rules: query.rules ?? "ihi", ...layout },
        ),
        note: null,
      };
    }
    const numerators = points.map((p) => p.numerator);
    const denominators = points.map((p) => p.denominator);
    const options = { direction: info.direction, laney: query.laney ?? true, ...layout };
    const chart =
      info.chart === "p"
        ? pChart(numerators, denominators, options)
        : uChart(numerators, denominators, options);
    return { chart: scaled(chart, info.scale), note: null };
  } catch (error) {
    if (error instanceof StatsError) return { chart: null, note: error.message };
    throw error;
  }
}

/** The seasonally adjusted chart of a series against its previous year. */
function seasonalOf(
  points: readonly PeriodicPoint[],
  info: PeriodicMeasureInfo,
  query: PeriodicChartQuery,
  context: SeasonalContext,
): ChartResult {
  const year = (series: readonly PeriodicPoint[]) => ({
    counts: series.map((p) => p.numerator),
    exposures: series.map((p) => p.denominator),
    season: series.map((p) => context.season.get(seasonKey(p)) ?? null),
  });
  return seasonalChart(year(points), year(context.previous), {
    direction: info.direction,
    ...(query.baseline !== undefined ? { anchor: query.baseline } : {}),
  });
}

function layoutOf(points: readonly PeriodicPoint[], query: PeriodicChartQuery): ChartLayout {
  const baseline = query.baseline !== undefined ? { first: query.baseline } : undefined;
  const starts = [...new Set(query.parts ?? [])].sort().map((day) => {
    const index = points.findIndex((p) => p.period_start === day);
    if (index < 0)
      throw new PeriodicChartQueryError(
        `parts: "${day}" is not the first day of a period of this series (${points.map((p) => p.period_start).join(", ")})`,
        "parts",
      );
    if (index === 0)
      throw new PeriodicChartQueryError(
        `parts: "${day}" is the series' first period; a part starts at a later one`,
        "parts",
      );
    return index;
  });
  return {
    ...(baseline ? { baseline } : {}),
    ...(starts.length > 0
      ? { parts: starts.map((start) => ({ start, ...(baseline ? { baseline } : {}) })) }
      : {}),
  };
}

/** The chart with values, centre lines and limits multiplied by `scale` (the signals do not change). */
function scaled(chart: ChartResult, scale: number): ChartResult {
  const times = (v: number | null) => (v === null ? null : v * scale);
  return {
    ...chart,
    points: chart.points.map((p) => ({
      ...p,
      value: times(p.value),
      centre: times(p.centre),
      lower: times(p.lower),
      upper: times(p.upper),
      sigma: times(p.sigma),
    })),
    parts: chart.parts.map((p) => ({ ...p, centre: p.centre * scale })),
  };
}
