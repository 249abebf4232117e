import { resolveParts } from "./chart-parts.ts";
import type { ChartResult, ChartWarning } from "./chart-result.ts";
import { controlChart } from "./control-chart.ts";
import { adjustedSigma, pooled, type RateChartOptions, ratios } from "./rate-series.ts";

/**
 * A u-chart for counts per unit of exposure (suspensions per enrolled day): u_i = count_i /
 * exposure_i, centre ū = Σ counts / Σ exposure over the part's baseline, limits ū ± 3·√(ū/a_i),
 * the lower one floored at 0. A period with no exposure has no point. Multiply values, centre and
 * limits by a constant to show them per 100 or per 1,000 days: the signals do not change.
 * With `laney: true` it is Laney's u′ chart: each σ_i is multiplied by the baseline's σ_z.
 * @throws StatsError when the arrays differ in length, a count or exposure is negative or not
 * finite, or a baseline has no exposure.
 */
export function uChart(
  counts: readonly (number | null)[],
  exposures: readonly (number | null)[],
  options: RateChartOptions,
): ChartResult {
  const values = ratios(counts, exposures, "counts", "exposures");
  const warnings: ChartWarning[] = [];
  const parts = resolveParts(values.length, options).map((part) => {
    const base = pooled(counts, exposures, part.baselineStart, part.baselineEnd, part.index);
    const u = base.numerator / base.denominator;
    return {
      part,
      centre: u,
      baselineCount: base.count,
      sigmaAt: adjustedSigma(
        (i: number) => Math.sqrt(u / exposures[i]!),
        values,
        u,
        part,
        options.laney ?? false,
      ),
    };
  });
  return controlChart(
    options.laney ? "u-prime" : "u",
    values,
    parts,
    { min: 0 },
    options.direction,
    options.rules,
    warnings,
  );
}
