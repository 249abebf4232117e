import { StatsError } from "./stats-error.ts";
import type { StatsWarning } from "./stats-warning.ts";

/** One unit's (school's) raw effect estimate. */
export interface RawEffect {
  effect: number;
  /** Standard error of `effect` (e.g. σ/√n). */
  se: number;
  /** Number of students behind it: the weight of the variance terms. */
  n: number;
}

/** Options of {@link shrinkEffects}. */
export interface ShrinkOptions {
  /**
   * Standard error reported for a shrunk effect, with λ = ω/(ω + se²):
   * - `"spec"` (default): se·λ, as written in spec/growth.md step 6 — the standard error of the
   *   shrunk estimate λ·θ̂ taken as a fixed linear function of θ̂ (sampling variability only).
   * - `"posterior"`: se·√λ = √(λ·se²), the posterior standard deviation of the true effect
   *   (reference growth-and-scale.md §1.3(d), PV = λv). It is larger; use it for intervals
   *   meant to cover the true effect.
   */
  posteriorSe?: "spec" | "posterior";
  /** Centre on the n-weighted mean before shrinking toward 0 (default true). */
  center?: boolean;
  /** Use this between-unit variance instead of the spec's moment estimate (e.g. from REML). */
  omega?: number;
}

/** A shrunk effect. */
export interface ShrunkEffect {
  /** (effect − mean)·λ. */
  effect: number;
  se: number;
  /** λ = ω/(ω + se²); 1 when se = 0. */
  reliability: number;
}

/** Result of {@link shrinkEffects}. */
export interface Shrinkage {
  /** n-weighted mean of the raw effects (0 when not centring). */
  mean: number;
  /** Between-unit variance used. */
  omega: number;
  effects: ShrunkEffect[];
  warnings: StatsWarning[];
}

/**
 * Empirical Bayes shrinkage, spec/growth.md step 6: centre the raw effects on their n-weighted
 * mean, estimate ω = Σn(θ̂ − θ̄)²/Σn − Σn·se²/Σn (truncated at 0, with a warning), and shrink
 * each toward 0 by λ = ω/(ω + se²).
 * @throws StatsError on an empty list or a non-finite effect, negative se or non-positive n.
 */
export function shrinkEffects(raw: readonly RawEffect[], options: ShrinkOptions = {}): Shrinkage {
  if (raw.length === 0) throw new StatsError("too-few-observations", "no effects to shrink");
  raw.forEach((r, i) => {
    if (!Number.isFinite(r.effect) || !(r.se >= 0 && Number.isFinite(r.se)) || !(r.n > 0)) {
      throw new StatsError(
        "invalid-value",
        `effect ${i} has effect ${r.effect}, se ${r.se}, n ${r.n}; expected finite effect, se ≥ 0, n > 0`,
      );
    }
  });
  const warnings: StatsWarning[] = [];
  let sumN = 0;
  let sumNEffect = 0;
  for (const r of raw) {
    sumN += r.n;
    sumNEffect += r.n * r.effect;
  }
  const mean = (options.center ?? true) ? sumNEffect / sumN : 0;
  let omega = options.omega;
  if (omega === undefined) {
    let sumNDev = 0;
    let sumNSe2 = 0;
    for (const r of raw) {
      sumNDev += r.n * (r.effect - mean) ** 2;
      sumNSe2 += r.n * r.se * r.se;
    }
    omega = sumNDev / sumN - sumNSe2 / sumN;
    if (omega < 0) {
      warnings.push({
        code: "variance-truncated",
        message: `between-unit variance estimate ${omega.toPrecision(4)} < 0 truncated at 0: all effects shrink to the mean`,
      });
      omega = 0;
    }
  } else if (!(omega >= 0 && Number.isFinite(omega))) {
    throw new StatsError("invalid-value", `omega ${omega} is not a finite number ≥ 0`);
  }
  const posterior = options.posteriorSe === "posterior";
  const w = omega;
  const effects = raw.map((r) => {
    const se2 = r.se * r.se;
    const reliability = se2 === 0 ? 1 : w / (w + se2);
    return {
      effect: (r.effect - mean) * reliability,
      se: posterior ? r.se * Math.sqrt(reliability) : r.se * reliability,
      reliability,
    };
  });
  return { mean, omega, effects, warnings };
}
