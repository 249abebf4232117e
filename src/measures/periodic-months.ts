import { schoolYearEnd } from "../domain/school-year.ts";
import type { MeasureContext } from "./measure.ts";

/**
 * A periodic measure's context: the run's, and the calendar months (first days, `YYYY-MM-DD`, in
 * order) that may hold a figure ({@link periodicMonthsSql}). The monthly measures aggregate one
 * row per student with a column per month, so they need the months before they are written.
 */
export interface PeriodicContext extends MeasureContext {
  readonly months: readonly string[];
}

/**
 * The months of school year `year` that may hold a monthly figure: every month an attendance
 * period starts in, and every month from the earliest entry to the latest exit in enrollments
 * (an open stint runs to the end of the school year). A SELECT of `month` (DATE), in order. More
 * months than needed cost only empty columns: a month without rows writes nothing.
 */
export function periodicMonthsSql(year: number): string {
  return `SELECT DISTINCT month FROM (
  SELECT date_trunc('month', period_start)::DATE AS month FROM attendance_periods WHERE year = ${year}
  UNION ALL
  SELECT unnest(generate_series(date_trunc('month', min(entry_date)),
    date_trunc('month', max(coalesce(exit_date, DATE '${schoolYearEnd(year)}'))), INTERVAL 1 MONTH))::DATE
  FROM enrollments WHERE year = ${year}
) WHERE month IS NOT NULL ORDER BY month`;
}

/** A month as a SQL DATE literal. */
export function sqlMonth(month: string): string {
  if (!/^\d{4}-\d{2}-01$/.test(month)) throw new Error(`invalid month "${month}"`);
  return `DATE '${month}'`;
}

/** One month's aggregates of {@link monthRowsSql}. */
export interface MonthAggregates {
  /** Whether the month gets a row (an aggregate condition, e.g. `count(*) FILTER (…) > 0`). */
  readonly keep: string;
  /** Each partial's aggregate over the group's rows for the month, by name. */
  readonly partials: Readonly<Record<string, string>>;
}

/**
 * A SELECT of `school_code, school_level, group_set, period_start, period_end, period_label` and
 * the partials, one row per school × level × group set × month that `month` keeps, from one
 * aggregation of `from` (rows with a column per month, grouped by `keys`: the school code, level
 * and group set, aliased so) turned into a row per month. This is how the monthly measures avoid
 * a row per student × month: each student's row carries all their months.
 */
export function monthRowsSql(options: {
  readonly months: readonly string[];
  /** The school code, level and group set expressions, `AS school_code, … AS group_set`. */
  readonly keys: string;
  /** The FROM clause (with its joins), without `FROM`. */
  readonly from: string;
  /** The GROUP BY expressions (the keys unaliased). */
  readonly groupBy: string;
  readonly month: (month: string, index: number) => MonthAggregates;
}): string {
  const structs = options.months.map((m, i) => {
    const { keep, partials } = options.month(m, i);
    const fields = Object.entries(partials).map(([name, sql]) => `'${name}': ${sql}`);
    return `{'period_start': ${sqlMonth(m)}, 'keep_month': ${keep}, ${fields.join(", ")}}`;
  });
  return `SELECT * EXCLUDE (keep_month), last_day(period_start) AS period_end,
  strftime(period_start, '%Y-%m') AS period_label
FROM (
  SELECT ${options.keys}, unnest([${structs.join(",\n    ")}], recursive := true)
  FROM ${options.from}
  GROUP BY ${options.groupBy}
)
WHERE keep_month`;
}
