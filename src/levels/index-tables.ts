/**
 * The index and its exact decomposition, per run × school × school level:
 *
 * - `index_group_levels`: the subgroup levels used for each index measure. `component_group` is
 *   the accountability group (EL, SWD, SED, LOWEST_RACE); `student_group` the reporting group
 *   behind it (for LOWEST_RACE the race group chosen for that measure).
 * - `index_components`: one row per index measure with a level: domain, `weight` (index points
 *   at level 10), `all_level`, `subgroup_mean` (NULL when no subgroup meets min n),
 *   `measure_level` = all × level(ALL) + subgroups × subgroup_mean (or level(ALL) alone),
 *   `points` = weight × measure_level / 10.
 * - `index_results`: `index_score` = the left-to-right sum of the components' points in metric
 *   order (so summing them the same way reproduces it bit for bit); `index_level` from the cut
 *   set's `index` cut points. Tiers and reasons live in `identification`.
 */
export const INDEX_GROUP_LEVELS_DDL = `CREATE TABLE IF NOT EXISTS index_group_levels (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  school_code VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  component_group VARCHAR NOT NULL,
  student_group VARCHAR NOT NULL,
  level INTEGER NOT NULL,
  value DOUBLE NOT NULL,
  n INTEGER NOT NULL
)`;

export const INDEX_COMPONENTS_DDL = `CREATE TABLE IF NOT EXISTS index_components (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  school_code VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  domain VARCHAR NOT NULL,
  weight DOUBLE NOT NULL,
  all_level INTEGER NOT NULL,
  subgroup_mean DOUBLE,
  subgroup_count INTEGER NOT NULL,
  measure_level DOUBLE NOT NULL,
  points DOUBLE NOT NULL
)`;

export const INDEX_RESULTS_DDL = `CREATE TABLE IF NOT EXISTS index_results (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  school_code VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  index_score DOUBLE NOT NULL,
  index_level INTEGER,
  measures INTEGER NOT NULL
)`;
