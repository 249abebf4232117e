import { insertPeriodicResultsSql } from "./periodic-group-results.ts";
import { monthRowsSql, type PeriodicContext, sqlMonth } from "./periodic-months.ts";
import { schoolLevelGradesSql } from "./school-attribution.ts";
import { sqlNumbers } from "./sql-text.ts";
import { STUDENT_GROUPS_TABLE } from "./student-groups.ts";

/** The temporary table of {@link studentYearSql} both absence measures read. */
export const STUDENT_YEAR_TABLE = "periodic_student_year";

/** Month `i`'s days enrolled and absent columns of {@link STUDENT_YEAR_TABLE}. */
const enrolled = (i: number) => `enrolled_${i}`;
const absent = (i: number) => `absent_${i}`;

/**
 * The statements that build {@link STUDENT_YEAR_TABLE} (none without chronic-absence settings or
 * months), and the one that drops it.
 */
export function studentYearTableSql(context: PeriodicContext): {
  create: string[];
  drop: string[];
} {
  const year = studentYearSql(context);
  if (!year) return { create: [], drop: [] };
  return {
    create: [`CREATE OR REPLACE TEMP TABLE ${STUDENT_YEAR_TABLE} AS ${year}`],
    drop: [`DROP TABLE ${STUDENT_YEAR_TABLE}`],
  };
}

/**
 * Each student's attendance at a school and level over the year, one row per student × school ×
 * level: `school_code, school_level, group_set` (the student's, from {@link STUDENT_GROUPS_TABLE})
 * and, for each month `i` of `context.months`, `enrolled_i` and `absent_i`, the days of the
 * attendance periods that start in the month (NULL when none does). The level comes from the
 * student's grade at the school in enrollments (the highest when a student has stints there in
 * two grades); only the chronic-absence measure's grades and levels count.
 */
function studentYearSql(context: PeriodicContext): string | undefined {
  const settings = context.framework.measures.chronic_absence;
  if (!settings || context.months.length === 0) return undefined;
  const y = context.year;
  const columns = context.months.flatMap((m, i) => [
    `sum(days_enrolled) FILTER (WHERE month = ${sqlMonth(m)})::BIGINT AS ${enrolled(i)}`,
    `sum(days_absent) FILTER (WHERE month = ${sqlMonth(m)})::BIGINT AS ${absent(i)}`,
  ]);
  // The periods are summed per student × school first (one row each, not one per month), then
  // joined to the student's level and groups: the large table is grouped once and joined never.
  return `SELECT ap.school_code, p.school_level, p.group_set,
  ${context.months.flatMap((_, i) => [`ap.${enrolled(i)}`, `ap.${absent(i)}`]).join(", ")}
FROM (
  SELECT district_code, student_id, school_code,
    ${columns.join(",\n    ")}
  FROM (
    SELECT district_code, student_id, school_code,
      date_trunc('month', period_start)::DATE AS month, days_enrolled, days_absent
    FROM attendance_periods WHERE year = ${y}
  )
  GROUP BY district_code, student_id, school_code
) ap
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
) p ON p.district_code = ap.district_code AND p.student_id = ap.student_id AND p.school_code = ap.school_code`;
}

/**
 * Monthly absence rate: of the days students were enrolled at the school in the month, the
 * percent they were absent (Σ days absent ÷ Σ days enrolled). n = students with a day enrolled in
 * the month. Lower is better.
 */
export function monthlyAbsenceSql(context: PeriodicContext): string[] {
  if (!studentYearSql(context)) return [];
  return [
    insertPeriodicResultsSql(context, {
      measure: "monthly_absence_rate",
      rows: monthRowsSql({
        months: context.months,
        keys: "school_code, school_level, group_set",
        from: STUDENT_YEAR_TABLE,
        groupBy: "school_code, school_level, group_set",
        month: (_, i) => {
          const present = `WHERE ${enrolled(i)} > 0`;
          return {
            keep: `count(*) FILTER (${present}) > 0`,
            partials: {
              students: `count(*) FILTER (${present})`,
              absent: `coalesce(sum(${absent(i)}) FILTER (${present}), 0)`,
              enrolled: `coalesce(sum(${enrolled(i)}) FILTER (${present}), 0)`,
            },
          };
        },
      }),
      rowsHaveGroupSet: true,
      partials: {
        students: "sum(students)",
        absent: "sum(absent)",
        enrolled: "sum(enrolled)",
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
 * `absence_threshold_percent` of those days. A school × level × group has a figure in the months
 * some of its students have an attendance period in (and someone counts). The last month's figure is the year's
 * chronic absence rate whenever attendance_periods add up to enrollments. Lower is better.
 *
 * Each student's row carries their months, so their days to date are running sums across the
 * row's columns, and a month's figure counts the students whose days to date qualify (no
 * student × month rows, no window).
 */
export function chronicAbsenceToDateSql(context: PeriodicContext): string[] {
  const settings = context.framework.measures.chronic_absence;
  if (!settings || !studentYearSql(context)) return [];
  const toDate = context.months.flatMap((_, i) =>
    i === 0
      ? [
          `coalesce(${enrolled(0)}, 0) AS enrolled_to_${0}`,
          `coalesce(${absent(0)}, 0) AS absent_to_${0}`,
        ]
      : [
          `enrolled_to_${i - 1} + coalesce(${enrolled(i)}, 0) AS enrolled_to_${i}`,
          `absent_to_${i - 1} + coalesce(${absent(i)}, 0) AS absent_to_${i}`,
        ],
  );
  const counted = (i: number) => `enrolled_to_${i} >= ${settings.min_days_enrolled}`;
  // Compared as 100 × absent ≥ threshold × enrolled to stay exact in integers.
  const chronic = (i: number) =>
    `${counted(i)} AND 100 * absent_to_${i} >= ${settings.absence_threshold_percent} * enrolled_to_${i}`;
  return [
    insertPeriodicResultsSql(context, {
      measure: "chronic_absence_to_date",
      rows: monthRowsSql({
        months: context.months,
        keys: "school_code, school_level, group_set",
        // DuckDB reads each running sum from the one before it in the same SELECT.
        from: `(SELECT school_code, school_level, group_set,
    ${context.months.map((_, i) => `${enrolled(i)} IS NOT NULL AS in_${i}`).join(", ")},
    ${toDate.join(",\n    ")}
  FROM ${STUDENT_YEAR_TABLE})`,
        groupBy: "school_code, school_level, group_set",
        // A group's month has a figure when some student of it has a period in the month; a
        // group set without one still adds its students' standing to date.
        month: (_, i) => ({
          keep: `bool_or(in_${i}) OR bool_or(${counted(i)})`,
          partials: {
            present: `count(*) FILTER (WHERE in_${i})`,
            students: `count(*) FILTER (WHERE ${counted(i)})`,
            counted: `count(*) FILTER (WHERE ${chronic(i)})`,
          },
        }),
      }),
      rowsHaveGroupSet: true,
      partials: { present: "sum(present)", students: "sum(students)", counted: "sum(counted)" },
      keep: "present > 0",
      n: "students",
      numerator: "counted",
      denominator: "students",
      scale: 100,
    }),
  ];
}
