/**
 * Support tiers of a run, one row per school × school level with an index score:
 * `tier` priority | focus | partner_eligible | none; `meets_priority` / `meets_focus` whether
 * this year's results meet the entry rule; `triggers` JSON list of {group, measures} behind a
 * focus identification; `years_in_tier` consecutive years in the current tier (1 = new);
 * `years_below_entry` consecutive years a held tier's entry rule was not met; `exit_status` new |
 * continuing | exit_pending | exited | NULL; `reason` a sentence a principal can read.
 */
export const IDENTIFICATION_DDL = `CREATE TABLE IF NOT EXISTS identification (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  school_code VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  tier VARCHAR NOT NULL,
  meets_priority BOOLEAN NOT NULL,
  meets_focus BOOLEAN NOT NULL,
  triggers JSON NOT NULL,
  years_in_tier INTEGER NOT NULL,
  years_below_entry INTEGER NOT NULL,
  exit_status VARCHAR,
  reason VARCHAR NOT NULL
)`;
