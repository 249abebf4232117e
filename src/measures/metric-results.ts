/**
 * The results table every measure writes: one row per run × year × school × school level ×
 * metric × student group with n ≥ 1. Levels, the index and identification read it.
 *
 * - `n`: the denominator (students, or respondents for surveys).
 * - `numerator`: students counted in the percentage; NULL for means (distance from standard,
 *   survey scores and culture-climate shares of answers).
 * - `value`: percentages on a 0–100 scale; means in their own unit (scale points, 1–5 ratings).
 * - `suppressed`: n below the measure's min n (not shown, no level, not in the index).
 * - `participation` (surveys only): respondents ÷ population at the school and level, 0–100; the
 *   same on every group row of that school and level. NULL for other measures.
 * - `meets_floor` (surveys only): participation reached the framework's floor; below it the result
 *   is reported but gets no level. NULL for other measures.
 */
export const METRIC_RESULTS_DDL = `CREATE TABLE IF NOT EXISTS metric_results (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  school_code VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  student_group VARCHAR NOT NULL,
  n INTEGER NOT NULL,
  numerator DOUBLE,
  value DOUBLE,
  suppressed BOOLEAN NOT NULL,
  participation DOUBLE,
  meets_floor BOOLEAN
)`;

/** One row of `metric_results` as read back into TypeScript. */
export interface MetricResult {
  run_id: string;
  year: number;
  school_code: string;
  school_level: string;
  metric: string;
  student_group: string;
  n: number;
  numerator: number | null;
  value: number | null;
  suppressed: boolean;
  participation: number | null;
  meets_floor: boolean | null;
}
