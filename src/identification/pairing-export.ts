import { effectiveCommunitiesSql, effectivePairingsSql } from "./effective-pairings.ts";

/**
 * Export queries of a run's pairings and communities with the hub analyst's overrides applied
 * (the `override` column holds the override's reason; `facts` become the `reason` column once the
 * disclosure pass has rendered them for the export's audience).
 * Numbers are rounded to 6 decimals so that exports are byte-stable.
 */
export function pairingExportQueries(runId: string): Record<"pairings" | "communities", string> {
  return {
    pairings: `SELECT run_id, year, school_code, school_level, partner_code, round(cost, 6) AS cost,
  context_distance_rank, round(strength_gap, 6) AS strength_gap, round(distance_km, 3) AS distance_km,
  facts, override
FROM (${effectivePairingsSql(runId)})
ORDER BY school_code, school_level`,
    communities: `SELECT run_id, year, community_id, school_code, school_level, problem, facts, override
FROM (${effectiveCommunitiesSql(runId)})
ORDER BY community_id NULLS LAST, school_code, school_level`,
  };
}
