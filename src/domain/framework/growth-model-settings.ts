import { z } from "zod";

/**
 * Model-wide settings of the academic growth model (spec/growth.md). The per-subject settings
 * (grades, reliability, high-school grade and prior grade, min n) live with the `ela_growth` and
 * `math_growth` measures; these are the modelling choices shared by both subjects. Every field
 * has a default, so a framework file may omit the section.
 */
export const growthModelSettings = z.strictObject({
  /** Errors-in-variables correction of the prior scores (spec step 2). */
  measurement_error: z
    .strictObject({
      /** Apply the correction at all (off: plain within-school OLS, as R's `lm`). */
      correct: z.boolean().default(true),
      /** Use each student's SEM of the prior score when supplied, else the reliability. */
      use_sem_when_present: z.boolean().default(true),
      /**
       * Also correct the other-subject prior (its SEMs, else the other subject's reliability).
       * On by default, unlike the spec, which corrects the same-subject prior only: a student's
       * ELA and math priors are strongly correlated (about 0.75 in the synthetic generator), so
       * when only the same-subject prior is corrected it also takes up the part of the other
       * prior's slope that the other prior's measurement error hides, and students are compared
       * on the wrong mix of their two priors. On the generator's networks (60,000 students,
       * seeds 3–14) the same-subject slope overshoots the planted one by +0.046 ELA / +0.043 math
       * on average with the spec's setting and by +0.023 / +0.020 with both priors corrected (the
       * rest comes from scores clamped to LOSS/HOSS, see `src/synth/parameters.ts`), while the
       * uncorrected cross slopes fall short. `false` reproduces the spec.
       */
      correct_other_subject_prior: z.boolean().default(true),
      /** When the corrected X′X is not safely positive definite: Fuller's modification or plain OLS. */
      small_sample: z.enum(["fuller", "naive"]).default("fuller"),
    })
    .prefault({}),
  /**
   * Step 4, "in schools like them": how the residual is adjusted for the school-grade mean prior
   * (the school's intake). `within_school` (default): one slope per subject estimated with school
   * fixed effects, from how residuals and mean priors differ between the grades of the same
   * school, so that a school's own effect, which its students carry into later priors, is not
   * read as an intake effect (falls back to `between_schools` when no prior was tested at the
   * student's current school or no school has two tested grades). `between_schools`: CORE's
   * published step, one OLS per subject × grade of the residual on the school-grade mean prior
   * across students. `none`: no intake adjustment (each model's residuals centred on 0 only).
   */
  school_context: z.enum(["within_school", "between_schools", "none"]).default("within_school"),
  /**
   * How a school's effect is computed from growth credited to several schools (the high-school
   * grade: a third per year of grades 9–11, split over that year's schools). `fractional_indicators`
   * (CORE's): regress the students' residuals on fractional school indicators, so each school's
   * effect is its own. `credit_weighted_mean`: the credit-weighted mean of the residuals of the
   * students credited, which blends in the effects of the other schools they attended.
   */
  high_school_credit: z
    .enum(["fractional_indicators", "credit_weighted_mean"])
    .default("fractional_indicators"),
  /**
   * Estimator of the variance of true school effects (ω) and how it enters the shrinkage.
   * `hierarchical` (default): ω is not taken as known; each school's shrunk effect and interval
   * average over ω's posterior (flat prior on √ω, restricted likelihood; see shrinkOverOmega),
   * so that where ω is poorly known (a network of one district has 15–20 school × level units)
   * intervals widen instead of collapsing when ω̂ comes out near 0. On the generator's
   * 10,000-student networks (1 district, 2022–2025, seeds 1–16, 252 school × level units) the
   * spec's estimator covered 83.3% (ELA) and 91.7% (math) of planted effects (one network as
   * low as 43.8%), this one 88.5% and 95.2%, and 92.5% and 96.0% once the step-4 slope's shared
   * error was also kept out of ω (schoolEffects); measured against targets on the computed
   * year's score SD (the scale step 1 standardizes by), 92.9% and 95.6% at 10,000 students, 94.5%
   * and 95.3% at 40,000 (seeds 21–24), 95.4% and 95.0% at 300,000 (seeds 3–5). The plug-in estimators: `weighted_moments` is the spec's (variance of
   * effects across schools weighted by n, minus the n-weighted mean squared standard error,
   * truncated at 0); `dersimonian_laird` and `reml` are the precision-weighted alternatives.
   */
  shrinkage: z
    .enum(["weighted_moments", "dersimonian_laird", "reml", "hierarchical"])
    .default("hierarchical"),
  interval: z
    .strictObject({
      level: z.number().gt(0).lt(1).default(0.95),
      /**
       * `posterior`: shrunk ± z·se·√λ (the posterior SD of the true effect, λ = ω/(ω+se²));
       * `shrunk_se`: shrunk ± z·se·λ (the spec's se_shrunk). Either way the exported `se_shrunk`
       * is the standard error the interval uses, so ci = effect_shrunk ± z·se_shrunk.
       */
      kind: z.enum(["posterior", "shrunk_se"]).default("posterior"),
    })
    .prefault({}),
  /**
   * Growth score = 100·Φ((shrunk − mean)/sd): `school_sd` takes mean and sd over schools' shrunk
   * effects (spec step 7); `student_sd` takes mean 0 and the SD of students' residuals e2.
   */
  score_scale: z.enum(["school_sd", "student_sd"]).default("school_sd"),
});

export type GrowthModelSettings = z.output<typeof growthModelSettings>;
