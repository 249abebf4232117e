/**
 * One row per completed (or failed) run. A run's result rows in every results table carry its
 * `run_id`; the row here is written last, so a run without status `complete` is never read.
 */
export const RUNS_DDL = `CREATE TABLE IF NOT EXISTS runs (
  run_id VARCHAR PRIMARY KEY,
  year INTEGER NOT NULL,
  framework_id VARCHAR NOT NULL,
  framework_name VARCHAR NOT NULL,
  framework_hash VARCHAR NOT NULL,
  cut_set VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  code_version VARCHAR NOT NULL,
  manifest JSON NOT NULL,
  status VARCHAR NOT NULL
)`;
