import { schoolYearEnd } from "../domain/school-year.ts";
import type { MeasureContext } from "./measure.ts";
import { insertPeriodicResultsSql } from "./periodic-group-results.ts";
import { schoolLevelGradesSql } from "./school-attribution.ts";
import { sqlNumbers, sqlStrings } from "./sql-text.ts";

/**
 * Suspensions per month: the disciplinary actions in the suspension measure's `actions` a school
 * took in the month (by action_date), per 100 students enrolled there on any day of the month
 * (from enrollments' entry and exit dates; an open stint runs to the end of the school year).
 * A student suspended twice counts twice (a u-chart's count per unit). n = students enrolled in
 * the month. Lower is better.
 */
export function suspensionsPerMonthSql(context: MeasureContext): string[] {
  const settings = context.framework.measures.suspension;
  if (!settings) return [];
  const y = context.year;
  const student = "district_code, student_id, school_code";
  return [
    insertPeriodicResultsSql(context, {
      measure: "suspensions_per_month",
      rows: `WITH enrolled AS (
  SELECT DISTINCT e.district_code, e.student_id, e.school_code, a.school_level,
    unnest(generate_series(date_trunc('month', e.entry_date),
      date_trunc('month', coalesce(e.exit_date, DATE '${schoolYearEnd(y)}')), INTERVAL 1 MONTH))::DATE AS month
  FROM enrollments e
  JOIN (${schoolLevelGradesSql(context.framework, y, settings.school_levels)}) a
    ON a.school_code = e.school_code AND a.grade = e.grade
  WHERE e.year = ${y} AND e.grade IN ${sqlNumbers(settings.grades)}
),
actions AS (
  SELECT ${student}, date_trunc('month', action_date)::DATE AS month, count(*) AS actions
  FROM discipline WHERE year = ${y} AND action IN ${sqlStrings(settings.actions)}
  GROUP BY ALL
)
SELECT m.*, m.month AS period_start, last_day(m.month) AS period_end,
  strftime(m.month, '%Y-%m') AS period_label, coalesce(a.actions, 0) AS actions
FROM enrolled m
LEFT JOIN actions a ON a.district_code = m.district_code AND a.student_id = m.student_id
  AND a.school_code = m.school_code AND a.month = m.month`,
      partials: { students: "count(*)", actions: "sum(actions)" },
      n: "students",
      numerator: "actions",
      denominator: "students",
      scale: 100,
    }),
  ];
}
