/**
 * SQL for sums that do not depend on the order DuckDB adds rows in. A parallel aggregate adds a
 * group's rows in per-thread partial sums and combines them in whatever order the threads finish,
 * and floating-point addition is not associative: the same data gave sums that differed in the
 * last bits from run to run, enough to move an exported growth score in its ninth decimal
 * (issue #14 point 8). Each term is rounded once to a fixed point of 18 decimals (DECIMAL(38, 18):
 * 20 integer digits, far above any sum of z-scores, weights or scale scores here; DuckDB raises an
 * error rather than wrapping on overflow) and the fixed-point terms add exactly, so the sum is
 * the same for every thread count and row order. The rounding is 10⁻¹⁸ per term, below a double's
 * precision for the magnitudes summed (z-scores and their products).
 */
export function exactSum(expression: string): string {
  return `sum((${expression})::DECIMAL(38, 18))::DOUBLE`;
}

/** The mean of the non-null values of `expression` from {@link exactSum} (as `avg`). */
export function exactMean(expression: string): string {
  return `(${exactSum(expression)} / count(${expression}))`;
}

/**
 * The population variance of `expression` (as `var_pop`) from exact sums of x and x²:
 * (Σx² − (Σx)²/n)/n. The subtraction runs once per group in double on exact sums, so it is as
 * reproducible as they are; its relative rounding is about (mean/sd)²·10⁻¹⁶, 10⁻¹³ for scale
 * scores (mean ≈ 25 SDs from 0) and negligible for z-scores.
 */
export function exactVariance(expression: string): string {
  const n = `count(${expression})`;
  const variance = `(${exactSum(`(${expression}) * (${expression})`)} - ${exactSum(expression)} ^ 2 / ${n}) / ${n}`;
  // rounding can leave a constant column's variance a hair below 0; none is NULL as with var_pop
  return `CASE WHEN ${n} > 0 THEN greatest(0.0, ${variance}) END`;
}
