import { StatsError } from "../stats-error.ts";
import { resolveParts } from "./chart-parts.ts";
import type { ChartResult, ChartWarning } from "./chart-result.ts";
import { controlChart } from "./control-chart.ts";
import { adjustedSigma, pooled, type RateChartOptions, ratios } from "./rate-series.ts";

/**
 * A p-chart for a proportion with a different denominator each period (share of students
 * chronically absent, share of days absent, D/F rate): p_i = numerator_i / denominator_i,
 * centre p̄ = Σ numerators / Σ denominators over the part's baseline, limits
 * p̄ ± 3·√(p̄(1 − p̄)/n_i) clipped to [0, 1]. A period with a denominator of 0 (or null) has no
 * point. With a denominator of 1 the limits are p̄ ± 3·√(p̄(1 − p̄)) and usually cover [0, 1].
 * With `laney: true` it is Laney's p′ chart: each σ_i is multiplied by the baseline's σ_z.
 * @throws StatsError when the arrays differ in length, a count is negative or not finite, a
 * numerator exceeds its denominator, or a baseline has no denominator.
 */
export function pChart(
  numerators: readonly (number | null)[],
  denominators: readonly (number | null)[],
  options: RateChartOptions,
): ChartResult {
  const values = ratios(numerators, denominators, "numerators", "denominators");
  numerators.forEach((y, i) => {
    const n = denominators[i];
    if (y !== null && n !== null && n !== undefined && y > n)
      throw new StatsError(
        "invalid-value",
        `numerators[${i}] is ${y}, more than its denominator ${n}`,
      );
  });
  const warnings: ChartWarning[] = [];
  const parts = resolveParts(values.length, options).map((part) => {
    const base = pooled(numerators, denominators, part.baselineStart, part.baselineEnd, part.index);
    const p = base.numerator / base.denominator;
    return {
      part,
      centre: p,
      baselineCount: base.count,
      sigmaAt: adjustedSigma(
        (i: number) => Math.sqrt((p * (1 - p)) / denominators[i]!),
        values,
        p,
        part,
        options.laney ?? false,
      ),
    };
  });
  return controlChart(
    options.laney ? "p-prime" : "p",
    values,
    parts,
    { min: 0, max: 1 },
    options.direction,
    options.rules,
    warnings,
  );
}
