import type { Direction } from "../stats/charts/chart-result.ts";

/**
 * The one table of periodic (within-year) measures a run writes: one row per run × school ×
 * school level × measure × student group × period with at least one student. The charts read it
 * (src/stats/charts): a p-chart takes `numerator` / `denominator` as a proportion, a u-chart as a
 * count per unit (see {@link PERIODIC_MEASURES}); `value` is the same figure on its display scale.
 *
 * - `year`: the school year (spring) the run is for; the periods lie within it.
 * - `period_start`, `period_end`: the period's first and last day (a calendar month; a term's
 *   nominal window for D/F rates, see docs/measures.md). `period_label`: `2024-09`, or `2025 S1`.
 * - `n`: students counted (for absence: students with days enrolled in the month).
 * - `numerator`, `denominator`: as the measure's `denominatorKind` says (days absent / days
 *   enrolled; students chronically absent / students; suspensions / students enrolled; students
 *   with a D or F / students with marks).
 * - `value`: `numerator / denominator × scale` (percent, or per 100 students).
 *
 * Nothing is suppressed here: what a reader may see is decided on read by the disclosure pass.
 */
export const PERIODIC_RESULTS_DDL = `CREATE TABLE IF NOT EXISTS periodic_results (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  school_code VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  measure VARCHAR NOT NULL,
  student_group VARCHAR NOT NULL,
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,
  period_label VARCHAR NOT NULL,
  n INTEGER NOT NULL,
  numerator DOUBLE NOT NULL,
  denominator DOUBLE NOT NULL,
  value DOUBLE
)`;

/** One row of `periodic_results` as read back into TypeScript (dates as YYYY-MM-DD). */
export interface PeriodicResult {
  run_id: string;
  year: number;
  school_code: string;
  school_level: string;
  measure: string;
  student_group: string;
  period_start: string;
  period_end: string;
  period_label: string;
  n: number;
  numerator: number;
  denominator: number;
  value: number | null;
}

/** How a periodic measure is charted and read. */
export interface PeriodicMeasureInfo {
  readonly id: PeriodicMeasureId;
  readonly label: string;
  /** The unit of `value`. */
  readonly unit: "percent" | "per 100 students";
  /** `value = numerator / denominator × scale`. */
  readonly scale: number;
  /** What the denominator counts. */
  readonly denominatorKind: "days_enrolled" | "students";
  /**
   * The control chart for `numerator / denominator`: `p` for a proportion (each unit counted at
   * most once), `u` for a count per unit that can exceed 1 (several suspensions of one student).
   */
  readonly chart: "p" | "u";
  readonly period: "month" | "term";
  readonly direction: Direction;
  /**
   * Charted by default seasonally adjusted against the previous school year (a monthly rate with
   * the same seasons every year; see `seasonalChart` and docs/charts.md).
   */
  readonly seasonal?: true;
}

/** The periodic measures, in display order. */
export const PERIODIC_MEASURE_IDS = [
  "monthly_absence_rate",
  "chronic_absence_to_date",
  "suspensions_per_month",
  "df_rate_term",
] as const;

export type PeriodicMeasureId = (typeof PERIODIC_MEASURE_IDS)[number];

export const PERIODIC_MEASURES: readonly PeriodicMeasureInfo[] = [
  {
    id: "monthly_absence_rate",
    label: "Absence rate (days absent ÷ days enrolled) in the month",
    unit: "percent",
    scale: 100,
    denominatorKind: "days_enrolled",
    chart: "p",
    period: "month",
    direction: "lower_is_better",
    seasonal: true,
  },
  {
    id: "chronic_absence_to_date",
    label: "Chronically absent so far this year",
    unit: "percent",
    scale: 100,
    denominatorKind: "students",
    chart: "p",
    period: "month",
    direction: "lower_is_better",
  },
  {
    id: "suspensions_per_month",
    label: "Suspensions and expulsions in the month per 100 enrolled students",
    unit: "per 100 students",
    scale: 100,
    denominatorKind: "students",
    chart: "u",
    period: "month",
    direction: "lower_is_better",
  },
  {
    id: "df_rate_term",
    label: "Students with a D or F in the term",
    unit: "percent",
    scale: 100,
    denominatorKind: "students",
    chart: "p",
    period: "term",
    direction: "lower_is_better",
  },
];

/** The info of one periodic measure id, or undefined for an unknown id. */
export function periodicMeasure(id: string): PeriodicMeasureInfo | undefined {
  return PERIODIC_MEASURES.find((m) => m.id === id);
}
