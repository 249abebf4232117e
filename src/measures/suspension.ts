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
  description: "percent of cumulatively enrolled students suspended or expelled at least once",
  metrics: () => ["suspension"],
  sql(context: MeasureContext): string[] {
    const settings = context.framework.measures.suspension;
    if (!settings) return [];
    const y = context.year;
    return [
      insertGroupResultsSql(context, {
        metric: "suspension",
        minN: settings.min_n,
        rows: `SELECT DISTINCT e.district_code, e.student_id, e.school_code, a.school_level,
  EXISTS (
    SELECT 1 FROM discipline d
    WHERE d.year = ${y} AND d.student_id = e.student_id AND d.school_code = e.school_code
      AND d.action IN ${sqlStrings(settings.actions)}
  ) AS suspended
FROM enrollments e
JOIN (${schoolLevelGradesSql(context.framework, y, settings.school_levels)}) a
  ON a.school_code = e.school_code AND a.grade = e.grade
WHERE e.year = ${y} AND e.grade IN ${sqlNumbers(settings.grades)}`,
        n: "count(*)",
        numerator: "count(*) FILTER (WHERE suspended)",
        value: "100.0 * count(*) FILTER (WHERE suspended) / count(*)",
      }),
    ];
  },
};
