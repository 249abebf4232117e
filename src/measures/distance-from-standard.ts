import { ASSESSMENT_SCALE } from "../domain/assessment-scale.ts";
import { SUBJECTS } from "../domain/codes.ts";
import { insertGroupResultsSql } from "./group-results.ts";
import type { Measure, MeasureContext } from "./measure.ts";
import { schoolLevelGradesSql } from "./school-attribution.ts";
import { sqlNumbers, sqlString } from "./sql-text.ts";

/** The Level 3 ("Standard Met") cut score of every subject × grade, as a SQL VALUES list. */
function level3CutsSql(): string {
  const rows = SUBJECTS.flatMap((subject) =>
    Object.entries(ASSESSMENT_SCALE[subject]).map(
      ([grade, scale]) => `('${subject}', ${grade}, ${scale.level3})`,
    ),
  );
  return `(VALUES ${rows.join(", ")}) AS cut(subject, grade, level3)`;
}

/**
 * Distance from standard in one subject: the mean over students tested at the school of
 * (scale score − the grade's Level 3 cut score), in scale-score points; negative below the
 * standard. n = students tested; no numerator. Reported, not in the index (framework default).
 */
function distanceFromStandard(
  id: "ela_distance_from_standard" | "math_distance_from_standard",
): Measure {
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
          rows: `SELECT t.district_code, t.student_id, t.school_code, a.school_level,
  t.scale_score - cut.level3 AS distance
FROM test_results t
JOIN ${level3CutsSql()} ON cut.subject = t.subject AND cut.grade = t.grade
JOIN (${schoolLevelGradesSql(context.framework, context.year, settings.school_levels)}) a
  ON a.school_code = t.school_code AND a.grade = t.grade
WHERE t.year = ${context.year} AND t.subject = ${sqlString(settings.subject)}
  AND t.grade IN ${sqlNumbers(settings.grades)}`,
          partials: {
            tested: "count(*)",
            distance_sum: "sum(distance)",
            distance_count: "count(distance)",
          },
          n: "tested",
          numerator: null,
          value: "distance_sum / distance_count",
        }),
      ];
    },
  };
}

export const elaDistanceFromStandard = distanceFromStandard("ela_distance_from_standard");
export const mathDistanceFromStandard = distanceFromStandard("math_distance_from_standard");
