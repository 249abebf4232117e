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
