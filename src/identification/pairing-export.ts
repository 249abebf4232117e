import { sqlString } from "../measures/sql-text.ts";
import { latestOverridesSql } from "./pairing-overrides.ts";

/**
 * Export queries of a run's pairings and communities with the hub analyst's overrides applied
 * (the `override` column holds the override's reason; the proposed reason is kept in `reason`).
 * Numbers are rounded to 6 decimals so that exports are byte-stable.
 */
export function pairingExportQueries(runId: string): Record<"pairings" | "communities", string> {
  const run = sqlString(runId);
  return {
    pairings: `SELECT p.run_id, p.year, p.school_code, p.school_level,
  CASE WHEN o.school_code IS NULL THEN p.partner_code ELSE o.target END AS partner_code,
  round(CASE WHEN o.school_code IS NULL THEN p.cost ELSE c.cost END, 6) AS cost,
  CASE WHEN o.school_code IS NULL THEN p.context_distance_rank ELSE c.context_distance_rank END AS context_distance_rank,
  round(CASE WHEN o.school_code IS NULL THEN p.strength_gap ELSE c.strength_gap END, 6) AS strength_gap,
  round(CASE WHEN o.school_code IS NULL THEN p.distance_km ELSE c.distance_km END, 3) AS distance_km,
  CASE WHEN o.school_code IS NULL THEN p.reason
    WHEN o.target IS NULL THEN 'Pair removed by the hub analyst: ' || o.reason || ' (Proposed: ' || p.reason || ')'
    ELSE 'Partner set to ' || o.target || ' by the hub analyst: ' || o.reason || ' (Proposed: ' || p.reason || ')'
  END AS reason,
  o.reason AS override
FROM pairings p
LEFT JOIN (${latestOverridesSql(runId, "pair")}) o USING (school_code, school_level)
LEFT JOIN pairing_candidates c ON c.run_id = p.run_id AND c.school_code = p.school_code
  AND c.school_level = p.school_level AND c.partner_code = o.target
WHERE p.run_id = ${run}
ORDER BY p.school_code, p.school_level`,
    communities: `WITH problems AS (
  SELECT DISTINCT community_id, problem FROM communities WHERE run_id = ${run} AND community_id IS NOT NULL
)
SELECT m.run_id, m.year,
  CASE WHEN o.school_code IS NULL THEN m.community_id ELSE o.target END AS community_id,
  m.school_code, m.school_level,
  CASE WHEN o.school_code IS NULL THEN m.problem ELSE pr.problem END AS problem,
  CASE WHEN o.school_code IS NULL THEN m.reason
    WHEN o.target IS NULL THEN 'Taken out of communities by the hub analyst: ' || o.reason || ' (Proposed: ' || m.reason || ')'
    ELSE 'Moved to community ' || o.target || ' by the hub analyst: ' || o.reason || ' (Proposed: ' || m.reason || ')'
  END AS reason,
  o.reason AS override
FROM communities m
LEFT JOIN (${latestOverridesSql(runId, "community")}) o USING (school_code, school_level)
LEFT JOIN problems pr ON pr.community_id = o.target
WHERE m.run_id = ${run}
ORDER BY community_id NULLS LAST, m.school_code, m.school_level`,
  };
}
