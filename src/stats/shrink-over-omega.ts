import { StatsError } from "./stats-error.ts";

/** One unit's raw effect, already centred on the value it shrinks toward, and its standard error. */
export interface CentredEffect {
  readonly effect: number;
  readonly se: number;
  /**
   * SD of an error shared with other units (not part of `se`, not in the likelihood): the unit's
   * shrunk effect carries λ times it, added to its posterior variance.
   */
  readonly shared?: number;
}

/** A unit's posterior under {@link shrinkOverOmega}. */
export interface PosteriorEffect {
  /** Posterior mean of the unit's true (centred) effect. */
  readonly effect: number;
  /** Posterior standard deviation of the true effect. */
  readonly sd: number;
  /** Posterior mean of λ = ω/(ω + se²). */
  readonly reliability: number;
}

/** Result of {@link shrinkOverOmega}. */
export interface OmegaPosterior {
  /** Posterior mean of ω, the variance of true effects. */
  readonly omega: number;
  readonly effects: PosteriorEffect[];
}

const GRID = 400;

/**
 * Empirical Bayes shrinkage that does not take the between-unit variance ω as known: each unit's
 * shrunk effect and standard deviation average the normal posterior (λ·θ̂, λ·se²) over the
 * posterior of τ = √ω, with a flat prior on τ (Gelman 2006) and the restricted likelihood of the
 * centred effects (θ̂ᵢ ~ N(μ, τ² + seᵢ²), μ integrated out), on a grid of 400 values of τ from 0
 * to 4 × the largest of the effects' SD and standard errors.
 *
 * Why: with a plug-in ω̂ the interval λ·θ̂ ± z·se·√λ treats ω̂ as exact. With a few tens of
 * units ω̂ is poorly known and often near 0 (the n-weighted moment estimate, REML and
 * DerSimonian–Laird all truncate at 0), and then every unit is shrunk to the mean with an
 * interval too narrow to reach the units far from it. Averaging over τ keeps the shrinkage and
 * widens the interval by the spread of λ·θ̂ over the plausible τ; with hundreds of units the
 * posterior of τ is narrow and the result equals the plug-in posterior at the REML estimate.
 * @throws StatsError on an empty list, a non-finite effect or a non-positive standard error.
 */
export function shrinkOverOmega(units: readonly CentredEffect[]): OmegaPosterior {
  if (units.length === 0) throw new StatsError("too-few-observations", "no effects to shrink");
  units.forEach((u, i) => {
    if (!Number.isFinite(u.effect) || !(u.se > 0 && Number.isFinite(u.se))) {
      throw new StatsError(
        "invalid-value",
        `effect ${i} has effect ${u.effect}, se ${u.se}; expected a finite effect and se > 0`,
      );
    }
  });
  const mean = units.reduce((a, u) => a + u.effect, 0) / units.length;
  const sd = Math.sqrt(units.reduce((a, u) => a + (u.effect - mean) ** 2, 0) / units.length);
  const maxSe = Math.max(...units.map((u) => u.se));
  const top = 4 * Math.max(sd, maxSe);
  const taus = Array.from({ length: GRID }, (_, g) => (top * (g + 0.5)) / GRID);
  const logLik = taus.map((tau) => restrictedLogLikelihood(units, tau * tau));
  const best = Math.max(...logLik);
  const weights = logLik.map((l) => Math.exp(l - best));
  const total = weights.reduce((a, w) => a + w, 0);
  for (let g = 0; g < GRID; g++) weights[g]! /= total;

  const omega = taus.reduce((a, tau, g) => a + weights[g]! * tau * tau, 0);
  const effects = units.map((u) => {
    const se2 = u.se * u.se;
    let m1 = 0;
    let m2 = 0;
    let reliability = 0;
    taus.forEach((tau, g) => {
      const w = weights[g]!;
      if (w === 0) return;
      const lambda = (tau * tau) / (tau * tau + se2);
      const m = lambda * u.effect;
      m1 += w * m;
      m2 += w * (lambda * se2 + (lambda * (u.shared ?? 0)) ** 2 + m * m);
      reliability += w * lambda;
    });
    return { effect: m1, sd: Math.sqrt(Math.max(0, m2 - m1 * m1)), reliability };
  });
  return { omega, effects };
}

/** log L_REML(ω) of θ̂ᵢ ~ N(μ, ω + seᵢ²), μ integrated out under a flat prior (constants dropped). */
function restrictedLogLikelihood(units: readonly CentredEffect[], omega: number): number {
  let sumW = 0;
  let sumWY = 0;
  let logDet = 0;
  for (const u of units) {
    const v = omega + u.se * u.se;
    sumW += 1 / v;
    sumWY += u.effect / v;
    logDet += Math.log(v);
  }
  const mu = sumWY / sumW;
  let quad = 0;
  for (const u of units) quad += (u.effect - mu) ** 2 / (omega + u.se * u.se);
  return -0.5 * (logDet + Math.log(sumW) + quad);
}
