import { describe, expect, it } from "vitest";
import {
  type EffectWithVariance,
  tauSquaredDerSimonianLaird,
  tauSquaredMoments,
  tauSquaredReml,
} from "../../src/stats/between-variance.ts";
import { seededRandom } from "./random.ts";

const EFFECTS: EffectWithVariance[] = [
  { effect: 0.3, variance: 0.02 },
  { effect: -0.1, variance: 0.05 },
  { effect: 0.5, variance: 0.01 },
  { effect: 0.05, variance: 0.08 },
  { effect: 0.2, variance: 0.03 },
  { effect: -0.3, variance: 0.04 },
];

/** REML log-likelihood of the random-effects model, profiled over μ. */
function remlLogLikelihood(effects: readonly EffectWithVariance[], tau2: number): number {
  let sw = 0;
  let swe = 0;
  let logdet = 0;
  for (const e of effects) {
    const w = 1 / (tau2 + e.variance);
    sw += w;
    swe += w * e.effect;
    logdet += Math.log(tau2 + e.variance);
  }
  const mu = swe / sw;
  let quad = 0;
  for (const e of effects) quad += (e.effect - mu) ** 2 / (tau2 + e.variance);
  return -0.5 * (logdet + Math.log(sw) + quad);
}

function goldenMaximum(f: (x: number) => number, lo: number, hi: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  for (let i = 0; i < 200; i++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (f(c) > f(d)) b = d;
    else a = c;
  }
  return (a + b) / 2;
}

describe("tauSquaredDerSimonianLaird(effects)", () => {
  it("equals the moment estimator when all variances are equal", () => {
    const equal = EFFECTS.map((e) => ({ effect: e.effect, variance: 0.01 }));
    expect(tauSquaredDerSimonianLaird(equal).tauSquared).toBeCloseTo(
      tauSquaredMoments(equal).tauSquared,
      14,
    );
  });

  it("matches a hand computation on unequal variances", () => {
    const w = EFFECTS.map((e) => 1 / e.variance);
    const sw = w.reduce((a, b) => a + b, 0);
    const mean = EFFECTS.reduce((a, e, i) => a + w[i]! * e.effect, 0) / sw;
    const q = EFFECTS.reduce((a, e, i) => a + w[i]! * (e.effect - mean) ** 2, 0);
    const expected = (q - 5) / (sw - w.reduce((a, b) => a + b * b, 0) / sw);
    expect(expected).toBeGreaterThan(0);
    expect(tauSquaredDerSimonianLaird(EFFECTS).tauSquared).toBeCloseTo(expected, 14);
  });

  it("truncates at 0 with a warning when the effects vary less than their noise", () => {
    const tight = [
      { effect: 0.01, variance: 1 },
      { effect: -0.01, variance: 1 },
      { effect: 0, variance: 2 },
    ];
    const result = tauSquaredDerSimonianLaird(tight);
    expect(result.tauSquared).toBe(0);
    expect(result.warnings.map((w) => w.code)).toEqual(["variance-truncated"]);
  });

  it("names bad input", () => {
    expect(() => tauSquaredDerSimonianLaird([{ effect: 1, variance: 1 }])).toThrow(
      /at least 2 effects, got 1/,
    );
    expect(() =>
      tauSquaredDerSimonianLaird([
        { effect: 1, variance: 1 },
        { effect: 1, variance: 0 },
      ]),
    ).toThrow(/effect 1 has effect 1 and variance 0/);
  });
});

describe("tauSquaredReml(effects)", () => {
  it("converges to the maximum of the REML likelihood (found by golden-section search)", () => {
    const result = tauSquaredReml(EFFECTS);
    expect(result.converged).toBe(true);
    const best = goldenMaximum((t) => remlLogLikelihood(EFFECTS, t), 0, 1);
    expect(result.tauSquared).toBeCloseTo(best, 7);
  });

  it("recovers a planted τ² on many simulated schools", () => {
    const rng = seededRandom(5);
    const effects = Array.from({ length: 4000 }, () => {
      const variance = 0.36 / (10 + rng.int(90));
      return { effect: 0.15 * rng.normal() + Math.sqrt(variance) * rng.normal(), variance };
    });
    const reml = tauSquaredReml(effects);
    const dl = tauSquaredDerSimonianLaird(effects);
    expect(Math.sqrt(reml.tauSquared)).toBeCloseTo(0.15, 2);
    expect(Math.sqrt(dl.tauSquared)).toBeCloseTo(0.15, 2);
    expect(Math.abs(reml.mean)).toBeLessThan(0.01);
  });

  it("warns when it runs out of iterations", () => {
    const result = tauSquaredReml(EFFECTS, { maxIterations: 1, tolerance: 0 });
    expect(result.converged).toBe(false);
    expect(result.warnings.map((w) => w.code)).toContain("not-converged");
  });
});
