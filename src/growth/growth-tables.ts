/**
 * The growth model's own results tables, keyed by run. `metric_results` also receives one row per
 * school × level × group (metric `ela_growth` / `math_growth`, value = growth score).
 */

/**
 * School × level × subject × student group results: a school is estimated at each level with the
 * students credited in that level's grades (framework `school_levels`; a K-8 school has an
 * elementary row from grades 4–5 and a middle row from grades 6–8, grade 11 is high).
 * `school_level` is the last column so that a warehouse from before it was added gets it by
 * `ALTER TABLE` in the same position (its older rows have none: one estimate per school).
 * `effect`/`se`: centred raw effect (z units) and σ/√n; `effect_shrunk`/`se_shrunk`: empirical
 * Bayes, se_shrunk the standard error the interval uses (se·√λ for the `posterior` interval,
 * se·λ for `shrunk_se`); `ci_low`/`ci_high`: effect_shrunk ± z·se_shrunk at the framework's level;
 * `reliability`: λ = ω/(ω + se²); `weight`: Σ credit (grade-11 students count 1/3 per year);
 * `suppressed`: n below the measure's min n.
 */
export const GROWTH_RESULTS_DDL = `CREATE TABLE IF NOT EXISTS growth_results (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  school_code VARCHAR NOT NULL,
  subject VARCHAR NOT NULL,
  student_group VARCHAR NOT NULL,
  n INTEGER NOT NULL,
  weight DOUBLE NOT NULL,
  effect DOUBLE NOT NULL,
  se DOUBLE NOT NULL,
  effect_shrunk DOUBLE NOT NULL,
  se_shrunk DOUBLE NOT NULL,
  ci_low DOUBLE NOT NULL,
  ci_high DOUBLE NOT NULL,
  reliability DOUBLE NOT NULL,
  growth_score DOUBLE NOT NULL,
  level INTEGER NOT NULL,
  suppressed BOOLEAN NOT NULL,
  school_level VARCHAR
)`;

/**
 * Coefficients of every model (subject × grade). Stage 1: the within-school regression
 * (`estimate` as used: corrected when the correction is on; `estimate_uncorrected`: plain OLS).
 * Stage 2: the regression of the residual on the school-grade mean prior (`intercept`,
 * `school_mean_prior`).
 */
export const GROWTH_COEFFICIENTS_DDL = `CREATE TABLE IF NOT EXISTS growth_coefficients (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  subject VARCHAR NOT NULL,
  grade INTEGER NOT NULL,
  stage INTEGER NOT NULL,
  term VARCHAR NOT NULL,
  estimate DOUBLE NOT NULL,
  std_error DOUBLE,
  estimate_uncorrected DOUBLE,
  std_error_uncorrected DOUBLE
)`;

/**
 * Fit statistics per model: N, schools, K (columns kept), residual df, within R², σ, how the
 * errors-in-variables correction was applied (`none`, `corrected`, `fuller`, `naive-fallback`),
 * the error variance subtracted from each corrected diagonal, the stage-2 R², columns dropped for
 * lack of within-school variation, and warnings (JSON array of {code, message}).
 */
export const GROWTH_FIT_DDL = `CREATE TABLE IF NOT EXISTS growth_fit (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  subject VARCHAR NOT NULL,
  grade INTEGER NOT NULL,
  n INTEGER NOT NULL,
  schools INTEGER NOT NULL,
  k INTEGER NOT NULL,
  df INTEGER NOT NULL,
  r_squared_within DOUBLE NOT NULL,
  sigma DOUBLE NOT NULL,
  sigma_uncorrected DOUBLE NOT NULL,
  eiv_method VARCHAR NOT NULL,
  error_variance_same DOUBLE NOT NULL,
  error_variance_other DOUBLE NOT NULL,
  stage2_r_squared DOUBLE,
  dropped_columns JSON NOT NULL,
  warnings JSON NOT NULL
)`;

/**
 * The shrinkage and score scale per subject × student group: the centring constant (the ALL
 * n-weighted mean raw effect), the group's mean μ it shrinks toward, ω (its posterior mean with
 * `hierarchical` shrinkage), the number of school × level units, and the mean and sd that turn
 * shrunk effects into growth scores (the ALL group's for every group, so groups and schools share
 * one scale).
 */
export const GROWTH_SCALE_DDL = `CREATE TABLE IF NOT EXISTS growth_scale (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  subject VARCHAR NOT NULL,
  student_group VARCHAR NOT NULL,
  schools INTEGER NOT NULL,
  centre DOUBLE NOT NULL,
  group_mean DOUBLE NOT NULL,
  omega DOUBLE NOT NULL,
  score_mean DOUBLE NOT NULL,
  score_sd DOUBLE NOT NULL,
  warnings JSON NOT NULL
)`;

export const GROWTH_TABLES = [
  "growth_results",
  "growth_coefficients",
  "growth_fit",
  "growth_scale",
] as const;

export const GROWTH_DDL = [
  GROWTH_RESULTS_DDL,
  "ALTER TABLE growth_results ADD COLUMN IF NOT EXISTS school_level VARCHAR",
  GROWTH_COEFFICIENTS_DDL,
  GROWTH_FIT_DDL,
  GROWTH_SCALE_DDL,
] as const;
