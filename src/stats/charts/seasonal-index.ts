import { StatsError } from "../stats-error.ts";

/** Absences and days enrolled of one calendar month summed over a reference population. */
export interface SeasonTotal {
  /** The calendar month, e.g. `"01"` for January (any key that names the same month each year). */
  readonly key: string;
  readonly count: number;
  readonly exposure: number;
}

/**
 * Each calendar month's seasonal index: its rate over the rate of all the months together,
 * (count_k / exposure_k) / (Σ count / Σ exposure). A month with an index of 1.2 runs 20% above
 * the year's rate (winter, the days around breaks); the index of the year as a whole, weighted by
 * exposure, is 1. Months with no exposure get no index.
 * @throws StatsError when a total is negative or not finite, a key repeats, or nothing was counted.
 */
export function seasonalIndex(totals: readonly SeasonTotal[]): Map<string, number> {
  let count = 0;
  let exposure = 0;
  const seen = new Set<string>();
  for (const t of totals) {
    if (
      !(Number.isFinite(t.count) && t.count >= 0 && Number.isFinite(t.exposure) && t.exposure >= 0)
    )
      throw new StatsError(
        "invalid-value",
        `seasonal total "${t.key}" has count ${t.count} and exposure ${t.exposure}, expected both ≥ 0`,
      );
    if (seen.has(t.key))
      throw new StatsError("invalid-value", `seasonal total "${t.key}" appears twice`);
    seen.add(t.key);
    count += t.count;
    exposure += t.exposure;
  }
  if (!(count > 0 && exposure > 0))
    throw new StatsError(
      "too-few-observations",
      `the seasonal totals count ${count} events over ${exposure} units of exposure; an index needs both above 0`,
    );
  const rate = count / exposure;
  const out = new Map<string, number>();
  for (const t of totals) if (t.exposure > 0) out.set(t.key, t.count / t.exposure / rate);
  return out;
}
