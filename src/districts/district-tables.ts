/**
 * The district tables a run writes beside the shared results (never read by levels, the index or
 * identification, so a district's local measures cannot move a shared figure):
 *
 * - `local_measures`: the overlays' local measures of the run (label, description, direction, weight).
 * - `local_results`: a district's local measures for its own schools, one row per school × level ×
 *   local metric × student group, the shape of `metric_results` plus the district and the base
 *   measure whose definition it reuses.
 * - `local_index_results`: the district's local index per school × level (ALL students) and for the
 *   district as a whole (`school_code` = the district code, `school_level` = 'district'): the
 *   weighted mean of the local percent measures, each turned so that higher is better.
 * - `district_results`: every measure (shared and local) pooled over the district's students by
 *   student group: n and numerator summed over the district's schools and levels, the rate or mean
 *   recomputed from those sums (a school of 900 weighs 900 times a student, not once).
 * - `district_peers`: each district's most similar districts on the pairing context variables.
 */
/** The run's local measure definitions, as the overlays said (labels, direction, weight). */
export const LOCAL_MEASURES_DDL = `CREATE TABLE IF NOT EXISTS local_measures (
  run_id VARCHAR NOT NULL,
  district_code VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  base_metric VARCHAR NOT NULL,
  label VARCHAR NOT NULL,
  description VARCHAR NOT NULL,
  direction VARCHAR NOT NULL,
  weight DOUBLE
)`;

export const LOCAL_RESULTS_DDL = `CREATE TABLE IF NOT EXISTS local_results (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  district_code VARCHAR NOT NULL,
  school_code VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  base_metric VARCHAR NOT NULL,
  student_group VARCHAR NOT NULL,
  n INTEGER NOT NULL,
  numerator DOUBLE,
  value DOUBLE,
  suppressed BOOLEAN NOT NULL
)`;

export const LOCAL_INDEX_RESULTS_DDL = `CREATE TABLE IF NOT EXISTS local_index_results (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  district_code VARCHAR NOT NULL,
  school_code VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  score DOUBLE,
  measures INTEGER NOT NULL
)`;

export const DISTRICT_RESULTS_DDL = `CREATE TABLE IF NOT EXISTS district_results (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  district_code VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  local BOOLEAN NOT NULL,
  student_group VARCHAR NOT NULL,
  n INTEGER NOT NULL,
  numerator DOUBLE,
  value DOUBLE,
  suppressed BOOLEAN NOT NULL
)`;

export const DISTRICT_PEERS_DDL = `CREATE TABLE IF NOT EXISTS district_peers (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  district_code VARCHAR NOT NULL,
  peer_code VARCHAR NOT NULL,
  rank INTEGER NOT NULL,
  distance DOUBLE NOT NULL
)`;

/** The district tables, in the order a run writes them. */
export const DISTRICT_TABLES = [
  "local_measures",
  "local_results",
  "local_index_results",
  "district_results",
  "district_peers",
] as const;

export const DISTRICT_DDL = [
  LOCAL_MEASURES_DDL,
  LOCAL_RESULTS_DDL,
  LOCAL_INDEX_RESULTS_DDL,
  DISTRICT_RESULTS_DDL,
  DISTRICT_PEERS_DDL,
] as const;
