/**
 * Laney's overdispersion factor σ_z for a p′ or u′ chart: with z_i = (value_i − centre)/σ_i over
 * the baseline, σ_z = mean |z_i − z_{i−1}| / 1.128 (an XmR sigma of the z-scores). Limits become
 * centre ± 3·σ_i·σ_z: with the very large denominators of whole-school rates, σ_i alone is
 * implausibly small and most points look special; σ_z widens the limits by the variation between
 * periods the binomial or Poisson model does not explain (Laney 2002; qicharts2 `qic.pp`).
 * Returns null when the baseline has fewer than two points with a sigma above 0.
 */
export function laneyFactor(
  values: readonly (number | null)[],
  centre: number,
  sigmaAt: (index: number) => number,
  start: number,
  end: number,
): number | null {
  let previous: number | null = null;
  let sum = 0;
  let count = 0;
  for (let i = start; i <= end; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const sigma = sigmaAt(i);
    if (!(sigma > 0)) continue;
    const z = (v - centre) / sigma;
    if (previous !== null) {
      sum += Math.abs(z - previous);
      count++;
    }
    previous = z;
  }
  return count === 0 ? null : sum / count / 1.128;
}
