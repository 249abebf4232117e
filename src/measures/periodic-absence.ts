import type { MeasureContext } from "./measure.ts";
import { insertPeriodicResultsSql } from "./periodic-group-results.ts";
import { schoolLevelGradesSql } from "./school-attribution.ts";
import { sqlNumbers } from "./sql-text.ts";
import { STUDENT_GROUPS_TABLE } from "./student-groups.ts";

/** The temporary table of {@link studentMonthsSql} both absence measures read. */
export const STUDENT_MONTHS_TABLE = "periodic_student_months";

/**
 * The statements that build {@link STUDENT_MONTHS_TABLE} (none without chronic-absence settings),
 * and the one that drops it.
 */
export function studentMonthsTableSql(context: MeasureContext): {
  create: string[];
  drop: string[];
} {
  const months = studentMonthsSql(context);
  if (!months) return { create: [], drop: [] };
  return {
    create: [`CREATE OR REPLACE TEMP TABLE ${STUDENT_MONTHS_TABLE} AS ${months}`],
    drop: [`DROP TABLE ${STUDENT_MONTHS_TABLE}`],
  };
}

/**
 * Each student's attendance per calendar month at a school and level, from attendance_periods
 * (a period counts in the month it starts in): `district_code, student_id, school_code,
 * school_level, month, days_enrolled, days_absent`, and the student's `group_set` (read from
 * {@link STUDENT_GROUPS_TABLE}, so the measures need not join it again). The level comes from the student's grade at
 * the school in enrollments (the highest when a student has stints there in two grades); only
 * the chronic-absence measure's grades and levels count.
 */
function studentMonthsSql(context: MeasureContext): string | undefined {
  const settings = context.framework.measures.chronic_absence;
  if (!settings) return undefined;
  const y = context.year;
  // Each student × school's level and groups are found once (a row per pair), then the periods
  // are joined to them: one join of the large table, not two.
  return `SELECT ap.district_code, ap.student_id, ap.school_code, p.school_level, p.group_set,
  date_trunc('month', ap.period_start)::DATE AS month,
  sum(ap.days_enrolled)::BIGINT AS days_enrolled, sum(ap.days_absent)::BIGINT AS days_absent
FROM attendance_periods ap
JOIN (
  SELECT e.district_code, e.student_id, e.school_code, a.school_level, g.group_set
  FROM (
    SELECT district_code, student_id, school_code, max(grade) AS grade FROM enrollments
    WHERE year = ${y} AND grade IN ${sqlNumbers(settings.grades)}
    GROUP BY district_code, student_id, school_code
  ) e
  JOIN (${schoolLevelGradesSql(context.framework, y, settings.school_levels)}) a
    ON a.school_code = e.school_code AND a.grade = e.grade
  LEFT JOIN ${STUDENT_GROUPS_TABLE} g
    ON g.district_code = e.district_code AND g.student_id = e.student_id
) p ON p.district_code = ap.district_code AND p.student_id = ap.student_id AND p.school_code = ap.school_code
WHERE ap.year = ${y}
GROUP BY ap.district_code, ap.student_id, ap.school_code, p.school_level, p.group_set, month`;
}

/**
 * Monthly absence rate: of the days students were enrolled at the school in the month, the
 * percent they were absent (Σ days absent ÷ Σ days enrolled). n = students with a day enrolled in
 * the month. Lower is better.
 */
export function monthlyAbsenceSql(context: MeasureContext): string[] {
  if (!context.framework.measures.chronic_absence) return [];
  return [
    insertPeriodicResultsSql(context, {
      measure: "monthly_absence_rate",
      rows: `SELECT *, month AS period_start, last_day(month) AS period_end,
  strftime(month, '%Y-%m') AS period_label
FROM ${STUDENT_MONTHS_TABLE} WHERE days_enrolled > 0`,
      rowsHaveGroupSet: true,
      partials: {
        students: "count(*)",
        absent: "sum(days_absent)",
        enrolled: "sum(days_enrolled)",
      },
      n: "students",
      numerator: "absent",
      denominator: "enrolled",
      scale: 100,
    }),
  ];
}

/**
 * Chronic absence to date: at the end of each month, of the students enrolled at the school for
 * at least `min_days_enrolled` days so far this year (summed from the first month on, students
 * who left included with their days to leaving), the percent absent on at least
 * `absence_threshold_percent` of those days. The last month's figure is the year's chronic
 * absence rate whenever attendance_periods add up to enrollments. Lower is better.
 *
 * Computed without a student × month grid: each student's row of a month says how their state
 * (counted, chronically absent) changed since their previous row, and the school's figure of a
 * month is the running sum of those changes, so a student who left keeps their last state.
 */
export function chronicAbsenceToDateSql(context: MeasureContext): string[] {
  const settings = context.framework.measures.chronic_absence;
  if (!settings) return [];
  const student = "district_code, student_id, school_code, school_level";
  const counted = (enrolled: string) => `(${enrolled} >= ${settings.min_days_enrolled})`;
  // Compared as 100 × absent ≥ threshold × enrolled to stay exact in integers.
  const chronic = (enrolled: string, absent: string) =>
    `(${counted(enrolled)} AND 100 * (${absent}) >= ${settings.absence_threshold_percent} * (${enrolled}))`;
  return [
    insertPeriodicResultsSql(context, {
      measure: "chronic_absence_to_date",
      // The state before this month comes from the running sums less this month's days, so one
      // window over each student's months is enough.
      rows: `WITH cum AS (
  SELECT ${student}, group_set, month, days_enrolled, days_absent,
    sum(days_enrolled) OVER w AS cum_enrolled, sum(days_absent) OVER w AS cum_absent
  -- A student has one level at a school (their grade there) and a school one district, so
  -- student and school alone are the partition (fewer keys to sort on).
  FROM ${STUDENT_MONTHS_TABLE} WINDOW w AS (PARTITION BY student_id, school_code ORDER BY month)
)
SELECT ${student}, group_set, month AS period_start, last_day(month) AS period_end,
  strftime(month, '%Y-%m') AS period_label,
  ${counted("cum_enrolled")}::INTEGER - ${counted("cum_enrolled - days_enrolled")}::INTEGER AS d_counted,
  ${chronic("cum_enrolled", "cum_absent")}::INTEGER
    - ${chronic("cum_enrolled - days_enrolled", "cum_absent - days_absent")}::INTEGER AS d_chronic
FROM cum`,
      rowsHaveGroupSet: true,
      partials: { students: "sum(d_counted)", counted: "sum(d_chronic)" },
      cumulative: ["students", "counted"],
      n: "students",
      numerator: "counted",
      denominator: "students",
      scale: 100,
    }),
  ];
}
