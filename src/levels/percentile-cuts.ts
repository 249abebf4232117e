/**
 * Cut points at the given percentiles (0–100) of `values`, by linear interpolation between order
 * statistics (Hyndman–Fan type 7, the same as DuckDB's `quantile_cont`). Pure reference for the
 * SQL in {@link freezeCutSet}; tests work their expected cut points out with it.
 */
export function percentileCuts(
  values: readonly number[],
  percentiles: readonly number[],
): number[] {
  if (values.length === 0) throw new RangeError("percentileCuts: no values");
  const sorted = [...values].sort((a, b) => a - b);
  return percentiles.map((p) => {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside 0-100`);
    const h = (sorted.length - 1) * (p / 100);
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
  });
}
