import type { Framework } from "../domain/framework/framework-schema.ts";
import { brokenPreferences, type PairCost } from "./pairing-cost.ts";
import type { PairFacts, UnmatchedFacts } from "./reason-facts.ts";

/**
 * The facts of a pair: its distance, context rank, the partner's strengths on the school's
 * weakest measures and the preferences it breaks. Only measures where the partner's level, as a
 * whole number, is above the school's are strengths (listed largest gap first); their mean gap is
 * over those.
 */
export function pairFacts(p: {
  partnerName: string;
  partnerCode: string;
  schoolLevel: string;
  cost: PairCost;
  partnersAtLevel: number;
  /** How many partner-eligible schools of the level met every preference for this school. */
  withinPreferences?: number;
  kept: boolean;
  replacedPrior: string | null;
  framework: Framework;
}): PairFacts<number> {
  const { cost } = p;
  const stronger = cost.strengths
    .filter((s) => Math.round(s.partnerLevel) > Math.round(s.schoolLevel))
    .sort(
      (a, b) =>
        b.partnerLevel - b.schoolLevel - (a.partnerLevel - a.schoolLevel) ||
        (a.metric < b.metric ? -1 : 1),
    )
    .map((s) => ({ metric: s.metric, schoolLevel: s.schoolLevel, partnerLevel: s.partnerLevel }));
  return {
    kind: "paired",
    schoolLevel: p.schoolLevel,
    partnerCode: p.partnerCode,
    partnerName: p.partnerName,
    kept: p.kept,
    replacedPrior: p.replacedPrior,
    distanceKm: cost.distanceKm,
    sameDistrict: cost.sameDistrict,
    contextRank: cost.contextRank,
    partnersAtLevel: p.partnersAtLevel,
    contextDistance: cost.contextDistance,
    shared: cost.strengths.map((s) => s.metric),
    stronger,
    meanGap:
      stronger.length === 0
        ? null
        : stronger.reduce((sum, s) => sum + s.partnerLevel - s.schoolLevel, 0) / stronger.length,
    cost: cost.cost,
    broken: brokenPreferences(cost, p.framework),
    withinPreferences: p.withinPreferences ?? 0,
    caliperKm: p.framework.pairing.caliper_km,
    maxCost: p.framework.pairing.max_cost,
  };
}

/** The facts of a priority school left without a partner. */
export function unmatchedFacts(u: {
  schoolLevel: string;
  hasContext: boolean;
  candidates: readonly { code: string; name: string; cost: PairCost }[];
  weakest: readonly string[];
  priorPartner: string | null;
  framework: Framework;
}): UnmatchedFacts<number> {
  const s = u.framework.pairing;
  const open = u.candidates
    .filter((c) => c.cost.blockedBy === null)
    .sort((a, b) => a.cost.cost - b.cost.cost);
  const count = (b: string) => u.candidates.filter((c) => c.cost.blockedBy === b).length;
  const far = count("caliper_km");
  const dear = u.candidates
    .filter((c) => c.cost.blockedBy === "max_cost")
    .sort((a, b) => a.cost.cost - b.cost.cost);
  const costOf = (c: { code: string; name: string; cost: PairCost }) => ({
    code: c.code,
    name: c.name,
    cost: c.cost.cost,
  });
  return {
    kind: "unmatched",
    schoolLevel: u.schoolLevel,
    why: !u.hasContext
      ? "no_context"
      : u.candidates.length === 0
        ? "no_candidates"
        : open.length > 0
          ? "all_taken"
          : "none_qualify",
    priorPartner: u.priorPartner,
    candidates: u.candidates.length,
    weakest: [...u.weakest],
    open: open.length,
    best: open[0] ? costOf(open[0]) : null,
    capacity: s.partner_capacity,
    far:
      far > 0
        ? { count: far, nearestKm: Math.min(...u.candidates.map((c) => c.cost.distanceKm)) }
        : null,
    notStronger: count("not_stronger"),
    dear: dear[0] ? { count: dear.length, lowest: costOf(dear[0]) } : null,
    caliperKm: s.caliper_km,
    maxCost: s.max_cost,
  };
}
