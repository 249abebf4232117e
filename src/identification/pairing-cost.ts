import type { Framework } from "../domain/framework/framework-schema.ts";
import type { ContextSimilarity } from "./context-similarity.ts";
import type { SchoolContext } from "./school-context.ts";

/** A school × level as pairing sees it: its context and its index measure levels. */
export interface PairingSchool {
  readonly context: SchoolContext;
  /** `measure_level` of each index measure (0.5 × ALL + 0.5 × subgroups, 1–10), by metric. */
  readonly measureLevels: ReadonlyMap<string, number>;
}

/** One of the priority school's weakest measures, side by side with a partner's level. */
export interface MeasureStrength {
  readonly metric: string;
  readonly schoolLevel: number;
  readonly partnerLevel: number;
}

/**
 * The first pairing preference a pair breaks (null: it keeps them all). A preference is never a
 * wall: a pair that breaks one is made only when the school has no partner that keeps it free
 * (see {@link assignmentCost}).
 */
export type PairBlock = "caliper_km" | "max_cost" | "not_stronger" | null;

/** Every part of a pair's cost, kept so that the pair can be explained. */
export interface PairCost {
  readonly contextDistance: number;
  /** 1 = the most similar partner-eligible school of the level. */
  readonly contextRank: number;
  /** The priority school's weakest measures that the partner also has, with both levels. */
  readonly strengths: readonly MeasureStrength[];
  /** Mean of partner − school level over `strengths`; null when they share none of them. */
  readonly strengthGap: number | null;
  readonly distanceKm: number;
  readonly sameDistrict: boolean;
  /**
   * Total cost (finite; without a shared weakest measure the partner's level on them counts as 0).
   */
  readonly cost: number;
  readonly blockedBy: PairBlock;
}

/**
 * The priority school's weakest measures: those whose measure level is in the below-average band
 * (≤ `belowAverageTop`), else its two lowest (ties by metric name).
 */
export function weakestMeasures(
  levels: ReadonlyMap<string, number>,
  belowAverageTop: number,
): string[] {
  const sorted = [...levels].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  const low = sorted.filter(([, level]) => level <= belowAverageTop);
  return (low.length > 0 ? low : sorted.slice(0, 2)).map(([metric]) => metric);
}

/**
 * The cost of pairing `school` with `partner` (same level):
 *
 *   raw  = w_similarity × context distance
 *        + w_need × (10 − partner's mean level on the school's weakest measures) / need_scale_levels
 *        + w_distance × km / distance_scale_km
 *   cost = raw × (1 − same_district_preference) for a partner in the same district, else raw.
 *
 * Preferences it may break (`blockedBy` names the first): farther than `caliper_km`; no weakest
 * measure shared or partner not stronger on them on average (gap ≤ 0); cost above `max_cost`.
 */
export function pairCost(
  school: PairingSchool,
  partner: PairingSchool,
  weakest: readonly string[],
  contextRank: number,
  similarity: ContextSimilarity,
  framework: Framework,
): PairCost {
  const settings = framework.pairing;
  const weights = settings.cost_weights;
  const contextDistance = similarity.contextDistance(school.context, partner.context);
  const distanceKm = similarity.travelKm(school.context, partner.context);
  const strengths: MeasureStrength[] = [];
  for (const metric of weakest) {
    const own = school.measureLevels.get(metric);
    const theirs = partner.measureLevels.get(metric);
    if (own !== undefined && theirs !== undefined)
      strengths.push({ metric, schoolLevel: own, partnerLevel: theirs });
  }
  const sameDistrict = school.context.districtCode === partner.context.districtCode;
  const shared = strengths.length > 0;
  const partnerMean = shared ? mean(strengths.map((s) => s.partnerLevel)) : 0;
  const strengthGap = shared ? mean(strengths.map((s) => s.partnerLevel - s.schoolLevel)) : null;
  const raw =
    weights.similarity * contextDistance +
    (weights.need_match * (10 - partnerMean)) / settings.need_scale_levels +
    (weights.distance * distanceKm) / settings.distance_scale_km;
  const cost = sameDistrict ? raw * (1 - Math.min(1, settings.same_district_preference)) : raw;
  const blockedBy: PairBlock =
    distanceKm > settings.caliper_km
      ? "caliper_km"
      : strengthGap === null || strengthGap <= 0
        ? "not_stronger"
        : cost > settings.max_cost
          ? "max_cost"
          : null;
  return {
    contextDistance,
    contextRank,
    strengths,
    strengthGap,
    distanceKm,
    sameDistrict,
    cost,
    blockedBy,
  };
}

/** The assignment's price of a preference: far above any sum of real pair costs. */
const PREFERENCE = { max_cost: 1e3, caliper_km: 1e6, not_stronger: 1e9 } as const;

/**
 * What a pair costs in the assignment: its cost, plus for each preference it breaks a price far
 * above any sum of real costs, so that the assignment breaks as few as it can and the weakest
 * first: a cost above `max_cost` (1e3), then distance beyond `caliper_km` (1e6 × (1 + the excess
 * in caliper widths), so that the cap widens no further than it must), then a partner not stronger
 * on the school's weakest measures (1e9). Pairing as many schools as possible still comes first.
 */
export function assignmentCost(cost: PairCost, framework: Framework): number {
  const { caliper_km: caliper, max_cost: maxCost } = framework.pairing;
  let price = cost.cost;
  if (cost.cost > maxCost) price += PREFERENCE.max_cost;
  if (cost.distanceKm > caliper)
    price += PREFERENCE.caliper_km * (1 + (cost.distanceKm - caliper) / caliper);
  if (cost.strengthGap === null || cost.strengthGap <= 0) price += PREFERENCE.not_stronger;
  return price;
}

/**
 * Every pairing preference a pair breaks (its `blockedBy` and any other), in the order
 * {@link PairBlock} checks them.
 */
export function brokenPreferences(
  cost: PairCost,
  framework: Framework,
): Exclude<PairBlock, null>[] {
  const breaks = {
    caliper_km: cost.distanceKm > framework.pairing.caliper_km,
    not_stronger: cost.strengthGap === null || cost.strengthGap <= 0,
    max_cost: cost.cost > framework.pairing.max_cost,
  };
  return (["caliper_km", "not_stronger", "max_cost"] as const).filter(
    (b) => breaks[b] || cost.blockedBy === b,
  );
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
