import { StatsError } from "../stats-error.ts";
import type { ControlChartOptions } from "./control-chart.ts";
import { laneyFactor } from "./laney-factor.ts";

/** Options of the p- and u-charts. */
export interface RateChartOptions extends ControlChartOptions {
  /**
   * Laney's p′ / u′ chart: widen each limit by the baseline's between-period variation (see
   * {@link laneyFactor}). Use it for whole-school rates with denominators in the hundreds or
   * thousands, where plain limits are so tight that most points look special.
   */
  laney?: boolean;
}

/**
 * σ_i, or σ_i·σ_z when Laney's adjustment is asked for.
 * @throws StatsError when the adjustment cannot be estimated from the baseline.
 */
export function adjustedSigma(
  sigmaAt: (index: number) => number,
  values: readonly (number | null)[],
  centre: number,
  part: { index: number; baselineStart: number; baselineEnd: number },
  laney: boolean,
): (index: number) => number {
  if (!laney) return sigmaAt;
  const factor = laneyFactor(values, centre, sigmaAt, part.baselineStart, part.baselineEnd);
  if (factor === null)
    throw new StatsError(
      "too-few-observations",
      `part ${part.index}: Laney's adjustment needs two baseline periods with a sigma above 0 (points ${part.baselineStart} to ${part.baselineEnd}, centre ${centre})`,
    );
  return (i) => sigmaAt(i) * factor;
}

/**
 * numerator / denominator per period, null where the denominator is 0 or missing.
 * @throws StatsError on mismatched lengths or a negative or non-finite count.
 */
export function ratios(
  numerators: readonly (number | null)[],
  denominators: readonly (number | null)[],
  numeratorName: string,
  denominatorName: string,
): (number | null)[] {
  if (numerators.length !== denominators.length)
    throw new StatsError(
      "dimension-mismatch",
      `${numeratorName} has ${numerators.length} periods, ${denominatorName} ${denominators.length}`,
    );
  const check = (v: number | null, name: string, i: number): void => {
    if (v !== null && !(Number.isFinite(v) && v >= 0))
      throw new StatsError("invalid-value", `${name}[${i}] is ${v}, expected a count ≥ 0 or null`);
  };
  return numerators.map((y, i) => {
    const n = denominators[i]!;
    check(y, numeratorName, i);
    check(n, denominatorName, i);
    if (n === null || n === 0) return null;
    if (y === null)
      throw new StatsError(
        "invalid-value",
        `${numeratorName}[${i}] is missing but ${denominatorName}[${i}] is ${n}`,
      );
    return y / n;
  });
}

/**
 * Σ numerators and Σ denominators over start…end (periods with a denominator).
 * @throws StatsError when no period in the range has a denominator.
 */
export function pooled(
  numerators: readonly (number | null)[],
  denominators: readonly (number | null)[],
  start: number,
  end: number,
  part: number,
): { numerator: number; denominator: number; count: number } {
  let numerator = 0;
  let denominator = 0;
  let count = 0;
  for (let i = start; i <= end; i++) {
    const n = denominators[i];
    if (n === null || n === undefined || n === 0) continue;
    numerator += numerators[i]!;
    denominator += n;
    count++;
  }
  if (count === 0)
    throw new StatsError(
      "too-few-observations",
      `part ${part}: the baseline (points ${start} to ${end}) has no period with a denominator`,
    );
  return { numerator, denominator, count };
}
