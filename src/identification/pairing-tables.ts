/**
 * Pairing results of a run (immutable once the run is complete):
 *
 * - `pairing_candidates`: every priority × partner-eligible school pair of the same level with its
 *   cost parts; `blocked_by` caliper_km | max_cost | not_stronger | NULL (the pair was allowed).
 * - `pairings`: one row per priority school × level: its partner (NULL: unmatched), the pair's
 *   cost parts, `kept` from last year, and `facts` (JSON `PairingFacts`: what the reason rests on).
 * - `communities`: one row per focus school × level: its community (NULL: none could take it),
 *   the shared problem of practice (`GROUP × metric`) and `facts` (JSON `CommunityRowFacts`).
 *
 * No sentence is stored: reason-text.ts renders each reason for its reader once disclosure has
 * decided the figures it quotes. A row of a run computed before facts were kept has `facts`
 * NULL (see {@link PAIRING_MIGRATION}).
 */
export const PAIRING_CANDIDATES_DDL = `CREATE TABLE IF NOT EXISTS pairing_candidates (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  school_code VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  partner_code VARCHAR NOT NULL,
  cost DOUBLE,
  context_distance DOUBLE NOT NULL,
  context_distance_rank INTEGER NOT NULL,
  strength_gap DOUBLE,
  distance_km DOUBLE NOT NULL,
  same_district BOOLEAN NOT NULL,
  blocked_by VARCHAR,
  strengths JSON NOT NULL
)`;

export const PAIRINGS_DDL = `CREATE TABLE IF NOT EXISTS pairings (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  school_code VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  partner_code VARCHAR,
  cost DOUBLE,
  context_distance DOUBLE,
  context_distance_rank INTEGER,
  strength_gap DOUBLE,
  distance_km DOUBLE,
  kept BOOLEAN NOT NULL,
  facts JSON
)`;

export const COMMUNITIES_DDL = `CREATE TABLE IF NOT EXISTS communities (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  community_id VARCHAR,
  school_code VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  district_code VARCHAR NOT NULL,
  problem VARCHAR,
  problem_level INTEGER,
  facts JSON
)`;

/** The columns of `pairings` and `communities` a run writes, in the order its rows list them. */
export const PAIRINGS_COLUMNS =
  "run_id, year, school_code, school_level, partner_code, cost, context_distance, context_distance_rank, strength_gap, distance_km, kept, facts";
export const COMMUNITIES_COLUMNS =
  "run_id, year, community_id, school_code, school_level, district_code, problem, problem_level, facts";

/**
 * Brings `pairings` and `communities` of an earlier version (a `reason` sentence, rewritten per
 * reader afterwards) to this one: `facts` added, the sentence dropped. Idempotent.
 */
export const PAIRING_MIGRATION = [
  "ALTER TABLE pairings ADD COLUMN IF NOT EXISTS facts JSON",
  "ALTER TABLE pairings DROP COLUMN IF EXISTS reason",
  "ALTER TABLE communities ADD COLUMN IF NOT EXISTS facts JSON",
  "ALTER TABLE communities DROP COLUMN IF EXISTS reason",
] as const;

/**
 * A hub analyst's changes to a run's pairings and communities. Runs stay immutable: overrides are
 * separate rows, applied on read and export; the latest row per (run, kind, school, level) wins
 * and history is kept. `kind` pair: `target` = the new partner (NULL removes the pair);
 * community: `target` = the community to move the school to (NULL takes it out).
 */
export const PAIRING_OVERRIDES_DDL = `CREATE TABLE IF NOT EXISTS pairing_overrides (
  run_id VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  school_code VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  target VARCHAR,
  reason VARCHAR NOT NULL,
  by_user VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  seq INTEGER NOT NULL
)`;

/** Tables a run's pairing stage writes (its rows are deleted when the run fails). */
export const PAIRING_RESULT_TABLES = [
  "school_context",
  "pairing_candidates",
  "pairings",
  "communities",
] as const;
