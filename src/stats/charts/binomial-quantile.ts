import { StatsError } from "../stats-error.ts";

/**
 * `qbinom(p, size, 0.5)` as R computes it: the smallest x with P(X ≤ x) ≥ p for X ~ Binomial(size,
 * 1/2). Exact: the cumulative counts are whole numbers over 2^size and p is taken at its exact
 * binary value, so the comparison never rounds. Used for Anhøj's crossings rule
 * (`qbinom(0.05, n − 1, 0.5)`).
 * @throws StatsError when size is not a whole number ≥ 0 or p is not in (0, 1).
 */
export function binomialHalfQuantile(p: number, size: number): number {
  if (!Number.isInteger(size) || size < 0)
    throw new StatsError("invalid-value", `binomial size ${size}, expected a whole number ≥ 0`);
  if (!(p > 0 && p < 1))
    throw new StatsError("invalid-value", `binomial quantile probability ${p}, expected 0 < p < 1`);
  const [num, den] = exactFraction(p);
  const total = 1n << BigInt(size);
  let term = 1n; // C(size, x)
  let cumulative = 0n;
  for (let x = 0; x <= size; x++) {
    cumulative += term;
    if (cumulative * den >= num * total) return x;
    term = (term * BigInt(size - x)) / BigInt(x + 1);
  }
  return size;
}

/** The exact value of a double in (0, 1) as numerator / 2^k. */
function exactFraction(p: number): [bigint, bigint] {
  let x = p;
  let den = 1n;
  while (!Number.isInteger(x)) {
    x *= 2; // exact: doubling a double only changes its exponent
    den *= 2n;
  }
  return [BigInt(x), den];
}
