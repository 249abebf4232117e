import { schoolYearEnd } from "../domain/school-year.ts";
import { insertPeriodicResultsSql } from "./periodic-group-results.ts";
import { monthRowsSql, type PeriodicContext, sqlMonth } from "./periodic-months.ts";
import { schoolLevelGradesSql } from "./school-attribution.ts";
import { sqlNumbers, sqlStrings } from "./sql-text.ts";
import { STUDENT_GROUPS_TABLE } from "./student-groups.ts";

/**
 * Suspensions per month: the disciplinary actions in the suspension measure's `actions` a school
 * took in the month (by action_date), per 100 students enrolled there on any day of the month
 * (from enrollments' entry and exit dates; an open stint runs to the end of the school year).
 * A student suspended twice counts twice (a u-chart's count per unit); an action counts at every
 * level the student has a stint at in the school. n = students enrolled in the month. Lower is
 * better.
 */
export function suspensionsPerMonthSql(context: PeriodicContext): string[] {
  const settings = context.framework.measures.suspension;
  if (!settings || context.months.length === 0) return [];
  const y = context.year;
  const student = "district_code, student_id, school_code";
  const enrolledIn = (i: number) => `in_${i}`;
  const actionsIn = (i: number) => `actions_${i}`;
  // One row per student × school × level saying which months a stint of theirs covers (two
  // stints sharing a month count once), and one per student × school with their actions per
  // month: no student × month rows.
  const from = `(
  SELECT e.district_code, e.student_id, e.school_code, a.school_level,
    ${context.months
      .map(
        (m, i) =>
          `bool_or(date_trunc('month', e.entry_date) <= ${sqlMonth(m)}
      AND date_trunc('month', coalesce(e.exit_date, DATE '${schoolYearEnd(y)}')) >= ${sqlMonth(m)}) AS ${enrolledIn(i)}`,
      )
      .join(",\n    ")}
  FROM enrollments e
  JOIN (${schoolLevelGradesSql(context.framework, y, settings.school_levels)}) a
    ON a.school_code = e.school_code AND a.grade = e.grade
  WHERE e.year = ${y} AND e.grade IN ${sqlNumbers(settings.grades)}
  GROUP BY e.district_code, e.student_id, e.school_code, a.school_level
) s
LEFT JOIN (
  SELECT ${student},
    ${context.months
      .map((m, i) => `count(*) FILTER (WHERE month = ${sqlMonth(m)}) AS ${actionsIn(i)}`)
      .join(",\n    ")}
  FROM (
    SELECT ${student}, date_trunc('month', action_date)::DATE AS month FROM discipline
    WHERE year = ${y} AND action IN ${sqlStrings(settings.actions)}
  )
  GROUP BY ${student}
) d ON d.district_code = s.district_code AND d.student_id = s.student_id AND d.school_code = s.school_code
LEFT JOIN ${STUDENT_GROUPS_TABLE} g
  ON g.district_code = s.district_code AND g.student_id = s.student_id`;
  return [
    insertPeriodicResultsSql(context, {
      measure: "suspensions_per_month",
      rows: monthRowsSql({
        months: context.months,
        keys: "s.school_code AS school_code, s.school_level AS school_level, g.group_set AS group_set",
        from,
        groupBy: "s.school_code, s.school_level, g.group_set",
        // A month of actions without enrolment in this group set still counts toward a group
        // that has students enrolled that month.
        month: (_, i) => ({
          keep: `bool_or(${enrolledIn(i)}) OR coalesce(sum(d.${actionsIn(i)}), 0) > 0`,
          partials: {
            students: `count(*) FILTER (WHERE ${enrolledIn(i)})`,
            actions: `coalesce(sum(d.${actionsIn(i)}), 0)`,
          },
        }),
      }),
      rowsHaveGroupSet: true,
      partials: { students: "sum(students)", actions: "sum(actions)" },
      n: "students",
      numerator: "actions",
      denominator: "students",
      scale: 100,
    }),
  ];
}
