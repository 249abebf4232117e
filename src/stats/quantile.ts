import { StatsError } from "./stats-error.ts";

/**
 * Type-7 quantile (R's default, DuckDB's `quantile_cont`, numpy's "linear"): with the values
 * sorted as v_0 ≤ … ≤ v_{n−1}, h = (n − 1)·p and Q(p) = v_⌊h⌋ + (h − ⌊h⌋)(v_⌊h⌋+1 − v_⌊h⌋).
 * @throws StatsError on an empty sample, a non-finite value, or p outside [0, 1].
 */
export function quantileType7(values: readonly number[], p: number): number {
  return quantilesType7(values, [p])[0]!;
}

/** Several type-7 quantiles of one sample, sorting it once. */
export function quantilesType7(values: readonly number[], ps: readonly number[]): number[] {
  if (values.length === 0)
    throw new StatsError("too-few-observations", "quantile of an empty sample");
  values.forEach((v, i) => {
    if (!Number.isFinite(v))
      throw new StatsError("invalid-value", `value ${v} at index ${i} is not a finite number`);
  });
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => {
    if (!(p >= 0 && p <= 1))
      throw new StatsError("invalid-value", `quantile probability ${p} is not in [0, 1]`);
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    const below = sorted[lo]!;
    const above = sorted[Math.min(lo + 1, sorted.length - 1)]!;
    return below + (h - lo) * (above - below);
  });
}
