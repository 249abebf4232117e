import { sqlString } from "../measures/sql-text.ts";
import { latestOverridesSql } from "./pairing-overrides.ts";

/**
 * A run's pairings as they stand once the hub analyst's latest override per school × level is
 * applied (a SELECT; unrounded, unordered). Every column of `pairings`, with an overridden pair's
 * cost parts taken from its candidate row, plus `override` (the override's reason, NULL when
 * none), `override_by`, `override_at`, and the proposal it replaced (`proposed_partner_code`;
 * `facts` are the proposal's, as text: the reason is rendered per reader from them, with the
 * override first, by reason-text.ts). The run's own rows are never changed. Read by the export
 * and the API.
 */
export function effectivePairingsSql(runId: string): string {
  const overridden = (mine: string, theirs: string) =>
    `CASE WHEN o.school_code IS NULL THEN ${mine} ELSE ${theirs} END`;
  return `SELECT p.run_id, p.year, p.school_code, p.school_level,
  ${overridden("p.partner_code", "o.target")} AS partner_code,
  ${overridden("p.cost", "c.cost")} AS cost,
  ${overridden("p.context_distance", "c.context_distance")} AS context_distance,
  ${overridden("p.context_distance_rank", "c.context_distance_rank")} AS context_distance_rank,
  ${overridden("p.strength_gap", "c.strength_gap")} AS strength_gap,
  ${overridden("p.distance_km", "c.distance_km")} AS distance_km,
  ${overridden("p.kept", "p.kept AND o.target IS NOT DISTINCT FROM p.partner_code")} AS kept,
  p.facts::VARCHAR AS facts,
  o.reason AS override, o.by_user AS override_by, o.created_at AS override_at,
  p.partner_code AS proposed_partner_code
FROM pairings p
LEFT JOIN (${latestOverridesSql(runId, "pair")}) o USING (school_code, school_level)
LEFT JOIN pairing_candidates c ON c.run_id = p.run_id AND c.school_code = p.school_code
  AND c.school_level = p.school_level AND c.partner_code = o.target
WHERE p.run_id = ${sqlString(runId)}`;
}

/**
 * A run's communities of practice with the latest override per school × level applied (a
 * SELECT; unordered): every column of `communities` — a moved school takes its new community's
 * problem, and its `problem_level` (its own level on the old problem) becomes NULL; `facts` are
 * the proposal's, as text — plus `override`, `override_by`, `override_at` and
 * `proposed_community_id`.
 */
export function effectiveCommunitiesSql(runId: string): string {
  const run = sqlString(runId);
  const moved = "o.school_code IS NOT NULL AND o.target IS DISTINCT FROM m.community_id";
  return `WITH problems AS (
  SELECT DISTINCT community_id, problem FROM communities WHERE run_id = ${run} AND community_id IS NOT NULL
)
SELECT m.run_id, m.year,
  CASE WHEN o.school_code IS NULL THEN m.community_id ELSE o.target END AS community_id,
  m.school_code, m.school_level, m.district_code,
  CASE WHEN o.school_code IS NULL THEN m.problem ELSE pr.problem END AS problem,
  CASE WHEN ${moved} THEN NULL ELSE m.problem_level END AS problem_level,
  m.facts::VARCHAR AS facts,
  o.reason AS override, o.by_user AS override_by, o.created_at AS override_at,
  m.community_id AS proposed_community_id
FROM communities m
LEFT JOIN (${latestOverridesSql(runId, "community")}) o USING (school_code, school_level)
LEFT JOIN problems pr ON pr.community_id = o.target
WHERE m.run_id = ${run}`;
}
