import type { GrowthModelSettings } from "../domain/framework/growth-model-settings.ts";
import { exactAvgSql, exactSumSql } from "../measures/exact-sum-sql.ts";
import { sqlString } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { ANALYSIS_TABLE } from "./analysis-table.ts";
import type { FittedModel } from "./fit-growth-models.ts";
import { REGRESSORS } from "./regressors.ts";

export const RESIDUALS_TABLE = "growth_residuals";
export const CREDITS_TABLE = "growth_credits";

/**
 * How the step-4 slope on the school-grade mean prior was estimated: `within_school` (one slope
 * per subject from the differences between a school's grades, see {@link computeResiduals});
 * `between_schools` (the spec's per-model OLS across students: the framework's `school_context`
 * setting, or used when no student's prior was tested at the school where they now test, or when
 * no school has two tested grades); `none` (no intake adjustment, framework setting).
 */
export type StageTwoMethod = "within_school" | "between_schools" | "none";

/** The stage-2 regression of one model: e on the school-grade mean prior. */
export interface StageTwo {
  subject: string;
  grade: number;
  method: StageTwoMethod;
  /** Centres e2 on 0 within the model: ē − slope·m̄ over the model's students. */
  intercept: number;
  slope: number;
  /**
   * Standard errors under independent residuals; for `within_school` the slope SE is the larger of
   * that and the delete-one-school jackknife SE, and there is no intercept SE.
   */
  interceptSe: number | null;
  slopeSe: number | null;
  /** R² of the slope's regression (within schools for `within_school`). */
  rSquared: number | null;
}

/**
 * Steps 3–4 in DuckDB: e = y − x′β̂ (no school effects) with each model's coefficients, then
 * e2 = e − a − δ·m, m = the school-grade mean prior ("schools like them").
 *
 * Why δ is estimated within schools: a school's effect raises its own students' later scores, so
 * wherever the prior was tested at the same school (`prior_here`: grades 5, 7, 8, K-8 and 6-12
 * spans) the school's mean prior contains its own effect (about θ + slope·θ for grade 8 in a 6–8
 * school). The plain OLS of e on m across students then reads part of θ as an intake effect and
 * removes it (on the generator's network: δ ≈ 0.4–0.5 in grades 5, 7, 8 against ≈ 0 in the
 * entry grades 4 and 6, shrinking middle-school effects to 0.6θ and leaving errors 2.6× their
 * standard error). δ is therefore estimated with school fixed effects, from how e and m
 * differ between the grades of the same school (e and m centred by model first): the school's
 * own effect is common to its grades and drops out, the way peer effects are identified from
 * within-school variation. The slope is one per subject (a single school-grade has one m), and
 * every model keeps its own intercept so that e2 has mean 0 per model. The spec's per-model OLS
 * is kept when no student of the subject has a prior tested at their current school (nothing
 * of a school's own effect can be in its m), or when no school has two tested grades.
 *
 * A pooled Hausman test used to choose between the two; it was dropped because it compared the
 * pooled across-student slope while the fallback applied per-model slopes: on generator seed 10
 * the pooled ELA slopes agreed (0.028 against −0.022 ± 0.044, χ² = 1.6) while the per-model
 * slopes applied ranged from −0.28 (grade 6) to +0.53 (grades 7, 11), and ELA coverage fell to
 * 78% (94% within schools).
 *
 * Known limit, on small networks: the within-school slope is identified from the small
 * grade-to-grade spread of m inside schools (SE 0.03–0.06 on 60,000-student networks) but
 * applied to the large spread between schools, so its sampling error moves every school's effect
 * by (δ̂ − δ)·m̄. The intervals carry it (Var(δ̂)·m̄² in the SE, `slope_se`, kept out of the
 * between-school variance by schoolEffects because it is not independent between schools), but it
 * is one error shared by all schools: where δ̂ lands two SEs off, the schools with extreme m̄ fall outside their intervals
 * together (generator seed 3: ELA δ̂ = 0.095 ± 0.048, of which +0.047 is the students' growth
 * noise and +0.059 their current-score error, measured with the generator's true scores; ELA
 * coverage 88.4%, 71% for the 14 schools with |m̄ − mean| > 0.3). Var(δ̂) is the larger of the
 * independent-residual and the delete-one-school jackknife variance (see slopeJackknife); over
 * seeds 3–14 the ELA δ̂ has SD 0.055 against a mean SE of 0.043 (mean (δ̂/SE)² = 1.50, math
 * 0.71; 1.64 and 0.82 with the clustered sandwich it replaced, the SE now 1.00–1.19× the
 * former), and the mean of 12 such z² has a sampling SD of about 0.4. No seed's coverage moved by
 * 0.1 point with the jackknife: the slope's share of a school's SE is small (seed 3 ELA: SD
 * 0.015 at |m̄ − mean| = 0.3 against a median school SE of 0.047), while δ̂ − δ ≈ 0.095 shifts
 * every such school by about 0.029 the same way. Stage 1 is not the cause: with
 * both priors corrected and scores left unclamped (a diagnostic generator), the stage-1 slopes
 * are unbiased (+0.006 on average over seeds 3–14) and seed 3 still covers 89.5%. What remains
 * systematic comes from scores clamped to LOSS/HOSS (see `src/synth/parameters.ts`): their
 * error is not classical, which leaves the corrected prior slopes about 0.02 high, shrinks the
 * raw effects by about 3% and lowers the coverage by about 1 point (seeds 3–14: ELA 93.1%
 * against 94.3% unclamped, math 94.6% against 95.4%). The shared error shrinks with the
 * network: at 300,000 students (δ̂ SE ≈ 0.02) seeds 3–7 and 14 cover 92.8–95.3% (ELA) and
 * 92.1–95.6% (math), at 1.2M (SE 0.009) 93.1% and 93.3%; the recovery test runs at 300,000
 * (test/growth/synthetic-recovery.test.ts).
 *
 * Writes the temporary table `growth_residuals` (subject, grade, student_id, district_code,
 * school_code, e, e2, sigma2 = the model's σ̂², m_dev = m − m̄ of the model, slope_var = Var(δ̂),
 * slope_key = 0 when the slope is shared by the subject's models, else the grade) and returns the
 * stage-2 coefficients.
 */
export async function computeResiduals(
  warehouse: Warehouse,
  fitted: readonly FittedModel[],
  schoolContext: GrowthModelSettings["school_context"] = "within_school",
): Promise<StageTwo[]> {
  if (fitted.length === 0) {
    await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${RESIDUALS_TABLE} AS
SELECT NULL::VARCHAR AS subject, NULL::INTEGER AS grade, NULL::VARCHAR AS student_id,
  NULL::VARCHAR AS district_code, NULL::VARCHAR AS school_code, NULL::DOUBLE AS e,
  NULL::DOUBLE AS e2, NULL::DOUBLE AS sigma2, NULL::DOUBLE AS m_dev, NULL::DOUBLE AS slope_var,
  NULL::INTEGER AS slope_key WHERE false`);
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
  a.y - (${prediction}) AS e, b.sigma2, b.b0 * a.err_same AS shared_error, a.err_same AS prior_error, a.n_school,
  a.prior_here
FROM ${ANALYSIS_TABLE} a JOIN b ON b.subject = a.subject AND b.grade = a.grade`);

  // The spec's per-model OLS of e on m across students, from exact sums (regr_* add in thread
  // order): centred cross-products Σm² − (Σm)²/n etc. (m and e are z-scale, means near 0).
  const perModel = (
    await warehouse.all<{
      subject: string;
      grade: number;
      n: number;
      se: number;
      sm: number;
      see: number;
      smm: number;
      sem: number;
    }>(`SELECT subject, grade, count(*)::BIGINT AS n, ${exactSumSql("e")} AS se,
  ${exactSumSql("school_mean_prior")} AS sm, ${exactSumSql("e * e")} AS see,
  ${exactSumSql("school_mean_prior * school_mean_prior")} AS smm,
  ${exactSumSql("e * school_mean_prior")} AS sem
FROM growth_stage1 GROUP BY subject, grade ORDER BY subject, grade`)
  ).map((r) => {
    const n = Number(r.n);
    const meanE = r.se / n;
    const meanM = r.sm / n;
    const sxx = r.smm - (r.sm * r.sm) / n;
    const syy = r.see - (r.se * r.se) / n;
    const sxy = r.sem - (r.se * r.sm) / n;
    // as regr_slope / regr_r2: no slope without spread in m; R² = 1 when e is constant
    const slope = sxx > 0 ? sxy / sxx : null;
    const r2 = sxx > 0 ? (syy > 0 ? (sxy * sxy) / (sxx * syy) : 1) : null;
    return {
      subject: r.subject,
      grade: r.grade,
      n,
      mean_e: meanE,
      mean_m: meanM,
      intercept: slope === null ? meanE : meanE - slope * meanM,
      slope: slope ?? 0,
      r2,
      sxx: sxx > 0 ? sxx : null,
      rss: Math.max(0, syy) * (1 - (r2 ?? 0)),
    };
  });

  // Within-school sums per subject: e and m centred by model, then demeaned by school. A
  // student's prior error u enters both m (as u/n_school) and e (as −β·u), which biases the
  // slope toward −β(1 − ρ) where m varies little; E[Σ e·m] gets −Σ β·c²·(1/n_sg − 1/n_s) from
  // it, added back here. The same error adds Σ c²·(1/n_sg − 1/n_s) to E[Σ m²] (the spread of a
  // grade's mean prior error around the school's), which attenuates the slope toward 0 (by about
  // a tenth on the generator's networks); it is taken out of Σ m² here.
  const within = await warehouse.all<{
    subject: string;
    n: number;
    schools: number;
    multi_grade: number;
    here: number;
    sxy: number;
    sxx: number;
    syy: number;
  }>(`WITH model AS (
  SELECT subject, grade, ${exactAvgSql("e")} AS mean_e, ${exactAvgSql("school_mean_prior")} AS mean_m
  FROM growth_stage1 GROUP BY subject, grade
),
c AS (
  SELECT s.subject, s.grade, s.school_code, s.e - g.mean_e AS e, s.school_mean_prior - g.mean_m AS m,
    s.shared_error, s.prior_error, s.n_school, s.prior_here
  FROM growth_stage1 s JOIN model g ON g.subject = s.subject AND g.grade = s.grade
),
school AS (
  SELECT subject, school_code, ${exactAvgSql("e")} AS mean_e, ${exactAvgSql("m")} AS mean_m,
    count(DISTINCT grade) AS grades,
    count(*) AS n
  FROM c GROUP BY subject, school_code
),
w AS (
  SELECT c.subject, c.school_code, c.e - s.mean_e AS e, c.m - s.mean_m AS m, s.grades, c.prior_here,
    c.shared_error * (1.0 / c.n_school - 1.0 / s.n) AS shared_w,
    c.prior_error * (1.0 / c.n_school - 1.0 / s.n) AS error_w
  FROM c JOIN school s ON s.subject = c.subject AND s.school_code = c.school_code
),
per_school AS (
  SELECT subject, school_code, count(*) AS n, any_value(grades) AS grades,
    count(*) FILTER (WHERE prior_here) AS here,
    ${exactSumSql("e * m")} + ${exactSumSql("shared_w")} AS sxy,
    ${exactSumSql("m * m")} - ${exactSumSql("error_w")} AS sxx,
    ${exactSumSql("e * e")} AS syy
  FROM w GROUP BY subject, school_code
)
SELECT subject, sum(n)::BIGINT AS n, count(*)::BIGINT AS schools,
  count(*) FILTER (WHERE grades > 1)::BIGINT AS multi_grade, sum(here)::BIGINT AS here,
  ${exactSumSql("sxy")} AS sxy, ${exactSumSql("sxx")} AS sxx, ${exactSumSql("syy")} AS syy
FROM per_school GROUP BY subject`);
  const jackknife = schoolContext === "within_school" ? await slopeJackknife(warehouse) : new Map();

  const slopes = new Map<string, { slope: number; variance: number; r2: number | null }>();
  for (const w of schoolContext === "within_school" ? within : []) {
    const n = Number(w.n);
    const df = n - Number(w.schools) - 1;
    // No prior tested at the current school: m carries no school's own effect, the spec's
    // per-model OLS is consistent.
    if (Number(w.here) === 0) continue;
    if (Number(w.multi_grade) === 0 || !(w.sxx > 0) || df <= 0) continue;
    const slope = w.sxy / w.sxx;
    const variance = Math.max(0, w.syy - slope * w.sxy) / df / w.sxx;
    // The delete-one-school jackknife (see slopeJackknife) covers residuals correlated within a
    // school; with few schools it is itself noisy and can fall below the independent-residual
    // variance where residuals are nearly independent, so the larger of the two is used.
    slopes.set(w.subject, {
      slope,
      variance: Math.max(variance, jackknife.get(w.subject) ?? 0),
      r2: w.syy > 0 ? (slope * w.sxy) / w.syy : null,
    });
  }

  const results: StageTwo[] = perModel.map((r) => {
    const pooled = slopes.get(r.subject);
    if (pooled) {
      return {
        subject: r.subject,
        grade: r.grade,
        method: "within_school",
        intercept: r.mean_e - pooled.slope * r.mean_m,
        slope: pooled.slope,
        interceptSe: null,
        slopeSe: Math.sqrt(pooled.variance),
        rSquared: pooled.r2,
      };
    }
    if (schoolContext === "none") {
      return {
        subject: r.subject,
        grade: r.grade,
        method: "none",
        intercept: r.mean_e,
        slope: 0,
        interceptSe: null,
        slopeSe: null,
        rSquared: null,
      };
    }
    const n = Number(r.n);
    const sigma2 = r.rss !== null && n > 2 ? r.rss / (n - 2) : null;
    const slopeSe = sigma2 !== null && r.sxx ? Math.sqrt(sigma2 / r.sxx) : null;
    const interceptSe =
      sigma2 !== null && r.sxx ? Math.sqrt(sigma2 * (1 / n + (r.mean_m * r.mean_m) / r.sxx)) : null;
    return {
      subject: r.subject,
      grade: r.grade,
      method: "between_schools",
      intercept: r.intercept ?? 0,
      slope: r.slope ?? 0,
      interceptSe,
      slopeSe,
      rSquared: r.r2,
    };
  });
  const stageRows = results.map(
    (s) =>
      `(${sqlString(s.subject)}, ${s.grade}, ${s.intercept}, ${s.slope}, ${s.slopeSe === null ? 0 : s.slopeSe ** 2}, ${s.method === "within_school" ? 0 : s.grade})`,
  );
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${RESIDUALS_TABLE} AS
WITH c(subject, grade, intercept, slope, slope_var, slope_key) AS (VALUES ${stageRows.join(", ")}),
model AS (
  SELECT subject, grade, ${exactAvgSql("school_mean_prior")} AS mean_m
  FROM growth_stage1 GROUP BY subject, grade
)
SELECT s.subject, s.grade, s.student_id, s.district_code, s.school_code, s.e,
  s.e - c.intercept - c.slope * s.school_mean_prior AS e2, s.sigma2,
  s.school_mean_prior - g.mean_m AS m_dev,
  c.slope_var, c.slope_key
FROM growth_stage1 s
JOIN c ON c.subject = s.subject AND c.grade = s.grade
JOIN model g ON g.subject = s.subject AND g.grade = s.grade;
DROP TABLE growth_stage1`);
  return results;
}

/**
 * Delete-one-school jackknife variance of the within-school slope, per subject:
 * Var = (G − 1)/G · Σ_s (δ̂₋ₛ − mean)², δ̂₋ₛ refitted without school s, over the G schools with
 * two tested grades (stage 1 kept as fitted). It covers residuals correlated within a school
 * (its effect varies by grade, its students share classrooms), which the independent-residual
 * variance does not. It replaces the school-clustered sandwich G/(G − 1)·Σ(a_s − δ̂·b_s)²/(Σb)²
 * (a_s = Σ m̃·ẽ, b_s = Σ m̃² of school s), which is biased downward with few clusters (tens on a
 * network), most where a few schools carry much of Σb: the jackknife, the conservative choice
 * with few clusters, inflates each school's score by its leverage, 1/(1 − b_s/Σb). The refit
 * also re-centres e and m by model without school s: with the model means held fixed, as in
 * (Σa − a_s)/(Σb − b_s), a school's influence through the means of its grades is left out, and
 * on a 12-school network the SE comes out about 12% short of the refit's. m is constant within
 * a school-grade, so every refit needs only the school-grade sums: DuckDB sums them, and the
 * refits run over those cells (1,500 schools, 7,000 cells on the 1.2M-student network: 0.4 s,
 * against 6 s for the same refits as one SQL join of every school with every cell). Over 80
 * replicates of that network with effects varying by grade (SD 0.1,
 * test/growth/simulated-network.ts), the ELA δ̂ has SD 0.160 against a root-mean-square SE of
 * 0.170 (0.149 before, with the sandwich; 0.109 under independence), and mean (δ̂/SE)² is 1.24
 * (1.56 before; 11/9 = 1.22 is a t₁₁'s); math alike.
 */
async function slopeJackknife(warehouse: Warehouse): Promise<Map<string, number>> {
  const cells = await warehouse.all<SchoolGradeCell>(`SELECT subject, grade, school_code,
  count(*)::DOUBLE AS n, ${exactSumSql("e")} AS sum_e, any_value(school_mean_prior) AS m,
  ${exactSumSql("shared_error")} AS shared, ${exactSumSql("prior_error")} AS error
FROM growth_stage1 GROUP BY subject, grade, school_code ORDER BY subject, school_code, grade`);
  const bySubject = new Map<string, SchoolGradeCell[]>();
  for (const cell of cells) {
    const list = bySubject.get(cell.subject) ?? [];
    list.push(cell);
    bySubject.set(cell.subject, list);
  }
  const variances = new Map<string, number>();
  for (const [subject, list] of bySubject) {
    const slopes = jackknifeSlopes(list);
    const mean = slopes.reduce((a, v) => a + v, 0) / slopes.length;
    const spread = slopes.reduce((a, v) => a + (v - mean) ** 2, 0);
    variances.set(subject, slopes.length > 1 ? ((slopes.length - 1) / slopes.length) * spread : 0);
  }
  return variances;
}

/** One school × grade of a subject's stage-1 residuals: its students' count and sums. */
type SchoolGradeCell = {
  subject: string;
  grade: number;
  school_code: string;
  n: number;
  sum_e: number;
  /** The school-grade mean prior (the same for every student of the cell). */
  m: number;
  /** Σ β·c² of its students (the prior-error correction of the within sums). */
  shared: number;
  /** Σ c² of its students (the prior error's share of the spread of m). */
  error: number;
};

/**
 * The within-school slope refitted without each school that has two tested grades, from the
 * school-grade cells of one subject (hundreds to thousands: aggregates, not students): the
 * model (grade) means of e and m without the school, then per kept school m centred on its
 * n-weighted mean, slope = (Σ m̃·(Σe − n·ē) + Σ shared·(1/n_cell − 1/n_school)) /
 * (Σ n·m̃² − Σ error·(1/n_cell − 1/n_school)).
 * A grade only the dropped school has is left out of its refit.
 */
function jackknifeSlopes(cells: readonly SchoolGradeCell[]): number[] {
  const schools = new Map<string, SchoolGradeCell[]>();
  const models = new Map<number, { n: number; sumE: number; sumM: number }>();
  for (const cell of cells) {
    const school = schools.get(cell.school_code) ?? [];
    school.push(cell);
    schools.set(cell.school_code, school);
    const model = models.get(cell.grade) ?? { n: 0, sumE: 0, sumM: 0 };
    model.n += cell.n;
    model.sumE += cell.sum_e;
    model.sumM += cell.n * cell.m;
    models.set(cell.grade, model);
  }
  const schoolN = new Map(
    [...schools].map(([code, list]) => [code, list.reduce((a, c) => a + c.n, 0)]),
  );
  const slopes: number[] = [];
  for (const [dropped, own] of schools) {
    if (own.length < 2) continue;
    const centre = new Map<number, { e: number; m: number }>();
    for (const [grade, model] of models) {
      const mine = own.find((c) => c.grade === grade);
      const n = model.n - (mine?.n ?? 0);
      if (n <= 0) continue;
      centre.set(grade, {
        e: (model.sumE - (mine?.sum_e ?? 0)) / n,
        m: (model.sumM - (mine ? mine.n * mine.m : 0)) / n,
      });
    }
    let numerator = 0;
    let denominator = 0;
    for (const [code, list] of schools) {
      if (code === dropped) continue;
      let n = 0;
      let sumM = 0;
      for (const cell of list) {
        const g = centre.get(cell.grade);
        if (!g) continue;
        n += cell.n;
        sumM += cell.n * (cell.m - g.m);
      }
      if (n === 0) continue;
      const schoolMean = sumM / n;
      for (const cell of list) {
        const g = centre.get(cell.grade);
        if (!g) continue;
        const m = cell.m - g.m - schoolMean;
        const share = 1 / cell.n - 1 / schoolN.get(code)!;
        numerator += m * (cell.sum_e - cell.n * g.e) + cell.shared * share;
        denominator += cell.n * m * m - cell.error * share;
      }
    }
    slopes.push(numerator / denominator);
  }
  return slopes;
}
