/**
 * Support tiers of a run, one row per school × school level with an index score:
 * `tier` priority | focus | partner_eligible | none; `meets_priority` / `meets_focus` whether
 * this year's results meet the entry rule; `triggers` JSON list of {group, meanLevel, measures}
 * behind a focus identification; `years_in_tier` consecutive years in the current tier (1 = new);
 * `years_below_entry` consecutive years a held tier's entry rule was not met; `exit_status` new |
 * continuing | exit_pending | exited | NULL; `facts` JSON `TierFacts`: the figures, cut-offs
 * and rules the tier rests on. No sentence is stored: reason-text.ts renders the reason for each
 * reader once disclosure has decided its figures (a row of a run computed before facts were kept
 * has `facts` NULL, and its reason says to recompute the run).
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
  facts JSON
)`;

/** The columns a run writes, in the order its rows list them. */
export const IDENTIFICATION_COLUMNS =
  "run_id, year, school_code, school_level, tier, meets_priority, meets_focus, triggers, years_in_tier, years_below_entry, exit_status, facts";

/**
 * Brings an `identification` table of an earlier version (a `reason` sentence, rewritten per
 * reader afterwards) to this one: `facts` added, the sentence dropped. Idempotent.
 */
export const IDENTIFICATION_MIGRATION = [
  "ALTER TABLE identification ADD COLUMN IF NOT EXISTS facts JSON",
  "ALTER TABLE identification DROP COLUMN IF EXISTS reason",
] as const;
