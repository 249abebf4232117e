import { insertGroupResultsSql } from "./group-results.ts";
import type { Measure, MeasureContext } from "./measure.ts";
import { schoolLevelGradesSql } from "./school-attribution.ts";
import { sqlNumbers } from "./sql-text.ts";

/**
 * Chronic absence: of the students enrolled at the school for at least `min_days_enrolled` days
 * (summed over all their stints there in the year, in the measure's grades and the level's
 * grades), the percent absent on at least `absence_threshold_percent` of those days. A student
 * who attended two schools counts at each school where they qualify. n = qualifying students,
 * numerator = chronically absent. Lower is better.
 */
export const chronicAbsence: Measure = {
  id: "chronic_absence",
  metrics: () => ["chronic_absence"],
  sql(context: MeasureContext): string[] {
    const settings = context.framework.measures.chronic_absence;
    if (!settings) return [];
    return [
      insertGroupResultsSql(context, {
        metric: "chronic_absence",
        minN: settings.min_n,
        rows: `SELECT e.district_code, e.student_id, e.school_code, a.school_level,
  sum(e.days_enrolled) AS days_enrolled, sum(e.days_absent) AS days_absent
FROM enrollments e
JOIN (${schoolLevelGradesSql(context.framework, context.year, settings.school_levels)}) a
  ON a.school_code = e.school_code AND a.grade = e.grade
WHERE e.year = ${context.year} AND e.grade IN ${sqlNumbers(settings.grades)}
GROUP BY e.district_code, e.student_id, e.school_code, a.school_level
HAVING sum(e.days_enrolled) >= ${settings.min_days_enrolled}`,
        // Compared as 100 × absent ≥ threshold × enrolled to stay exact in integers.
        partials: {
          students: "count(*)",
          counted: `count(*) FILTER (WHERE 100 * days_absent >= ${settings.absence_threshold_percent} * days_enrolled)`,
        },
        n: "students",
        numerator: "counted",
        value: "100.0 * counted / students",
      }),
    ];
  },
};
