import { censusDay, schoolYearEnd } from "../domain/school-year.ts";
import { insertGroupResultsSql } from "./group-results.ts";
import type { Measure, MeasureContext } from "./measure.ts";
import { schoolLevelGradesSql } from "./school-attribution.ts";

/**
 * English learner reclassification (CDE-style census rate), for ALL only: the students who were
 * EL on the prior year's census (prior year's students row with el_status EL and a census-day
 * enrollment that year) and are enrolled at the school on this year's census day (which decides
 * the school and, by grade, the level); numerator = those whose row this year is RFEP with a
 * reclassification date after the prior census day and no later than this year's census day or
 * year end (`window_end`). A prior-year EL not enrolled on this census day counts nowhere.
 */
export const elRedesignation: Measure = {
  id: "el_redesignation",
  metrics: () => ["el_redesignation"],
  sql(context: MeasureContext): string[] {
    const s = context.framework.measures.el_redesignation;
    if (!s) return [];
    const y = context.year;
    const end = s.window_end === "census" ? censusDay(y) : schoolYearEnd(y);
    return [
      insertGroupResultsSql(context, {
        metric: "el_redesignation",
        minN: s.min_n,
        allStudentsOnly: true,
        rows: `SELECT DISTINCT e.district_code, e.student_id, e.school_code, a.school_level,
  coalesce(cs.el_status = 'RFEP'
    AND cs.reclassification_date > DATE '${censusDay(y - 1)}'
    AND cs.reclassification_date <= DATE '${end}', false) AS reclassified
FROM enrollments e
JOIN (${schoolLevelGradesSql(context.framework, y, s.school_levels)}) a
  ON a.school_code = e.school_code AND a.grade = e.grade
LEFT JOIN students cs
  ON cs.year = ${y} AND cs.district_code = e.district_code AND cs.student_id = e.student_id
WHERE e.year = ${y} AND e.census_day
  AND e.student_id IN (
    SELECT ps.student_id FROM students ps
    WHERE ps.year = ${y - 1} AND ps.el_status = 'EL'
      AND EXISTS (
        SELECT 1 FROM enrollments pe
        WHERE pe.year = ${y - 1} AND pe.census_day
          AND pe.district_code = ps.district_code AND pe.student_id = ps.student_id
      )
  )`,
        partials: { students: "count(*)", counted: "count(*) FILTER (WHERE reclassified)" },
        n: "students",
        numerator: "counted",
        value: "100.0 * counted / students",
      }),
    ];
  },
};
