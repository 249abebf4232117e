import { StatsError } from "./stats-error.ts";
import type { StatsWarning } from "./stats-warning.ts";

/** An estimate θ̂_s with its sampling variance v_s. */
export interface EffectWithVariance {
  effect: number;
  variance: number;
}

/** A between-unit variance estimate τ̂² (truncated at 0) and the matching mean. */
export interface TauSquaredEstimate {
  tauSquared: number;
  /** Mean of the effects under the estimator's weights. */
  mean: number;
  warnings: StatsWarning[];
}

function validate(effects: readonly EffectWithVariance[]): void {
  if (effects.length < 2) {
    throw new StatsError(
      "too-few-observations",
      `τ² needs at least 2 effects, got ${effects.length}`,
    );
  }
  effects.forEach((e, i) => {
    if (!Number.isFinite(e.effect) || !(e.variance > 0 && Number.isFinite(e.variance))) {
      throw new StatsError(
        "invalid-value",
        `effect ${i} has effect ${e.effect} and variance ${e.variance}; expected finite effect and variance > 0`,
      );
    }
  });
}

function truncate(value: number, name: string): TauSquaredEstimate["warnings"] {
  return value < 0
    ? [
        {
          code: "variance-truncated",
          message: `${name} τ² estimate ${value.toPrecision(4)} < 0 truncated at 0`,
        },
      ]
    : [];
}

/** Unweighted method of moments: τ̂² = Σ(θ̂ − θ̄)²/(S − 1) − Σv/S (reference §1.3(e)). */
export function tauSquaredMoments(effects: readonly EffectWithVariance[]): TauSquaredEstimate {
  validate(effects);
  const s = effects.length;
  const mean = effects.reduce((a, e) => a + e.effect, 0) / s;
  const spread = effects.reduce((a, e) => a + (e.effect - mean) ** 2, 0) / (s - 1);
  const value = spread - effects.reduce((a, e) => a + e.variance, 0) / s;
  return { tauSquared: Math.max(0, value), mean, warnings: truncate(value, "moments") };
}

/**
 * DerSimonian–Laird: w = 1/v, Q = Σw(θ̂ − θ̄_w)², τ̂² = (Q − (S − 1)) / (Σw − Σw²/Σw).
 * `mean` is the random-effects mean Σw*θ̂/Σw* with w* = 1/(v + τ̂²).
 */
export function tauSquaredDerSimonianLaird(
  effects: readonly EffectWithVariance[],
): TauSquaredEstimate {
  validate(effects);
  let sw = 0;
  let sw2 = 0;
  let swe = 0;
  for (const e of effects) {
    const w = 1 / e.variance;
    sw += w;
    sw2 += w * w;
    swe += w * e.effect;
  }
  const fixedMean = swe / sw;
  const q = effects.reduce((a, e) => a + (e.effect - fixedMean) ** 2 / e.variance, 0);
  const value = (q - (effects.length - 1)) / (sw - sw2 / sw);
  const tauSquared = Math.max(0, value);
  return {
    tauSquared,
    mean: weightedMean(effects, tauSquared),
    warnings: truncate(value, "DerSimonian–Laird"),
  };
}

/**
 * REML by the fixed-point iteration of the meta-analysis literature (reference §1.3(e)), started
 * at DerSimonian–Laird: w = 1/(τ² + v), μ̂ = Σwθ̂/Σw, τ² ← Σw²[(θ̂ − μ̂)² − v]/Σw² + 1/Σw,
 * truncated at 0, until the change is below `tolerance`. Warns if it does not converge.
 */
export function tauSquaredReml(
  effects: readonly EffectWithVariance[],
  options: { tolerance?: number; maxIterations?: number } = {},
): TauSquaredEstimate & { iterations: number; converged: boolean } {
  const start = tauSquaredDerSimonianLaird(effects);
  const tolerance = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 1000;
  let tau2 = start.tauSquared;
  let raw = tau2;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    let sw = 0;
    let sw2 = 0;
    let swe = 0;
    for (const e of effects) {
      const w = 1 / (tau2 + e.variance);
      sw += w;
      sw2 += w * w;
      swe += w * e.effect;
    }
    const mu = swe / sw;
    let num = 0;
    for (const e of effects)
      num +=
        (e.effect - mu) ** 2 / (tau2 + e.variance) ** 2 - e.variance / (tau2 + e.variance) ** 2;
    raw = num / sw2 + 1 / sw;
    const next = Math.max(0, raw);
    const change = Math.abs(next - tau2);
    tau2 = next;
    if (change <= tolerance * Math.max(1, tau2)) {
      return {
        tauSquared: tau2,
        mean: weightedMean(effects, tau2),
        warnings: truncate(raw, "REML"),
        iterations: iteration,
        converged: true,
      };
    }
  }
  return {
    tauSquared: tau2,
    mean: weightedMean(effects, tau2),
    warnings: [
      ...truncate(raw, "REML"),
      { code: "not-converged", message: `REML τ² did not converge in ${maxIterations} iterations` },
    ],
    iterations: maxIterations,
    converged: false,
  };
}

function weightedMean(effects: readonly EffectWithVariance[], tauSquared: number): number {
  let sw = 0;
  let swe = 0;
  for (const e of effects) {
    const w = 1 / (tauSquared + e.variance);
    sw += w;
    swe += w * e.effect;
  }
  return swe / sw;
}
