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

/** Why a pair cannot be made (null: it can). */
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
  /** Total cost (finite even when blocked, Infinity only without shared weak measures). */
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
 * Blocked: farther than `caliper_km`; no weakest measure shared or partner not stronger on them
 * on average (gap ≤ 0); cost above `max_cost`.
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
  if (strengths.length === 0)
    return {
      contextDistance,
      contextRank,
      strengths,
      strengthGap: null,
      distanceKm,
      sameDistrict,
      cost: Number.POSITIVE_INFINITY,
      blockedBy: "not_stronger",
    };
  const partnerMean = mean(strengths.map((s) => s.partnerLevel));
  const strengthGap = mean(strengths.map((s) => s.partnerLevel - s.schoolLevel));
  const raw =
    weights.similarity * contextDistance +
    (weights.need_match * (10 - partnerMean)) / settings.need_scale_levels +
    (weights.distance * distanceKm) / settings.distance_scale_km;
  const cost = sameDistrict ? raw * (1 - Math.min(1, settings.same_district_preference)) : raw;
  const blockedBy: PairBlock =
    distanceKm > settings.caliper_km
      ? "caliper_km"
      : strengthGap <= 0
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

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
