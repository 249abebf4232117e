import { describe, expect, it } from "vitest";
import { shrinkEffects } from "../../src/stats/empirical-bayes.ts";
import { seededRandom } from "./random.ts";

describe("shrinkEffects(raw, options)", () => {
  it("follows spec step 6 on a hand-worked example", () => {
    // n-weighted mean = (10·1 + 30·(−1) + 10·3)/50 = 0.2
    // Σn(θ−θ̄)²/Σn = (10·0.64 + 30·1.44 + 10·7.84)/50 = 2.56; Σn·se²/Σn = (10·0.5 + 30·0.1 + 10·0.5)/50 = 0.26
    const raw = [
      { effect: 1, se: Math.sqrt(0.5), n: 10 },
      { effect: -1, se: Math.sqrt(0.1), n: 30 },
      { effect: 3, se: Math.sqrt(0.5), n: 10 },
    ];
    const result = shrinkEffects(raw);
    expect(result.mean).toBeCloseTo(0.2, 14);
    expect(result.omega).toBeCloseTo(2.3, 14);
    const lambda0 = 2.3 / 2.8;
    expect(result.effects[0]!.reliability).toBeCloseTo(lambda0, 14);
    expect(result.effects[0]!.effect).toBeCloseTo(0.8 * lambda0, 14);
    expect(result.effects[0]!.se).toBeCloseTo(Math.sqrt(0.5) * lambda0, 14);
    expect(result.effects[1]!.effect).toBeCloseTo((-1.2 * 2.3) / 2.4, 14);
    expect(result.warnings).toEqual([]);
  });

  it("reports the posterior SD se·√λ when asked, larger than the spec's se·λ", () => {
    const raw = [
      { effect: 1, se: 0.5, n: 10 },
      { effect: -1, se: 0.2, n: 30 },
      { effect: 2, se: 0.7, n: 5 },
    ];
    const spec = shrinkEffects(raw);
    const posterior = shrinkEffects(raw, { posteriorSe: "posterior" });
    for (const [i, r] of raw.entries()) {
      const lambda = spec.effects[i]!.reliability;
      expect(posterior.effects[i]!.se).toBeCloseTo(r.se * Math.sqrt(lambda), 14);
      expect(posterior.effects[i]!.se).toBeGreaterThan(spec.effects[i]!.se);
      expect(posterior.effects[i]!.effect).toBe(spec.effects[i]!.effect);
    }
  });

  it("truncates a negative variance at 0 with a warning, shrinking everything to the mean", () => {
    const result = shrinkEffects([
      { effect: 0.1, se: 1, n: 10 },
      { effect: -0.1, se: 1, n: 10 },
    ]);
    expect(result.omega).toBe(0);
    expect(result.warnings.map((w) => w.code)).toEqual(["variance-truncated"]);
    for (const e of result.effects) expect(Math.abs(e.effect)).toBe(0);
  });

  it("accepts an external ω and can skip centring", () => {
    const result = shrinkEffects([{ effect: 2, se: 1, n: 4 }], { omega: 1, center: false });
    expect(result.mean).toBe(0);
    expect(result.effects[0]).toEqual({ effect: 1, se: 0.5, reliability: 0.5 });
  });

  it("names an invalid effect", () => {
    expect(() => shrinkEffects([{ effect: 1, se: -1, n: 3 }])).toThrow(
      /effect 0 has effect 1, se -1, n 3/,
    );
    expect(() => shrinkEffects([])).toThrow(/no effects/);
  });

  it("on simulated schools: recovers τ², lowers the error, and posterior intervals cover ~95%", () => {
    const rng = seededRandom(99);
    const tau = 0.15;
    const sigma = 0.6;
    const truth: number[] = [];
    const raw = Array.from({ length: 3000 }, () => {
      const n = 10 + rng.int(90);
      const theta = tau * rng.normal();
      truth.push(theta);
      const se = sigma / Math.sqrt(n);
      return { effect: theta + se * rng.normal(), se, n };
    });
    const spec = shrinkEffects(raw);
    const posterior = shrinkEffects(raw, { posteriorSe: "posterior" });
    expect(Math.sqrt(spec.omega)).toBeGreaterThan(0.135);
    expect(Math.sqrt(spec.omega)).toBeLessThan(0.165);
    let rawError = 0;
    let shrunkError = 0;
    let coveredPosterior = 0;
    let coveredSpec = 0;
    for (const [i, r] of raw.entries()) {
      const theta = truth[i]! - spec.mean;
      rawError += (r.effect - spec.mean - theta) ** 2;
      shrunkError += (spec.effects[i]!.effect - theta) ** 2;
      if (Math.abs(posterior.effects[i]!.effect - theta) <= 1.96 * posterior.effects[i]!.se)
        coveredPosterior++;
      if (Math.abs(spec.effects[i]!.effect - theta) <= 1.96 * spec.effects[i]!.se) coveredSpec++;
    }
    expect(shrunkError).toBeLessThan(0.8 * rawError);
    expect(coveredPosterior / raw.length).toBeGreaterThan(0.93);
    expect(coveredPosterior / raw.length).toBeLessThan(0.97);
    expect(coveredSpec).toBeLessThan(coveredPosterior);
  });
});
