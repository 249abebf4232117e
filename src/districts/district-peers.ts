import { contextSimilarity } from "../identification/context-similarity.ts";
import type { SchoolContext } from "../identification/school-context.ts";
import { readSchoolContexts } from "../identification/school-context.ts";
import { sqlString } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/** How many suggested peers each district keeps. */
export const DISTRICT_PEER_COUNT = 3;

/**
 * Each district's context, as schools' are compared: the enrollment-weighted mean of its school
 * × levels' context variables (the framework's `pairing.similarity_variables`), at the
 * enrollment-weighted centre of its schools.
 */
export function districtContexts(schools: readonly SchoolContext[]): SchoolContext[] {
  const byDistrict = new Map<string, SchoolContext[]>();
  for (const s of schools) {
    const list = byDistrict.get(s.districtCode) ?? [];
    list.push(s);
    byDistrict.set(s.districtCode, list);
  }
  return [...byDistrict]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([district, list]) => {
      const total = list.reduce((s, c) => s + c.enrollment, 0) || 1;
      const mean = (of: (c: SchoolContext) => number) =>
        list.reduce((s, c) => s + of(c) * c.enrollment, 0) / total;
      const k = list[0]!.variables.length;
      return {
        schoolCode: district,
        schoolLevel: "district",
        schoolName: district,
        districtCode: district,
        latitude: mean((c) => c.latitude),
        longitude: mean((c) => c.longitude),
        enrollment: total,
        variables: Array.from({ length: k }, (_, i) => mean((c) => c.variables[i]!)),
      };
    });
}

/**
 * Suggested peer districts: for each district, the {@link DISTRICT_PEER_COUNT} others nearest in
 * Mahalanobis distance on the district contexts (the same similarity that finds peer schools,
 * with the covariance taken across districts). Ties break by district code.
 */
export function rankDistrictPeers(
  districts: readonly SchoolContext[],
): { district: string; peer: string; rank: number; distance: number }[] {
  const similarity = contextSimilarity(districts);
  const out: { district: string; peer: string; rank: number; distance: number }[] = [];
  for (const d of districts) {
    const ranked = districts
      .filter((o) => o.districtCode !== d.districtCode)
      .map((o) => ({ peer: o.districtCode, distance: similarity.contextDistance(d, o) }))
      .sort((a, b) => a.distance - b.distance || (a.peer < b.peer ? -1 : 1))
      .slice(0, DISTRICT_PEER_COUNT);
    for (const [i, r] of ranked.entries())
      out.push({ district: d.districtCode, peer: r.peer, rank: i + 1, distance: r.distance });
  }
  return out;
}

/** Writes the run's `district_peers` from its `school_context` rows. */
export async function writeDistrictPeers(
  warehouse: Warehouse,
  run: { runId: string; year: number },
): Promise<void> {
  const ranked = rankDistrictPeers(
    districtContexts(await readSchoolContexts(warehouse, run.runId)),
  );
  if (ranked.length === 0) return;
  await warehouse.run(
    `INSERT INTO district_peers VALUES ${ranked
      .map(
        (r) =>
          `(${sqlString(run.runId)}, ${run.year}, ${sqlString(r.district)}, ${sqlString(r.peer)}, ${r.rank}, ${Number.isFinite(r.distance) ? r.distance : 0})`,
      )
      .join(", ")}`,
  );
}
