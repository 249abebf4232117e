import { describe, expect, it } from "vitest";
import { tauSquaredReml } from "../../src/stats/between-variance.ts";
import { shrinkEffects } from "../../src/stats/empirical-bayes.ts";
import { shrinkOverOmega } from "../../src/stats/shrink-over-omega.ts";
import { seededRandom } from "./random.ts";

const Z = 1.959964;

/** `units` true effects ~ N(0, τ²) observed with standard errors 0.03–0.09 (a growth network's). */
function draw(seed: number, units: number, tau: number) {
  const rng = seededRandom(seed);
  return Array.from({ length: units }, () => {
    const truth = tau * rng.normal();
    const se = 0.03 + 0.06 * rng.uniform();
    return { truth, se, effect: truth + se * rng.normal() };
  });
}

/** Coverage of the plug-in REML posterior and of the posterior over ω, over `replicates` networks. */
function coverage(units: number, replicates: number): { plugIn: number; overOmega: number } {
  let plugIn = 0;
  let overOmega = 0;
  let count = 0;
  for (let rep = 0; rep < replicates; rep++) {
    const data = draw(1000 + rep, units, 0.09);
    const mean = data.reduce((a, d) => a + d.effect, 0) / data.length;
    const centred = data.map((d) => ({ effect: d.effect - mean, se: d.se, n: 1 }));
    const omega = tauSquaredReml(
      centred.map((c) => ({ effect: c.effect, variance: c.se * c.se })),
    ).tauSquared;
    const fixed = shrinkEffects(centred, { omega, center: false, posteriorSe: "posterior" });
    const averaged = shrinkOverOmega(centred);
    data.forEach((d, i) => {
      const truth = d.truth - mean;
      const a = fixed.effects[i]!;
      const b = averaged.effects[i]!;
      if (Math.abs(a.effect - truth) <= Z * a.se) plugIn++;
      if (Math.abs(b.effect - truth) <= Z * b.sd) overOmega++;
      count++;
    });
  }
  return { plugIn: plugIn / count, overOmega: overOmega / count };
}

describe("shrinkOverOmega(units)", () => {
  it("covers true effects 93–97% with 15 units, where the plug-in REML posterior falls short", () => {
    const { plugIn, overOmega } = coverage(15, 400);
    console.info(
      `15 units, 400 networks: plug-in ${(100 * plugIn).toFixed(1)}%, over ω ${(100 * overOmega).toFixed(1)}%`,
    );
    expect(plugIn).toBeLessThan(0.92);
    expect(overOmega).toBeGreaterThanOrEqual(0.93);
    expect(overOmega).toBeLessThanOrEqual(0.97);
  });

  it("equals the plug-in posterior at the REML estimate when ω is well determined (400 units)", () => {
    const data = draw(7, 400, 0.12);
    const centred = data.map((d) => ({ effect: d.effect, se: d.se, n: 1 }));
    const omega = tauSquaredReml(
      centred.map((c) => ({ effect: c.effect, variance: c.se * c.se })),
    ).tauSquared;
    const fixed = shrinkEffects(centred, { omega, center: false, posteriorSe: "posterior" });
    const averaged = shrinkOverOmega(centred);
    expect(averaged.omega / omega).toBeCloseTo(1, 1);
    averaged.effects.forEach((e, i) => {
      expect(e.effect).toBeCloseTo(fixed.effects[i]!.effect, 2);
      expect(e.sd / fixed.effects[i]!.se).toBeGreaterThan(0.99);
      expect(e.sd / fixed.effects[i]!.se).toBeLessThan(1.05);
    });
  });

  it("does not collapse to the mean when the data fit ω = 0", () => {
    // effects exactly at their mean: REML gives ω = 0 and shrinks every unit to 0 with SD 0
    const units = [0.03, 0.05, 0.04, 0.06].map((se, i) => ({ effect: i % 2 ? 0.001 : -0.001, se }));
    const result = shrinkOverOmega(units);
    expect(result.omega).toBeGreaterThan(0);
    for (const e of result.effects) expect(e.sd).toBeGreaterThan(0.005);
  });

  it("names the bad value", () => {
    expect(() => shrinkOverOmega([{ effect: 0, se: 0 }])).toThrow("effect 0 has effect 0, se 0");
  });
});
