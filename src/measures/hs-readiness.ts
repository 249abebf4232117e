import { insertGroupResultsSql } from "./group-results.ts";
import type { Measure, MeasureContext } from "./measure.ts";
import { schoolLevelGradesSql } from "./school-attribution.ts";
import { sqlString, sqlStrings } from "./sql-text.ts";

/**
 * High-school readiness (grade 8): of the students enrolled in grade `grade` at the school for at
 * least `min_days_enrolled` days (summed over their stints there), the percent meeting every
 * criterion over the whole school year (all their schools in the network):
 * - GPA ≥ `gpa_min`: the unweighted mean of `gpa_points` over the year's letter marks (P, NP, I
 *   and W do not count; a student without letter marks has no GPA and is not ready);
 * - attendance ≥ `attendance_min_percent`: 1 − days absent ÷ days enrolled over all stints;
 * - no mark in `d_or_f_marks` in a `no_d_or_f_in` subject area;
 * - no discipline action in `no_discipline_actions`.
 * n = qualifying grade 8 students, numerator = ready students.
 */
export const hsReadiness: Measure = {
  id: "hs_readiness",
  metrics: () => ["hs_readiness"],
  sql(context: MeasureContext): string[] {
    const s = context.framework.measures.hs_readiness;
    if (!s) return [];
    const y = context.year;
    const points = Object.entries(s.gpa_points).map(([mark, p]) => `(${sqlString(mark)}, ${p})`);
    const noDiscipline =
      s.no_discipline_actions.length > 0
        ? `NOT EXISTS (SELECT 1 FROM discipline d WHERE d.year = ${y} AND d.student_id = c.student_id AND d.action IN ${sqlStrings(s.no_discipline_actions)})`
        : "true";
    return [
      insertGroupResultsSql(context, {
        metric: "hs_readiness",
        minN: s.min_n,
        rows: `SELECT c.district_code, c.student_id, c.school_code, c.school_level,
  coalesce(
    m.gpa >= ${s.gpa_min}
    AND coalesce(m.d_or_f, 0) = 0
    AND 100 * (att.days_enrolled - att.days_absent) >= ${s.attendance_min_percent} * att.days_enrolled
    AND ${noDiscipline},
    false) AS ready
FROM (
  SELECT e.district_code, e.student_id, e.school_code, a.school_level
  FROM enrollments e
  JOIN (${schoolLevelGradesSql(context.framework, y, s.school_levels)}) a
    ON a.school_code = e.school_code AND a.grade = e.grade
  WHERE e.year = ${y} AND e.grade = ${s.grade}
  GROUP BY e.district_code, e.student_id, e.school_code, a.school_level
  HAVING sum(e.days_enrolled) >= ${s.min_days_enrolled}
) c
JOIN (
  SELECT student_id, sum(days_enrolled) AS days_enrolled, sum(days_absent) AS days_absent
  FROM enrollments WHERE year = ${y} GROUP BY student_id
) att ON att.student_id = c.student_id
LEFT JOIN (
  SELECT cm.student_id, avg(gp.points) AS gpa,
    count(*) FILTER (WHERE cm.subject_area IN ${sqlStrings(s.no_d_or_f_in)} AND cm.mark IN ${sqlStrings(s.d_or_f_marks)}) AS d_or_f
  FROM course_marks cm
  LEFT JOIN (VALUES ${points.length > 0 ? points.join(", ") : "(NULL, NULL)"}) AS gp(mark, points) ON gp.mark = cm.mark
  WHERE cm.year = ${y}
  GROUP BY cm.student_id
) m ON m.student_id = c.student_id`,
        partials: { students: "count(*)", counted: "count(*) FILTER (WHERE ready)" },
        n: "students",
        numerator: "counted",
        value: "100.0 * counted / students",
      }),
    ];
  },
};
