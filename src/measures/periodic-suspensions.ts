import { schoolYearEnd } from "../domain/school-year.ts";
import type { MeasureContext } from "./measure.ts";
import { insertPeriodicResultsSql } from "./periodic-group-results.ts";
import { schoolLevelGradesSql } from "./school-attribution.ts";
import { sqlNumbers, sqlStrings } from "./sql-text.ts";
import { STUDENT_GROUPS_TABLE } from "./student-groups.ts";

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
      // Enrolment as changes: +1 in a stint's first month, -1 in the month after its last (a
      // month shared with the student's earlier stint at the school is not counted again), and
      // a zero row for every month of every school × level × group set so each month has a row;
      // the running sum of the changes is the month's enrolment.
      rows: `WITH stints AS (
  SELECT e.district_code, e.student_id, e.school_code, a.school_level,
    date_trunc('month', e.entry_date)::DATE AS first_month,
    date_trunc('month', coalesce(e.exit_date, DATE '${schoolYearEnd(y)}'))::DATE AS last_month
  FROM enrollments e
  JOIN (${schoolLevelGradesSql(context.framework, y, settings.school_levels)}) a
    ON a.school_code = e.school_code AND a.grade = e.grade
  WHERE e.year = ${y} AND e.grade IN ${sqlNumbers(settings.grades)}
),
covered AS (
  SELECT *, max(last_month) OVER (PARTITION BY ${student}, school_level
    ORDER BY first_month, last_month ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
  FROM stints
),
spans AS (
  SELECT c.district_code, c.student_id, c.school_code, c.school_level, g.group_set,
    CASE WHEN c.before IS NULL OR c.before < c.first_month THEN c.first_month
      ELSE (c.before + INTERVAL 1 MONTH)::DATE END AS first_month,
    c.last_month
  FROM covered c LEFT JOIN ${STUDENT_GROUPS_TABLE} g
    ON g.district_code = c.district_code AND g.student_id = c.student_id
  WHERE c.before IS NULL OR c.before < c.last_month
),
actions AS (
  SELECT ${student}, date_trunc('month', action_date)::DATE AS month, count(*) AS actions
  FROM discipline WHERE year = ${y} AND action IN ${sqlStrings(settings.actions)}
  GROUP BY ALL
),
changes AS (
  SELECT school_code, school_level, group_set, first_month AS month, 1 AS d_students, 0 AS actions
  FROM spans
  UNION ALL
  SELECT school_code, school_level, group_set, (last_month + INTERVAL 1 MONTH)::DATE, -1, 0
  FROM spans
  UNION ALL
  SELECT s.school_code, s.school_level, s.group_set, a.month, 0, a.actions
  FROM actions a JOIN (SELECT DISTINCT ${student}, school_level, group_set FROM spans) s
    ON s.district_code = a.district_code AND s.student_id = a.student_id AND s.school_code = a.school_code
  UNION ALL
  SELECT school_code, school_level, group_set,
    unnest(generate_series(min(first_month), max(last_month), INTERVAL 1 MONTH))::DATE, 0, 0
  FROM spans GROUP BY school_code, school_level, group_set
)
SELECT NULL::VARCHAR AS district_code, NULL::VARCHAR AS student_id, school_code, school_level,
  group_set, month AS period_start, last_day(month) AS period_end,
  strftime(month, '%Y-%m') AS period_label, d_students, actions
FROM changes`,
      rowsHaveGroupSet: true,
      partials: { students: "sum(d_students)", actions: "sum(actions)" },
      cumulative: ["students"],
      n: "students",
      numerator: "actions",
      denominator: "students",
      scale: 100,
    }),
  ];
}
