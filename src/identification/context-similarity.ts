import { haversineKm } from "../stats/haversine.ts";
import {
  covarianceMatrix,
  type MahalanobisMetric,
  mahalanobisMetric,
} from "../stats/mahalanobis.ts";
import type { StatsWarning } from "../stats/stats-warning.ts";
import type { SchoolContext } from "./school-context.ts";

/** Context distances between schools of one level. */
export interface ContextSimilarity {
  /** Mahalanobis distance between two schools' context variables (same level only). */
  contextDistance(a: SchoolContext, b: SchoolContext): number;
  /** Great-circle distance in km. */
  travelKm(a: SchoolContext, b: SchoolContext): number;
  /** Ridge and other warnings from the covariance of each level. */
  readonly warnings: readonly StatsWarning[];
}

/** Two schools of different levels compared on context. */
export class LevelMismatchError extends Error {
  constructor(
    readonly a: SchoolContext,
    readonly b: SchoolContext,
  ) {
    super(
      `cannot compare ${a.schoolCode} (${a.schoolLevel}) with ${b.schoolCode} (${b.schoolLevel}): context distances are within one school level`,
    );
    this.name = "LevelMismatchError";
  }
}

/**
 * Mahalanobis distances on context variables, with the covariance of each school level estimated
 * from every school of that level in `population` (so "similar" is relative to the network's own
 * spread). A level with too few schools for a covariance (fewer than 2) falls back to the
 * identity: plain Euclidean distance.
 */
export function contextSimilarity(population: readonly SchoolContext[]): ContextSimilarity {
  const byLevel = new Map<string, SchoolContext[]>();
  for (const s of population) {
    const list = byLevel.get(s.schoolLevel) ?? [];
    list.push(s);
    byLevel.set(s.schoolLevel, list);
  }
  const metrics = new Map<string, MahalanobisMetric>();
  const warnings: StatsWarning[] = [];
  for (const [level, schools] of byLevel) {
    const k = schools[0]!.variables.length;
    let covariance: number[][];
    if (schools.length >= 2) covariance = covarianceMatrix(schools.map((s) => s.variables));
    else
      covariance = Array.from({ length: k }, (_, i) =>
        Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)),
      );
    // A variable constant across the level (e.g. no Filipino students anywhere) has no variance;
    // give it unit variance so it neither breaks the inverse nor counts.
    covariance.forEach((row, i) => {
      if (!(row[i]! > 0)) row[i] = 1;
    });
    const metric = mahalanobisMetric(covariance);
    for (const w of metric.warnings) warnings.push({ ...w, message: `${level}: ${w.message}` });
    metrics.set(level, metric);
  }
  return {
    contextDistance(a, b) {
      if (a.schoolLevel !== b.schoolLevel) throw new LevelMismatchError(a, b);
      const metric = metrics.get(a.schoolLevel);
      if (!metric) {
        const d = a.variables.reduce((s, v, i) => s + (v - b.variables[i]!) ** 2, 0);
        return Math.sqrt(d);
      }
      return metric.distance(a.variables, b.variables);
    },
    travelKm(a, b) {
      return haversineKm(
        { lat: a.latitude, lon: a.longitude },
        { lat: b.latitude, lon: b.longitude },
      );
    },
    warnings,
  };
}
