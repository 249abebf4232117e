/**
 * Levels of a run's metric results (companion of `metric_results`, same key): one row per
 * result that has a level — not suppressed, a value, survey participation at its floor, and cut
 * points for its metric and school level. `change_1..3` are the signed changes in value needed to
 * reach at least one, two and three levels higher (NULL past level 10); negative for
 * lower-is-better measures.
 */
export const METRIC_LEVELS_DDL = `CREATE TABLE IF NOT EXISTS metric_levels (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  school_code VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  student_group VARCHAR NOT NULL,
  level INTEGER NOT NULL,
  change_1 DOUBLE,
  change_2 DOUBLE,
  change_3 DOUBLE
)`;
