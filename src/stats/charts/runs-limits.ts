import { StatsError } from "../stats-error.ts";

/** The range of runs expected by chance: fewer than `lower` or more than `upper` is a signal. */
export interface RunsLimits {
  lower: number;
  upper: number;
}

const cache = new Map<number, RunsLimits>();

/**
 * Expected range of the number of runs about the median for `useful` points not on the median
 * (IHI "too few or too many runs", Perla, Provost & Murray 2011, Table 1).
 *
 * Derived as the table is: the points split as evenly as possible above and below the median
 * (⌊n/2⌋ and ⌈n/2⌉), the exact distribution of the number of runs under random order (Swed &
 * Eisenhart 1943), `lower` its 2.5% quantile and `upper` its 97.5% quantile (the smallest r with
 * P(R ≤ r) ≥ 0.025, resp. ≥ 0.975). Computed in exact integer arithmetic, so no rounding can move
 * a limit. n = 10 gives 3–9, n = 20 gives 7–15, n = 30 gives 11–21.
 * @throws StatsError when `useful` is not a whole number ≥ 2.
 */
export function runsLimits(useful: number): RunsLimits {
  if (!Number.isInteger(useful) || useful < 2)
    throw new StatsError(
      "invalid-value",
      `runs limits need a whole number of useful points ≥ 2, got ${useful}`,
    );
  const hit = cache.get(useful);
  if (hit !== undefined) return hit;
  const counts = runsDistribution(Math.floor(useful / 2), Math.ceil(useful / 2));
  const total = counts.reduce((a, b) => a + b, 0n);
  let cumulative = 0n;
  let lower = -1;
  let upper = -1;
  for (const [r, count] of counts.entries()) {
    cumulative += count;
    // P(R ≤ r) ≥ 0.025 ⇔ 40·cum ≥ total; P(R ≤ r) ≥ 0.975 ⇔ 40·cum ≥ 39·total
    if (lower < 0 && 40n * cumulative >= total) lower = r;
    if (upper < 0 && 40n * cumulative >= 39n * total) upper = r;
  }
  const limits = { lower, upper };
  cache.set(useful, limits);
  return limits;
}

/**
 * Number of arrangements of `a` points of one kind and `b` of the other that have exactly r runs,
 * indexed by r (entries 0 and 1 are 0 unless one kind is absent).
 */
export function runsDistribution(a: number, b: number): bigint[] {
  const counts = new Array<bigint>(a + b + 1).fill(0n);
  if (a === 0 || b === 0) {
    counts[a + b > 0 ? 1 : 0] = 1n;
    return counts;
  }
  const ca = binomialRow(a - 1);
  const cb = binomialRow(b - 1);
  const c = (row: bigint[], k: number): bigint => row[k] ?? 0n;
  for (let r = 2; r <= a + b; r++) {
    if (r % 2 === 0) {
      const k = r / 2;
      counts[r] = 2n * c(ca, k - 1) * c(cb, k - 1);
    } else {
      const k = (r - 1) / 2;
      counts[r] = c(ca, k) * c(cb, k - 1) + c(ca, k - 1) * c(cb, k);
    }
  }
  return counts;
}

/** C(m, 0), …, C(m, m) exactly. */
function binomialRow(m: number): bigint[] {
  const row = [1n];
  for (let k = 0; k < m; k++) row.push((row[k]! * BigInt(m - k)) / BigInt(k + 1));
  return row;
}
