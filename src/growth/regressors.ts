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
}

const indicator = (condition: string): string => `CASE WHEN ${condition} THEN 1.0 ELSE 0.0 END`;

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
  { name: "prior_other_missing", sql: indicator("prior_other IS NULL") },
  { name: "sed", sql: indicator("has_record AND sed") },
  ...DISABILITY_CATEGORIES.map((code) => ({
    name: `disability_${code.toLowerCase()}`,
    sql: indicator(`has_record AND swd AND disability_category = '${code}'`),
  })),
  {
    name: "disability_missing",
    sql: indicator("has_record AND swd AND disability_category IS NULL"),
  },
  ...[1, 2, 3, 4].map((level) => ({
    name: `el_level_${level}`,
    sql: indicator(`has_record AND el_status = 'EL' AND elpac_level = ${level}`),
  })),
  {
    name: "el_level_missing",
    sql: indicator("has_record AND el_status = 'EL' AND elpac_level IS NULL"),
  },
  { name: "ifep", sql: indicator("has_record AND el_status = 'IFEP'") },
  { name: "rfep", sql: indicator("has_record AND el_status = 'RFEP'") },
  { name: "el_tbd", sql: indicator("has_record AND el_status = 'TBD'") },
  { name: "homeless", sql: indicator("has_record AND homeless") },
  { name: "foster", sql: indicator("has_record AND foster") },
  { name: "traits_missing", sql: indicator("NOT has_record") },
];
