import { insertGroupResultsSql } from "./group-results.ts";
import type { Measure, MeasureContext } from "./measure.ts";
import { schoolLevelGradesSql } from "./school-attribution.ts";
import { sqlNumbers, sqlString } from "./sql-text.ts";

/**
 * Academic performance in one subject: percent of the students tested at the school (the school
 * on the test record) in the framework's tested grades whose achievement level is in
 * `proficient_levels` (3 Met, 4 Exceeded). n = students tested, numerator = those met/exceeded.
 * The tested grade decides the school level (grade 11 → high).
 */
function academicPerformance(id: "ela_performance" | "math_performance"): Measure {
  return {
    id,
    metrics: () => [id],
    sql(context: MeasureContext): string[] {
      const settings = context.framework.measures[id];
      if (!settings) return [];
      return [
        insertGroupResultsSql(context, {
          metric: id,
          minN: settings.min_n,
          rows: `SELECT t.district_code, t.student_id, t.school_code, a.school_level, t.achievement_level
FROM test_results t
JOIN (${schoolLevelGradesSql(context.framework, context.year, settings.school_levels)}) a
  ON a.school_code = t.school_code AND a.grade = t.grade
WHERE t.year = ${context.year} AND t.subject = ${sqlString(settings.subject)}
  AND t.grade IN ${sqlNumbers(settings.grades)}`,
          partials: {
            tested: "count(*)",
            proficient: `count(*) FILTER (WHERE achievement_level IN ${sqlNumbers(settings.proficient_levels)})`,
          },
          n: "tested",
          numerator: "proficient",
          value: "100.0 * proficient / tested",
        }),
      ];
    },
  };
}

export const elaPerformance = academicPerformance("ela_performance");
export const mathPerformance = academicPerformance("math_performance");
