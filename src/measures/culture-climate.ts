import { RESPONDENT_TYPES, type RespondentType } from "../domain/codes.ts";
import type { MeasureSettings } from "../domain/framework/framework-schema.ts";
import { levelGrades } from "../domain/framework/framework-schema.ts";
import { exactAvgSql } from "./exact-sum-sql.ts";
import { insertGroupResultsSql } from "./group-results.ts";
import type { Measure, MeasureContext } from "./measure.ts";
import { schoolLevelGradesSql, schoolLevelsSql } from "./school-attribution.ts";
import { sqlNumbers, sqlString, sqlStrings } from "./sql-text.ts";
import { censusEnrollmentSql, participationSql } from "./survey-participation.ts";

const RESPONDENTS = "measure_cc_respondents";

/**
 * Culture-climate from the student, staff and parent surveys (instrument CC, areas `areas`).
 * - Per respondent type, `culture_climate_<type>`: value = 100 × favourable answers ÷ answers,
 *   pooled over the type's respondents at the school and level, where an answer is favourable
 *   when its score (6 − answer for reverse-coded items) is in `favorable_answers` (4, 5);
 *   n = respondents with at least one answer; no numerator (the share is of answers).
 * - Level attribution: students by their grade (within `respondents.student.grades`); parents by
 *   their child's grade when given, else at every level the school serves; staff at every level.
 * - Participation = respondents ÷ population: students, census enrollment in the surveyed grades;
 *   staff, schools.staff_count (the whole school, at each level); parents, census enrollment in
 *   the level's grades (a proxy for families). `meets_floor` compares it with the type's floor.
 * - Groups: student respondents linked to a student (student_id) count in groups; staff and
 *   parents in ALL only.
 * - `culture_climate` (ALL only): the mean of the type values that meet their floor; when no type
 *   meets its floor, the mean of all types with respondents, flagged meets_floor = false (reported,
 *   no level). n = respondents of the types averaged.
 */
export const cultureClimate: Measure = {
  id: "culture_climate",
  metrics: () => [...RESPONDENT_TYPES.map((t) => `culture_climate_${t}`), "culture_climate"],
  sql(context: MeasureContext): string[] {
    const s = context.framework.measures.culture_climate;
    if (!s) return [];
    const y = context.year;
    // One pass over the year's responses, one group per respondent (the respondent's own row
    // joined after aggregation); answers and favourable answers are counted per item respondent
    // type, and a respondent keeps the counts of the items of their own type.
    const favorable = `(CASE WHEN i.reverse_coded THEN 6 - x.answer ELSE x.answer END) IN ${sqlNumbers(s.favorable_answers)}`;
    const counts = RESPONDENT_TYPES.flatMap((t) => [
      `count(*) FILTER (WHERE i.respondent_type = '${t}') AS answers_${t}`,
      `count(*) FILTER (WHERE i.respondent_type = '${t}' AND ${favorable}) AS favorable_${t}`,
    ]);
    const ofType = (column: string): string =>
      `CASE r.respondent_type ${RESPONDENT_TYPES.map((t) => `WHEN '${t}' THEN a.${column}_${t}`).join(" ")} END`;
    const respondents = `CREATE OR REPLACE TEMP TABLE ${RESPONDENTS} AS
WITH items AS (
  SELECT district_code, item_id, respondent_type, reverse_coded FROM survey_items
  WHERE year = ${y} AND instrument = 'CC' AND construct IN ${sqlStrings(s.areas)}
),
per_respondent AS (
  SELECT x.district_code, x.respondent_id, ${counts.join(",\n    ")}
  FROM survey_responses x
  JOIN items i ON i.district_code = x.district_code AND i.item_id = x.item_id
  WHERE x.year = ${y}
  GROUP BY x.district_code, x.respondent_id
)
SELECT * FROM (
  SELECT r.district_code, r.respondent_id, r.student_id, r.school_code, r.respondent_type, r.grade,
    ${ofType("answers")} AS answers, ${ofType("favorable")} AS favorable
  FROM per_respondent a
  JOIN survey_respondents r
    ON r.year = ${y} AND r.district_code = a.district_code AND r.respondent_id = a.respondent_id
)
WHERE answers > 0`;
    const perType = RESPONDENT_TYPES.map((type) => {
      const rows = respondentRowsSql(context, s, type);
      return insertGroupResultsSql(context, {
        metric: `culture_climate_${type}`,
        minN: s.min_n,
        allStudentsOnly: type !== "student",
        rows,
        partials: {
          respondents: "count(*)",
          favorable: "sum(favorable)",
          answers: "sum(answers)",
        },
        n: "respondents",
        numerator: null,
        value: "100.0 * favorable / answers",
        participation: participationSql(
          rows,
          populationSql(context, s, type),
          s.respondents[type].participation_floor,
        ),
      });
    });
    const combined = `INSERT INTO metric_results
  (run_id, year, school_code, school_level, metric, student_group, n, numerator, value, suppressed, participation, meets_floor)
SELECT run_id, year, school_code, school_level, 'culture_climate', 'ALL', n, NULL, value,
  n < ${s.min_n}, NULL, any_meets
FROM (
  SELECT run_id, year, school_code, school_level, bool_or(meets_floor) AS any_meets,
    CASE WHEN bool_or(meets_floor) THEN sum(n) FILTER (WHERE meets_floor) ELSE sum(n) END AS n,
    CASE WHEN bool_or(meets_floor) THEN ${exactAvgSql("value", "meets_floor")} ELSE ${exactAvgSql("value")} END AS value
  FROM metric_results
  WHERE run_id = ${sqlString(context.runId)} AND year = ${y} AND student_group = 'ALL'
    AND metric IN ${sqlStrings(RESPONDENT_TYPES.map((t) => `culture_climate_${t}`))}
  GROUP BY run_id, year, school_code, school_level
)`;
    return [respondents, ...perType, combined, `DROP TABLE ${RESPONDENTS}`];
  },
};

/** The respondents of one type with their school level (see the attribution rules above). */
function respondentRowsSql(
  context: MeasureContext,
  s: MeasureSettings<"culture_climate">,
  type: RespondentType,
): string {
  const y = context.year;
  const byGrade = `SELECT r.*, a.school_level FROM ${RESPONDENTS} r
JOIN (${schoolLevelGradesSql(context.framework, y, s.school_levels)}) a
  ON a.school_code = r.school_code AND a.grade = r.grade
WHERE r.respondent_type = '${type}'`;
  const everyLevel = `SELECT r.*, a.school_level FROM ${RESPONDENTS} r
JOIN (${schoolLevelsSql(y, s.school_levels)}) a ON a.school_code = r.school_code
WHERE r.respondent_type = '${type}'`;
  switch (type) {
    case "student":
      return `${byGrade} AND r.grade IN ${sqlNumbers(s.respondents.student.grades)}`;
    case "staff":
      return everyLevel;
    case "parent":
      return `${byGrade}\nUNION ALL\n${everyLevel} AND r.grade IS NULL`;
  }
}

/** The population each respondent type's participation is measured against. */
function populationSql(
  context: MeasureContext,
  s: MeasureSettings<"culture_climate">,
  type: RespondentType,
): string {
  const { framework, year } = context;
  switch (type) {
    case "student":
      return censusEnrollmentSql(framework, year, s.school_levels, s.respondents.student.grades);
    case "staff":
      return `SELECT s.school_code, a.school_level, s.staff_count AS population
FROM schools s JOIN (${schoolLevelsSql(year, s.school_levels)}) a ON a.school_code = s.school_code
WHERE s.year = ${year}`;
    case "parent":
      return censusEnrollmentSql(
        framework,
        year,
        s.school_levels,
        s.school_levels.flatMap((level) => levelGrades(framework, level)),
      );
  }
}
