/**
 * A frozen cut-point set: its provenance in `cut_sets`, its bounds in `cut_points`. A set is
 * written once (when a baseline is computed) and only read afterwards; later runs name it.
 *
 * `cut_points` has one row per set × metric × school level × level. The pseudo-metric `index`
 * holds the index-level cut points. Bounds are NULL at the open ends. Tie rule (see
 * `levelOf`): a value at a cut point gets the better level, so
 * - direction `higher`: `lower_bound ≤ value < upper_bound`;
 * - direction `lower`: `lower_bound < value ≤ upper_bound` (level 10 has the lowest values).
 * `baseline_schools` is the number of schools whose values set the cuts (NULL for fixed bins).
 */
export const CUT_SETS_DDL = `CREATE TABLE IF NOT EXISTS cut_sets (
  name VARCHAR PRIMARY KEY,
  framework_id VARCHAR NOT NULL,
  framework_hash VARCHAR NOT NULL,
  baseline_year INTEGER NOT NULL,
  created_from_run VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  provenance JSON NOT NULL
)`;

export const CUT_POINTS_DDL = `CREATE TABLE IF NOT EXISTS cut_points (
  cut_set VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  direction VARCHAR NOT NULL,
  method VARCHAR NOT NULL,
  level INTEGER NOT NULL,
  lower_bound DOUBLE,
  upper_bound DOUBLE,
  baseline_schools INTEGER,
  PRIMARY KEY (cut_set, metric, school_level, level)
)`;

/** Name of the pseudo-metric whose cut points set the index level. */
export const INDEX_METRIC = "index";

/**
 * Cut points frozen into a set after its baseline year (framework `cut_points.when_missing:
 * first_year_with_values`): the measure × school level had no eligible school in the baseline
 * year, so its cut points come from `values_year`, frozen once by run `frozen_by_run`.
 */
export const CUT_POINT_SOURCES_DDL = `CREATE TABLE IF NOT EXISTS cut_point_sources (
  cut_set VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  values_year INTEGER NOT NULL,
  frozen_by_run VARCHAR NOT NULL,
  frozen_at TIMESTAMP NOT NULL,
  schools INTEGER NOT NULL,
  PRIMARY KEY (cut_set, metric, school_level)
)`;
