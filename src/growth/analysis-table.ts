import { inDistrictsSql } from "../collaborative/district-filter-sql.ts";
import type { GrowthModelSettings } from "../domain/framework/growth-model-settings.ts";
import { exactAvgSql, exactVarPopSql } from "../measures/exact-sum-sql.ts";
import { sqlNumbers, sqlString } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { GrowthModel } from "./growth-models.ts";
import { REGRESSORS } from "./regressors.ts";

/** The per-student analysis table: one row per student × model (subject × grade). */
export const ANALYSIS_TABLE = "growth_analysis";
const SCORES_TABLE = "growth_scores";

/**
 * Builds `growth_analysis` for school year `year` (a temporary table), entirely in DuckDB:
 *
 * 1. Scores of the years needed, one per student × subject × year (a student reported twice in
 *    a year keeps the row of the lowest district code, then school code), z-standardized within
 *    subject × grade × year over every tested student of the network; SEM in the same z units.
 * 2. For each model: students tested in the model's grade and year with the same-subject prior at
 *    the prior grade `lag` years earlier (required), the other-subject prior of that year (may be
 *    missing), and the student's traits from the tested district's `students` row of the year.
 * 3. Columns: `subject, grade, student_id, district_code, school_code, y`, one column per
 *    {@link REGRESSORS} entry, `err_same` / `err_other` (each student's error variance of the
 *    priors in z units: (SEM/sd)² when SEMs are used and present, else (1 − ρ)·Var(prior) over
 *    the model's students; 0 for a missing other prior), `school_mean_prior` (mean same-subject
 *    prior of the school × grade, "schools like them"), `n_school`, and `prior_here` (the prior
 *    was tested at the school where the student now tests, so it may carry that school's effect).
 *    The prior's school is its kept row's (lowest district code when reported twice).
 */
export async function createAnalysisTable(
  warehouse: Warehouse,
  args: {
    year: number;
    models: readonly GrowthModel[];
    settings: GrowthModelSettings;
    /** Only these districts' tested students (scores and priors); null or absent: every one. */
    districts?: readonly string[] | null;
  },
): Promise<void> {
  const { year, models, settings } = args;
  if (!Number.isInteger(year)) throw new Error(`invalid school year "${year}"`);
  const years = [...new Set([year, ...models.map((m) => year - m.lag)])].sort();
  // Only the (year, grade) cells a model reads are kept (dedup still looks at every grade of
  // the years; z is standardized within a cell, so dropping other cells changes nothing).
  const cells = [
    ...new Set(
      models.flatMap((m) => [`(${year}, ${m.grade})`, `(${year - m.lag}, ${m.priorGrade})`]),
    ),
  ];
  // Duplicates (a student tested in two districts the same year) are rare: find them with one
  // hash aggregate and keep the lowest district's row (the key is unique within a district),
  // then standardize with per-group statistics joined back (no window sorts).
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${SCORES_TABLE} AS
WITH tested AS (
  SELECT year, subject, grade, student_id, district_code, school_code, scale_score, sem
  FROM test_results WHERE year IN ${sqlNumbers(years)}
    AND ${inDistrictsSql("school_code", args.districts ?? null)}
),
duplicated AS (
  SELECT year, subject, student_id, min(district_code) AS keep
  FROM tested GROUP BY year, subject, student_id HAVING count(*) > 1
),
kept AS (
  SELECT t.* FROM tested t
  ANTI JOIN duplicated d ON d.year = t.year AND d.subject = t.subject
    AND d.student_id = t.student_id AND d.keep <> t.district_code
),
cells(year, grade) AS (VALUES ${cells.length > 0 ? cells.join(", ") : "(NULL::INTEGER, NULL::INTEGER)"}),
needed AS (
  SELECT k.* FROM kept k SEMI JOIN cells c ON c.year = k.year AND c.grade = k.grade
),
scale AS (
  SELECT year, subject, grade, ${exactAvgSql("scale_score")} AS mean,
    sqrt(${exactVarPopSql("scale_score")}) AS sd
  FROM needed GROUP BY year, subject, grade
)
SELECT k.year, k.subject, k.grade, k.student_id, k.district_code, k.school_code,
  (k.scale_score - s.mean) / nullif(s.sd, 0) AS z,
  k.sem / nullif(s.sd, 0) AS sem_z
FROM needed k JOIN scale s ON s.year = k.year AND s.subject = k.subject AND s.grade = k.grade`);

  if (models.length === 0) {
    await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${ANALYSIS_TABLE} AS
SELECT NULL::VARCHAR AS subject WHERE false`);
    return;
  }
  const modelRows = models.map(
    (m) =>
      `(${sqlString(m.subject)}, ${m.grade}, ${m.priorGrade}, ${m.lag}, ${sqlString(m.otherSubject)}, ${m.reliability}, ${m.otherReliability})`,
  );
  const useSem = settings.measurement_error.use_sem_when_present;
  const errorVariance = (
    prior: string,
    sem: string,
    reliability: string,
    variance: string,
  ): string =>
    `CASE WHEN ${prior} IS NULL THEN 0.0${useSem ? ` WHEN ${sem} IS NOT NULL THEN ${sem} * ${sem}` : ""}
      ELSE (1 - ${reliability}) * ${variance} END`;
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${ANALYSIS_TABLE} AS
WITH models(subject, grade, prior_grade, lag, other_subject, rel_same, rel_other) AS (
  VALUES ${modelRows.join(", ")}
),
base AS (
  SELECT c.subject, c.grade, c.student_id, c.district_code, c.school_code, c.z AS y,
    p.z AS prior_same, p.sem_z AS sem_same, p.school_code = c.school_code AS prior_here,
    o.z AS prior_other, o.sem_z AS sem_other,
    m.rel_same, m.rel_other,
    st.student_id IS NOT NULL AS has_record, st.sed, st.swd, st.disability_category,
    st.el_status, st.elpac_level, st.homeless, st.foster
  FROM ${SCORES_TABLE} c
  JOIN models m ON m.subject = c.subject AND m.grade = c.grade
  JOIN ${SCORES_TABLE} p ON p.student_id = c.student_id AND p.subject = c.subject
    AND p.year = c.year - m.lag AND p.grade = m.prior_grade
  LEFT JOIN ${SCORES_TABLE} o ON o.student_id = c.student_id AND o.subject = m.other_subject
    AND o.year = p.year AND o.grade = m.prior_grade
  LEFT JOIN students st ON st.year = c.year AND st.district_code = c.district_code
    AND st.student_id = c.student_id
  WHERE c.year = ${year} AND c.z IS NOT NULL AND p.z IS NOT NULL
),
model AS (
  SELECT subject, grade, ${exactVarPopSql("prior_same")} AS var_same,
    ${exactVarPopSql("prior_other")} AS var_other
  FROM base GROUP BY subject, grade
),
school AS (
  SELECT subject, grade, school_code, ${exactAvgSql("prior_same")} AS school_mean_prior,
    count(*) AS n_school
  FROM base GROUP BY subject, grade, school_code
)
SELECT b.subject, b.grade, b.student_id, b.district_code, b.school_code, b.y,
  ${REGRESSORS.map((r) => `${r.sql} AS ${r.name}`).join(",\n  ")},
  ${errorVariance("prior_same", "sem_same", "rel_same", "m.var_same")} AS err_same,
  ${errorVariance("prior_other", "sem_other", "rel_other", "m.var_other")} AS err_other,
  s.school_mean_prior, s.n_school, b.prior_here
FROM base b
JOIN model m ON m.subject = b.subject AND m.grade = b.grade
JOIN school s ON s.subject = b.subject AND s.grade = b.grade AND s.school_code = b.school_code`);
}

/** Drops the temporary tables of {@link createAnalysisTable}. */
export async function dropAnalysisTable(warehouse: Warehouse): Promise<void> {
  await warehouse.run(
    `DROP TABLE IF EXISTS ${ANALYSIS_TABLE}; DROP TABLE IF EXISTS ${SCORES_TABLE}`,
  );
}
