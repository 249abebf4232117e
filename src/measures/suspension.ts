import { insertGroupResultsSql } from "./group-results.ts";
import type { Measure, MeasureContext } from "./measure.ts";
import { schoolLevelGradesSql } from "./school-attribution.ts";
import { sqlNumbers, sqlStrings } from "./sql-text.ts";

/**
 * Suspension and expulsion: of the students cumulatively enrolled at the school (any stint in the
 * year, however short), the percent with at least one action in `actions` (ISS, OSS, EXP) taken
 * by that school during the year. A student enrolled at the school in grades of two levels counts
 * at both. n = cumulative enrollment, numerator = students suspended or expelled. Lower is better.
 */
export const suspension: Measure = {
  id: "suspension",
  metrics: () => ["suspension"],
  sql(context: MeasureContext): string[] {
    const settings = context.framework.measures.suspension;
    if (!settings) return [];
    const y = context.year;
    return [
      insertGroupResultsSql(context, {
        metric: "suspension",
        minN: settings.min_n,
        // The year's suspended student × school pairs are found once and joined (no correlated
        // subquery per enrollment row).
        rows: `SELECT c.district_code, c.student_id, c.school_code, c.school_level,
  d.student_id IS NOT NULL AS suspended
FROM (
  SELECT DISTINCT e.district_code, e.student_id, e.school_code, a.school_level
  FROM enrollments e
  JOIN (${schoolLevelGradesSql(context.framework, y, settings.school_levels)}) a
    ON a.school_code = e.school_code AND a.grade = e.grade
  WHERE e.year = ${y} AND e.grade IN ${sqlNumbers(settings.grades)}
) c
LEFT JOIN (
  SELECT DISTINCT student_id, school_code FROM discipline
  WHERE year = ${y} AND action IN ${sqlStrings(settings.actions)}
) d ON d.student_id = c.student_id AND d.school_code = c.school_code`,
        partials: { students: "count(*)", counted: "count(*) FILTER (WHERE suspended)" },
        n: "students",
        numerator: "counted",
        value: "100.0 * counted / students",
      }),
    ];
  },
};
