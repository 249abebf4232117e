import { DISABILITY_CATEGORIES } from "../domain/codes.ts";

/**
 * One column of the growth regression, as a SQL expression over the columns of the base rows
 * built by `analysis-table.ts` (`prior_same`, `prior_other`, and the student's `students` row:
 * `sed`, `swd`, `disability_category`, `el_status`, `elpac_level`, `homeless`, `foster`,
 * `has_record`).
 */
export interface Regressor {
  /** Column name in the analysis table and term name in the coefficients. */
  readonly name: string;
  readonly sql: string;
  /** Which prior it measures with error (for the errors-in-variables correction). */
  readonly errorProne?: "same" | "other";
  /** A 0/1 column: sums of its products with other indicators are counts, exact in any order. */
  readonly indicator?: true;
}

const indicator = (name: string, condition: string): Regressor => ({
  name,
  sql: `CASE WHEN ${condition} THEN 1.0 ELSE 0.0 END`,
  indicator: true,
});

/**
 * The regressors, in order: the two priors, then the trait indicators with their reference
 * categories left out (not SED, no disability, English only, not homeless, not in foster care).
 *
 * "Missing" categories: the input format requires the Y/N flags and EL status, so a trait can
 * only be missing as a whole, when the student has no `students` row for the tested district and
 * year (`traits_missing`, one column: per-trait missing indicators would all be the same column);
 * within a record, a disability without category (`disability_missing`) and an English learner
 * without ELPAC level (`el_level_missing`) have their own indicators. A missing other-subject
 * prior is set to 0 (the mean) with its own indicator `prior_other_missing`.
 * Columns without variation within schools in a model's data are dropped for that model.
 */
export const REGRESSORS: readonly Regressor[] = [
  { name: "prior_same", sql: "prior_same", errorProne: "same" },
  { name: "prior_other", sql: "coalesce(prior_other, 0.0)", errorProne: "other" },
  indicator("prior_other_missing", "prior_other IS NULL"),
  indicator("sed", "has_record AND sed"),
  ...DISABILITY_CATEGORIES.map((code) =>
    indicator(
      `disability_${code.toLowerCase()}`,
      `has_record AND swd AND disability_category = '${code}'`,
    ),
  ),
  indicator("disability_missing", "has_record AND swd AND disability_category IS NULL"),
  ...[1, 2, 3, 4].map((level) =>
    indicator(`el_level_${level}`, `has_record AND el_status = 'EL' AND elpac_level = ${level}`),
  ),
  indicator("el_level_missing", "has_record AND el_status = 'EL' AND elpac_level IS NULL"),
  indicator("ifep", "has_record AND el_status = 'IFEP'"),
  indicator("rfep", "has_record AND el_status = 'RFEP'"),
  indicator("el_tbd", "has_record AND el_status = 'TBD'"),
  indicator("homeless", "has_record AND homeless"),
  indicator("foster", "has_record AND foster"),
  indicator("traits_missing", "NOT has_record"),
];
