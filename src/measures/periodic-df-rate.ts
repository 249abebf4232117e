import { SCHOOL_LEVELS } from "../domain/codes.ts";
import type { MeasureContext } from "./measure.ts";
import { insertPeriodicResultsSql } from "./periodic-group-results.ts";
import { schoolLevelGradesSql } from "./school-attribution.ts";
import { sqlStrings } from "./sql-text.ts";
import { termWindowsSql } from "./term-windows.ts";

/** D and F marks when the framework's high-school readiness measure names none. */
const DEFAULT_D_OR_F = ["D+", "D", "D-", "F"] as const;
/** Marks that are no letter mark (not counted in the D/F rate). */
const NOT_LETTERS = ["P", "NP", "I", "W"] as const;

/**
 * D/F rate per term: of the students in grades 6–12 with at least one letter mark at the school
 * in the term, the percent with at least one D or F (the high-school readiness measure's
 * `d_or_f_marks`). The level comes from the student's grade at the school in enrollments; the
 * term's dates are its nominal window ({@link termWindowsSql}). Lower is better.
 */
export function dfRateSql(context: MeasureContext): string[] {
  const y = context.year;
  const dOrF = context.framework.measures.hs_readiness?.d_or_f_marks ?? DEFAULT_D_OR_F;
  return [
    insertPeriodicResultsSql(context, {
      measure: "df_rate_term",
      rows: `SELECT cm.district_code, cm.student_id, cm.school_code, a.school_level,
  t.period_start, t.period_end, cm.term AS period_label,
  bool_or(cm.mark IN ${sqlStrings(dOrF)}) AS d_or_f
FROM course_marks cm
JOIN (
  SELECT district_code, student_id, school_code, max(grade) AS grade FROM enrollments
  WHERE year = ${y} AND grade >= 6
  GROUP BY district_code, student_id, school_code
) e ON e.district_code = cm.district_code AND e.student_id = cm.student_id AND e.school_code = cm.school_code
JOIN (${schoolLevelGradesSql(context.framework, y, SCHOOL_LEVELS)}) a
  ON a.school_code = cm.school_code AND a.grade = e.grade
JOIN (${termWindowsSql(y)}) AS t(term, period_start, period_end) ON t.term = cm.term
WHERE cm.year = ${y} AND cm.mark NOT IN ${sqlStrings(NOT_LETTERS)}
GROUP BY ALL`,
      partials: { students: "count(*)", counted: "count(*) FILTER (WHERE d_or_f)" },
      n: "students",
      numerator: "counted",
      denominator: "students",
      scale: 100,
    }),
  ];
}
