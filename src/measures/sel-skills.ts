import { exactAvgSql, exactSumSql } from "./exact-sum-sql.ts";
import { insertGroupResultsSql, withStudentGroupsSql } from "./group-results.ts";
import type { Measure, MeasureContext } from "./measure.ts";
import { schoolLevelGradesSql } from "./school-attribution.ts";
import { sqlNumbers, sqlString, sqlStrings } from "./sql-text.ts";
import { censusEnrollmentSql, participationSql } from "./survey-participation.ts";

const SCORES = "measure_sel_scores";
const PARTICIPATION = "measure_sel_participation";
const RESPONDENTS = "measure_sel_respondents";

/**
 * Social-emotional skills from the student SEL survey (instrument SEL, respondent type student,
 * grades `grades`; the respondent's grade decides the level). One respondent = one student.
 * - A respondent's construct score = mean of their answered items of the construct (reverse-coded
 *   items scored 6 − answer), kept only when they answered at least `min_answered_share` of the
 *   construct's items in their district's item catalogue. A respondent with no answers counts
 *   nowhere.
 * - `sel_<construct>`: n = respondents with a score, value = mean score (1–5).
 * - `sel_skills` (the composite): value = mean of the construct values present for the school ×
 *   level × group; n = respondents with at least one construct score.
 * Groups: only respondents linked to a student (student_id) count in groups; others in ALL only.
 * Participation = respondents with a score ÷ census enrollment in the surveyed grades, against
 * `participation_floor`; every row of the school and level carries the ALL participation.
 */
export const selSkills: Measure = {
  id: "sel_skills",
  metrics: (framework) => [
    ...(framework.measures.sel_skills?.constructs.map((c) => `sel_${c}`) ?? []),
    "sel_skills",
  ],
  sql(context: MeasureContext): string[] {
    const s = context.framework.measures.sel_skills;
    if (!s) return [];
    const y = context.year;
    const participation = participationSql(
      `SELECT school_code, school_level, respondent_id FROM ${SCORES}`,
      censusEnrollmentSql(context.framework, y, s.school_levels, s.grades),
      s.participation_floor,
    );
    // One pass over the year's responses, one group per respondent (not per respondent ×
    // construct: far fewer hash-table groups), each construct's answers and score total as a
    // filtered aggregate; the respondent's row is joined after aggregation. The table keeps one
    // row per respondent with at least one construct score, the kept scores as a list.
    const score = "CASE WHEN i.reverse_coded THEN 6 - x.answer ELSE x.answer END";
    const constructs = s.constructs.map((c, k) => ({ name: sqlString(c), k }));
    const scores = `CREATE OR REPLACE TEMP TABLE ${SCORES} AS
WITH items AS (
  SELECT district_code, item_id, construct, reverse_coded FROM survey_items
  WHERE year = ${y} AND instrument = 'SEL' AND respondent_type = 'student'
    AND construct IN ${sqlStrings(s.constructs)}
),
item_counts AS (
  SELECT district_code,
    ${constructs.map(({ name, k }) => `count(*) FILTER (WHERE construct = ${name}) AS n_${k}`).join(",\n    ")}
  FROM items GROUP BY district_code
),
per_respondent AS (
  SELECT x.district_code, x.respondent_id,
    ${constructs.map(({ name, k }) => `count(*) FILTER (WHERE i.construct = ${name}) AS a_${k}, sum(${score}) FILTER (WHERE i.construct = ${name}) AS t_${k}`).join(",\n    ")}
  FROM survey_responses x
  JOIN items i ON i.district_code = x.district_code AND i.item_id = x.item_id
  WHERE x.year = ${y}
  GROUP BY x.district_code, x.respondent_id
)
SELECT * FROM (
  SELECT r.district_code, r.respondent_id, r.student_id, r.school_code, lv.school_level,
    list_filter([
      ${constructs.map(({ name, k }) => `CASE WHEN a.a_${k} > 0 AND a.a_${k} >= ${s.min_answered_share} * c.n_${k} THEN {'construct': ${name}, 'score': a.t_${k}::DOUBLE / a.a_${k}} END`).join(",\n      ")}
    ], x -> x IS NOT NULL) AS scores
  FROM per_respondent a
  JOIN survey_respondents r
    ON r.year = ${y} AND r.district_code = a.district_code AND r.respondent_id = a.respondent_id
  JOIN item_counts c ON c.district_code = a.district_code
  JOIN (${schoolLevelGradesSql(context.framework, y, s.school_levels)}) lv
    ON lv.school_code = r.school_code AND lv.grade = r.grade
  WHERE r.respondent_type = 'student' AND r.grade IN ${sqlNumbers(s.grades)}
)
WHERE len(scores) > 0`;
    // Participation is the same for every metric of a school and level: computed once.
    const participationTable = `CREATE OR REPLACE TEMP TABLE ${PARTICIPATION} AS ${participation}`;
    // Every construct in one pass over the scores, grouped by construct as well.
    const perConstruct = insertGroupResultsSql(context, {
      metric: "sel_skills",
      metricColumn: "'sel_' || construct",
      minN: s.min_n,
      rows: `SELECT district_code, respondent_id, student_id, school_code, school_level,
  x.construct AS construct, x.score AS score
FROM (SELECT *, unnest(scores) AS x FROM ${SCORES})`,
      doublePartials: ["score_sum"],
      partials: {
        respondents: "count(*)",
        score_sum: exactSumSql("score"),
        score_count: "count(score)",
      },
      n: "respondents",
      numerator: null,
      value: "score_sum / score_count",
      participation: `SELECT * FROM ${PARTICIPATION}`,
    });
    // The composite: n = respondents with at least one construct score (one row per respondent,
    // whose grade decides the level), value = mean of the construct values just written for the
    // school × level × group (every construct with n ≥ 1, suppressed or not).
    const respondents = `CREATE OR REPLACE TEMP TABLE ${RESPONDENTS} AS
SELECT school_code, school_level, student_group, count(DISTINCT respondent_id)::INTEGER AS n
FROM (${withStudentGroupsSql(
      `(SELECT district_code, respondent_id, student_id, school_code, school_level FROM ${SCORES})`,
      false,
    )})
GROUP BY school_code, school_level, student_group`;
    const composite = `INSERT INTO metric_results
  (run_id, year, school_code, school_level, metric, student_group, n, numerator, value, suppressed, participation, meets_floor)
SELECT ${sqlString(context.runId)}, ${y}, r.school_code, r.school_level, 'sel_skills', r.student_group,
  r.n, NULL, c.value, r.n < ${s.min_n}, p.participation, p.meets_floor
FROM ${RESPONDENTS} r
JOIN (
  SELECT school_code, school_level, student_group, ${exactAvgSql("value")} AS value
  FROM metric_results
  WHERE run_id = ${sqlString(context.runId)} AND year = ${y}
    AND metric IN ${sqlStrings(s.constructs.map((c) => `sel_${c}`))}
  GROUP BY school_code, school_level, student_group
) c USING (school_code, school_level, student_group)
LEFT JOIN ${PARTICIPATION} p ON p.school_code = r.school_code AND p.school_level = r.school_level`;
    return [
      scores,
      participationTable,
      perConstruct,
      respondents,
      composite,
      `DROP TABLE ${SCORES}; DROP TABLE ${PARTICIPATION}; DROP TABLE ${RESPONDENTS}`,
    ];
  },
};
