import { sqlString } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { ANALYSIS_TABLE } from "./analysis-table.ts";
import type { FittedModel } from "./fit-growth-models.ts";
import { REGRESSORS } from "./regressors.ts";

export const RESIDUALS_TABLE = "growth_residuals";
export const CREDITS_TABLE = "growth_credits";

/** The stage-2 regression of one model: e on the school-grade mean prior. */
export interface StageTwo {
  subject: string;
  grade: number;
  intercept: number;
  slope: number;
  /** Standard errors under independent residuals (ignoring the clustering by school). */
  interceptSe: number | null;
  slopeSe: number | null;
  rSquared: number | null;
}

/**
 * Steps 3–4 in DuckDB: e = y − x′β̂ (no school effects) with each model's coefficients, then the
 * OLS of e on the school-grade mean prior per model (`regr_*` aggregates) and e2 = its residual.
 * Writes the temporary table `growth_residuals` (subject, grade, student_id, district_code,
 * school_code, e, e2, sigma2 = the model's σ̂²) and returns the stage-2 coefficients.
 */
export async function computeResiduals(
  warehouse: Warehouse,
  fitted: readonly FittedModel[],
): Promise<StageTwo[]> {
  if (fitted.length === 0) {
    await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${RESIDUALS_TABLE} AS
SELECT NULL::VARCHAR AS subject, NULL::INTEGER AS grade, NULL::VARCHAR AS student_id,
  NULL::VARCHAR AS district_code, NULL::VARCHAR AS school_code, NULL::DOUBLE AS e,
  NULL::DOUBLE AS e2, NULL::DOUBLE AS sigma2 WHERE false`);
    return [];
  }
  const coefficientRows = fitted.map((f) => {
    const beta = REGRESSORS.map((r) => {
      const j = f.terms.indexOf(r.name);
      return j < 0 ? 0 : f.fit.coefficients[j]!;
    });
    return `(${sqlString(f.model.subject)}, ${f.model.grade}, ${f.fit.sigma2}, ${beta.join(", ")})`;
  });
  const betaColumns = REGRESSORS.map((_, j) => `b${j}`);
  const prediction = REGRESSORS.map((r, j) => `b.b${j} * a.${r.name}`).join(" + ");
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE growth_stage1 AS
WITH b(subject, grade, sigma2, ${betaColumns.join(", ")}) AS (VALUES ${coefficientRows.join(", ")})
SELECT a.subject, a.grade, a.student_id, a.district_code, a.school_code, a.school_mean_prior,
  a.y - (${prediction}) AS e, b.sigma2
FROM ${ANALYSIS_TABLE} a JOIN b ON b.subject = a.subject AND b.grade = a.grade`);

  const stageTwo = await warehouse.all<{
    subject: string;
    grade: number;
    intercept: number | null;
    slope: number | null;
    r2: number | null;
    sxx: number | null;
    n: number;
    mean_m: number | null;
    rss: number | null;
  }>(`SELECT subject, grade, coalesce(regr_intercept(e, school_mean_prior), avg(e)) AS intercept,
  coalesce(regr_slope(e, school_mean_prior), 0) AS slope, regr_r2(e, school_mean_prior) AS r2,
  regr_sxx(e, school_mean_prior) AS sxx, count(*)::BIGINT AS n, avg(school_mean_prior) AS mean_m,
  regr_syy(e, school_mean_prior) * (1 - coalesce(regr_r2(e, school_mean_prior), 0)) AS rss
FROM growth_stage1 GROUP BY subject, grade ORDER BY subject, grade`);

  const results: StageTwo[] = stageTwo.map((r) => {
    const n = Number(r.n);
    const sigma2 = r.rss !== null && n > 2 ? r.rss / (n - 2) : null;
    const slopeSe = sigma2 !== null && r.sxx ? Math.sqrt(sigma2 / r.sxx) : null;
    const interceptSe =
      sigma2 !== null && r.sxx && r.mean_m !== null
        ? Math.sqrt(sigma2 * (1 / n + (r.mean_m * r.mean_m) / r.sxx))
        : null;
    return {
      subject: r.subject,
      grade: r.grade,
      intercept: r.intercept ?? 0,
      slope: r.slope ?? 0,
      interceptSe,
      slopeSe,
      rSquared: r.r2,
    };
  });
  const stageRows = results.map(
    (s) => `(${sqlString(s.subject)}, ${s.grade}, ${s.intercept}, ${s.slope})`,
  );
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${RESIDUALS_TABLE} AS
WITH c(subject, grade, intercept, slope) AS (VALUES ${stageRows.join(", ")})
SELECT s.subject, s.grade, s.student_id, s.district_code, s.school_code, s.e,
  s.e - c.intercept - c.slope * s.school_mean_prior AS e2, s.sigma2
FROM growth_stage1 s JOIN c ON c.subject = s.subject AND c.grade = s.grade;
DROP TABLE growth_stage1`);
  return results;
}
