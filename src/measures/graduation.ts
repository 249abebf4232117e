import { insertGroupResultsSql } from "./group-results.ts";
import type { Measure, MeasureContext } from "./measure.ts";
import { schoolLevelsSql } from "./school-attribution.ts";
import { sqlStrings } from "./sql-text.ts";

/**
 * Four-year adjusted cohort graduation rate: of the cohort finishing this year
 * (graduation_cohort.csv, attributed by the district to the student's last high school), minus
 * the outcomes that leave the cohort (`excluded_outcomes`: documented transfer out, emigrated,
 * deceased), the percent with a `graduate_outcomes` outcome (regular diploma). The cohort has no
 * grade: it counts at every level of the school among the measure's levels (high by default).
 */
export const graduation: Measure = {
  id: "graduation",
  metrics: () => ["graduation"],
  sql(context: MeasureContext): string[] {
    const settings = context.framework.measures.graduation;
    if (!settings) return [];
    const excluded =
      settings.excluded_outcomes.length > 0
        ? `AND c.outcome NOT IN ${sqlStrings(settings.excluded_outcomes)}`
        : "";
    return [
      insertGroupResultsSql(context, {
        metric: "graduation",
        minN: settings.min_n,
        rows: `SELECT c.district_code, c.student_id, c.school_code, a.school_level,
  c.outcome IN ${sqlStrings(settings.graduate_outcomes)} AS graduated
FROM graduation_cohort c
JOIN (${schoolLevelsSql(context.year, settings.school_levels)}) a ON a.school_code = c.school_code
WHERE c.year = ${context.year} ${excluded}`,
        partials: { cohort: "count(*)", graduates: "count(*) FILTER (WHERE graduated)" },
        n: "cohort",
        numerator: "graduates",
        value: "100.0 * graduates / cohort",
      }),
    ];
  },
};
