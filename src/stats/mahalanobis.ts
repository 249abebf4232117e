import { factorSpd, type Matrix, type MatrixLike, NEAR_SINGULAR_CONDITION } from "./matrix.ts";
import { StatsError } from "./stats-error.ts";
import type { StatsWarning } from "./stats-warning.ts";

/** Relative ridge added to a singular covariance: this fraction of its mean variance. */
export const DEFAULT_RIDGE = 1e-6;

function width(rows: MatrixLike, name: string): number {
  const k = rows[0]?.length ?? 0;
  rows.forEach((row, i) => {
    if (row.length !== k)
      throw new StatsError(
        "dimension-mismatch",
        `${name} row ${i} has ${row.length} values, expected ${k}`,
      );
    row.forEach((v, j) => {
      if (!Number.isFinite(v))
        throw new StatsError(
          "invalid-value",
          `${name}[${i}][${j}] is ${v}, expected a finite number`,
        );
    });
  });
  return k;
}

/** Sample covariance (divisor n − 1) of the rows of a data matrix (rows = units, columns = variables). */
export function covarianceMatrix(rows: MatrixLike): Matrix {
  return pooledCovariance([rows]);
}

/**
 * Pooled within-group covariance Σ_g (n_g − 1) S_g / (N − G): each group is centred on its own
 * mean. With one group it is the ordinary sample covariance.
 * @throws StatsError when there are not more rows than groups.
 */
export function pooledCovariance(groups: readonly MatrixLike[]): Matrix {
  const k = width(groups.find((g) => g.length > 0) ?? [], "data");
  const out = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let rows = 0;
  let used = 0;
  for (const [g, group] of groups.entries()) {
    if (group.length === 0) continue;
    if (width(group, `group ${g}`) !== k) {
      throw new StatsError(
        "dimension-mismatch",
        `group ${g} has ${group[0]!.length} variables, expected ${k}`,
      );
    }
    rows += group.length;
    used++;
    const mean = new Array<number>(k).fill(0);
    for (const row of group) for (let j = 0; j < k; j++) mean[j]! += row[j]! / group.length;
    for (const row of group) {
      for (let i = 0; i < k; i++) {
        const di = row[i]! - mean[i]!;
        for (let j = 0; j <= i; j++) out[i]![j]! += di * (row[j]! - mean[j]!);
      }
    }
  }
  if (rows - used < 1) {
    throw new StatsError(
      "too-few-observations",
      `covariance needs more rows than groups: ${rows} rows in ${used} groups`,
    );
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      out[i]![j]! /= rows - used;
      out[j]![i] = out[i]![j]!;
    }
  }
  return out;
}

/** An inverted covariance ready to measure distances. */
export interface MahalanobisMetric {
  /** Inverse of the covariance (plus ridge, if one was added). */
  precision: Matrix;
  /** Ridge added to the diagonal (0 when the covariance was safely invertible). */
  ridge: number;
  warnings: StatsWarning[];
  /** √((a − b)′ Σ⁻¹ (a − b)). */
  distance(a: readonly number[], b: readonly number[]): number;
}

/**
 * Inverts a covariance for Mahalanobis distances. A singular or near-singular covariance (a
 * constant or duplicated variable) gets a ridge of `ridge` × its mean variance on the diagonal,
 * with a warning.
 */
export function mahalanobisMetric(
  covariance: MatrixLike,
  options: { ridge?: number } = {},
): MahalanobisMetric {
  const k = covariance.length;
  const warnings: StatsWarning[] = [];
  let ridge = 0;
  let precision: Matrix;
  try {
    const f = factorSpd(covariance, "covariance");
    if (f.conditionNumber > NEAR_SINGULAR_CONDITION)
      throw new StatsError("singular", "near-singular covariance");
    precision = f.inverse();
  } catch (error) {
    if (
      !(error instanceof StatsError) ||
      error.code === "invalid-value" ||
      error.code === "dimension-mismatch"
    )
      throw error;
    const meanVariance = covariance.reduce((s, row, i) => s + row[i]!, 0) / k;
    if (!(meanVariance > 0)) {
      throw new StatsError(
        "singular",
        "covariance has no positive variance: every variable is constant",
      );
    }
    ridge = (options.ridge ?? DEFAULT_RIDGE) * meanVariance;
    precision = factorSpd(
      covariance.map((row, i) => row.map((v, j) => (i === j ? v + ridge : v))),
      "covariance + ridge",
    ).inverse();
    warnings.push({
      code: "ridge-added",
      message: `covariance is singular or nearly so (${error.message}); added ridge ${ridge.toPrecision(3)} to its diagonal`,
    });
  }
  const distance = (a: readonly number[], b: readonly number[]): number => {
    if (a.length !== k || b.length !== k) {
      throw new StatsError(
        "dimension-mismatch",
        `points have ${a.length} and ${b.length} values, covariance is ${k}×${k}`,
      );
    }
    let s = 0;
    for (let i = 0; i < k; i++) {
      const di = a[i]! - b[i]!;
      const row = precision[i]!;
      let t = 0;
      for (let j = 0; j < k; j++) t += row[j]! * (a[j]! - b[j]!);
      s += di * t;
    }
    return Math.sqrt(Math.max(0, s));
  };
  return { precision, ridge, warnings, distance };
}

/**
 * Mahalanobis distances between every row of `from` and every row of `to` (e.g. schools needing
 * support × candidate partners), under `covariance` (typically {@link pooledCovariance}).
 */
export function mahalanobisDistances(
  from: MatrixLike,
  to: MatrixLike,
  covariance: MatrixLike,
  options: { ridge?: number } = {},
): { distances: Matrix; ridge: number; warnings: StatsWarning[] } {
  width(from, "from");
  width(to, "to");
  const metric = mahalanobisMetric(covariance, options);
  return {
    distances: from.map((a) => to.map((b) => metric.distance(a, b))),
    ridge: metric.ridge,
    warnings: metric.warnings,
  };
}
