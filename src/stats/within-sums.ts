import { StatsError } from "./stats-error.ts";

/**
 * Sufficient statistics of a regression with group (school) fixed effects, after the within
 * transformation x̃ = x − x̄_s, ỹ = y − ȳ_s.
 */
export interface WithinSums {
  /** X̃′X̃ (k×k, symmetric). */
  xtx: number[][];
  /** X̃′ỹ (k). */
  xty: number[];
  /** ỹ′ỹ. */
  yty: number;
  /** Number of observations N. */
  n: number;
  /** Number of groups S (groups with at least one observation). */
  groups: number;
}

/**
 * One group's raw sums: the shape a DuckDB `GROUP BY school` aggregate returns
 * (`count(*)`, `sum(x_j)`, `sum(y)`, `sum(x_j*x_l)`, `sum(x_j*y)`, `sum(y*y)`).
 */
export interface GroupSums {
  n: number;
  sumX: readonly number[];
  sumY: number;
  /** Σ x x′ (k×k; only the lower triangle j ≥ l is read). */
  sumXX: readonly (readonly number[])[];
  sumXY: readonly number[];
  sumYY: number;
}

/**
 * Builds the within cross-products from per-group sums:
 * X̃′X̃ = Σ_s [Σ xx′ − (Σx)(Σx)′/n_s], and likewise X̃′ỹ and ỹ′ỹ.
 * Raw sums subtract in floating point, so centre or standardize the variables first
 * (z-scores, 0/1 indicators) to avoid cancellation. Groups with n = 0 are skipped.
 */
export function withinSumsFromGroups(groups: Iterable<GroupSums>): WithinSums {
  let k = -1;
  let xtx: number[][] = [];
  let xty: number[] = [];
  let yty = 0;
  let n = 0;
  let count = 0;
  let index = 0;
  for (const g of groups) {
    if (k < 0) {
      k = g.sumX.length;
      xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
      xty = new Array<number>(k).fill(0);
    }
    if (g.sumX.length !== k || g.sumXY.length !== k || g.sumXX.length !== k) {
      throw new StatsError(
        "dimension-mismatch",
        `group ${index} has ${g.sumX.length} sums of x, ${g.sumXY.length} of xy and ${g.sumXX.length} rows of xx, expected ${k}`,
      );
    }
    if (!Number.isInteger(g.n) || g.n < 0) {
      throw new StatsError("invalid-value", `group ${index} has n = ${g.n}, expected a count`);
    }
    index++;
    if (g.n === 0) continue;
    n += g.n;
    count++;
    for (let j = 0; j < k; j++) {
      const row = g.sumXX[j]!;
      for (let l = 0; l <= j; l++) {
        const v = row[l]! - (g.sumX[j]! * g.sumX[l]!) / g.n;
        xtx[j]![l]! += v;
        if (l !== j) xtx[l]![j]! += v;
      }
      xty[j]! += g.sumXY[j]! - (g.sumX[j]! * g.sumY) / g.n;
    }
    yty += g.sumYY - (g.sumY * g.sumY) / g.n;
  }
  if (k < 0) throw new StatsError("too-few-observations", "no groups given");
  return { xtx, xty, yty, n, groups: count };
}

/**
 * Total error variance to subtract from an error-prone column's diagonal after the within
 * transformation, from per-student conditional SEMs: Σ_s (1 − 1/n_s) Σ_{i∈s} c_i².
 * Each group gives its size and Σ c_i² (a `GROUP BY` of `sum(csem*csem)`).
 */
export function withinErrorVarianceFromCsem(
  groups: Iterable<{ n: number; sumCsemSquared: number }>,
): number {
  let total = 0;
  for (const g of groups) if (g.n > 0) total += (1 - 1 / g.n) * g.sumCsemSquared;
  return total;
}

/**
 * The same total from a test reliability ρ: every student's error variance is taken as
 * c² = (1 − ρ)·Var(w), so Σ_s (1 − 1/n_s) Σ_{i∈s} c² = (1 − ρ)·Var(w)·(N − S).
 * @param priorVariance Var(w) of the error-prone prior over all students (not within schools).
 */
export function withinErrorVarianceFromReliability(args: {
  reliability: number;
  priorVariance: number;
  n: number;
  groups: number;
}): number {
  const { reliability, priorVariance, n, groups } = args;
  if (!(reliability > 0 && reliability <= 1)) {
    throw new StatsError("invalid-value", `reliability ${reliability} is not in (0, 1]`);
  }
  if (!(priorVariance >= 0)) {
    throw new StatsError("invalid-value", `prior variance ${priorVariance} is not ≥ 0`);
  }
  return (1 - reliability) * priorVariance * (n - groups);
}
