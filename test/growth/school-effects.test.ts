import { describe, expect, it } from "vitest";
import { growthModelSettings } from "../../src/domain/framework/growth-model-settings.ts";
import { type RawGroupEffect, schoolEffects } from "../../src/growth/school-effects.ts";
import { inverseNormalCdf } from "../../src/stats/normal.ts";

/** Twelve schools of different sizes and effects (ALL group only). */
const RAW: RawGroupEffect[] = Array.from({ length: 12 }, (_, i) => {
  const n = 10 + 15 * i;
  return {
    subject: "ELA",
    school_code: `S${i}`,
    school_level: "elementary",
    student_group: "ALL",
    n,
    weight: n,
    effect: ((i * 7) % 12) / 20 - 0.3,
    se: 0.6 / Math.sqrt(n),
    slope_se: 0,
  };
});

describe("schoolEffects(raw, args): se_shrunk", () => {
  for (const kind of ["posterior", "shrunk_se"] as const) {
    it(`is the standard error the ${kind} interval uses: ci = effect_shrunk ± z·se_shrunk`, () => {
      // a plug-in ω (the hierarchical default's se_shrunk is the posterior SD over ω, below)
      const settings = growthModelSettings.parse({
        shrinkage: "weighted_moments",
        interval: { kind },
      });
      const { results } = schoolEffects(RAW, { subject: "ELA", minN: 10, settings, studentSd: 1 });
      const z = inverseNormalCdf(0.975);
      expect(results).toHaveLength(12);
      for (const r of results) {
        expect(r.reliability).toBeGreaterThan(0);
        expect(r.reliability).toBeLessThan(1);
        expect(r.ci_high - r.effect_shrunk).toBeCloseTo(z * r.se_shrunk, 12);
        expect(r.effect_shrunk - r.ci_low).toBeCloseTo(z * r.se_shrunk, 12);
        const expected =
          kind === "posterior" ? r.se * Math.sqrt(r.reliability) : r.se * r.reliability;
        expect(r.se_shrunk).toBeCloseTo(expected, 14);
      }
    });
  }

  it("is the posterior SD over ω that the default hierarchical interval uses", () => {
    const settings = growthModelSettings.parse({});
    expect(settings.shrinkage).toBe("hierarchical");
    const { results } = schoolEffects(RAW, { subject: "ELA", minN: 10, settings, studentSd: 1 });
    const z = inverseNormalCdf(0.975);
    for (const r of results) {
      expect(r.ci_high - r.effect_shrunk).toBeCloseTo(z * r.se_shrunk, 12);
      expect(r.effect_shrunk - r.ci_low).toBeCloseTo(z * r.se_shrunk, 12);
      // law of total variance: E[λ]·se² plus the spread of λ·θ̂ over ω
      expect(r.se_shrunk).toBeGreaterThanOrEqual(r.se * Math.sqrt(r.reliability) - 1e-12);
    }
  });
});

describe("schoolEffects(raw, args): the step-4 slope's shared error", () => {
  it("leaves ω and the shrinkage to the independent errors, and widens the interval by λ·slope_se", () => {
    // every unit's se includes a large shared slope error (√(0.6²/n + 0.05²))
    const shared = RAW.map((r) => ({ ...r, se: Math.hypot(r.se, 0.05), slope_se: 0.05 }));
    for (const shrinkage of ["weighted_moments", "hierarchical"] as const) {
      const settings = growthModelSettings.parse({ shrinkage });
      const args = { subject: "ELA", minN: 10, settings, studentSd: 1 };
      const plain = schoolEffects(RAW, args);
      const withSlope = schoolEffects(shared, args);
      expect(withSlope.scales[0]!.omega).toBeCloseTo(plain.scales[0]!.omega, 12);
      withSlope.results.forEach((r, i) => {
        const p = plain.results[i]!;
        expect(r.reliability).toBeCloseTo(p.reliability, 12);
        expect(r.effect_shrunk).toBeCloseTo(p.effect_shrunk, 12);
        expect(r.se_shrunk).toBeGreaterThan(p.se_shrunk);
        if (shrinkage === "weighted_moments")
          expect(r.se_shrunk ** 2).toBeCloseTo(p.se_shrunk ** 2 + (r.reliability * 0.05) ** 2, 12);
      });
    }
  });
});
