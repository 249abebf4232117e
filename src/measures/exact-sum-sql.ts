/**
 * Order-independent sums of DOUBLE values in DuckDB SQL.
 *
 * DuckDB adds a group's values in per-thread partial sums and combines them in whatever order the
 * threads finish, and floating-point addition is not associative: with several threads a rerun
 * over the same rows can differ in the last bits (issue #14: an `ela_growth` score 35.694704046
 * vs 35.694704045). These helpers round each term to a fixed point of {@link EXACT_SUM_SCALE}
 * decimals (`DECIMAL(38, 18)`, 20 digits before the point) and add those exactly in 128-bit
 * integers, so the total is the same whatever the order; it is then read back as a DOUBLE. A term
 * or total of 10²⁰ or more is an error, not a silent overflow; every quantity summed here
 * (percentages, scale scores and their products, z-scores, weights) stays far below it.
 */
export const EXACT_SUM_SCALE = 18;

const DECIMAL = `DECIMAL(38, ${EXACT_SUM_SCALE})`;

function filtered(aggregate: string, filter: string | undefined): string {
  return filter === undefined ? aggregate : `${aggregate} FILTER (WHERE ${filter})`;
}

/** `sum(expr)` (NULL for no non-NULL value), independent of the order rows are added in. */
export function exactSumSql(expr: string, filter?: string): string {
  return `CAST(${filtered(`sum(CAST((${expr}) AS ${DECIMAL}))`, filter)} AS DOUBLE)`;
}

/** `avg(expr)` (NULL for no non-NULL value), independent of the order rows are added in. */
export function exactAvgSql(expr: string, filter?: string): string {
  return `(${exactSumSql(expr, filter)} / ${filtered(`count(${expr})`, filter)})`;
}

/**
 * `var_pop(expr)` (NULL for no non-NULL value) from exact sums of x and x²: (Σx² − (Σx)²/n)/n,
 * subtracted once per group in DOUBLE, so as reproducible as the sums. Its relative rounding is
 * about (mean/sd)²·10⁻¹⁶ (10⁻¹³ for scale scores 25 SDs from 0); a constant column can come out a
 * hair below 0, which is read as 0.
 */
export function exactVarPopSql(expr: string): string {
  const n = `count(${expr})`;
  const sumSquares = exactSumSql(`(${expr}) * (${expr})`);
  return `CASE WHEN ${n} > 0 THEN greatest(0.0, (${sumSquares} - ${exactSumSql(expr)} ^ 2 / ${n}) / ${n}) END`;
}
