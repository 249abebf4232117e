import { describe, expect, it } from "vitest";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import {
  formatRecovery,
  measureRecovery,
  openRecoveryNetwork,
  type SubjectRecovery,
} from "./recovery-suite.ts";

const framework = loadFramework("frameworks/core-sqii.yaml");
const SEEDS = [1, 2, 3, 4, 5, 6] as const;

/**
 * The recovery suite (recovery-suite.ts) at the smallest size served: one district of 10,000
 * students, 2022–2025, growth for 2025, about 16 school × level units per network. With so few
 * units the between-school variance is poorly known and one network's coverage swings (seed 4
 * ELA: 68.8%), so the 90–99% bound is on the pooled coverage of six networks. Over seeds 1–16
 * (252 units) the default settings cover 92.5% (ELA) and 96.0% (math); before the slope's shared
 * error was kept out of ω and ω's uncertainty was carried into the interval, 83.3% and 91.7%.
 */
describe("computeGrowth on one-district networks (10,000 students) covers the planted effects", () => {
  it("ELA and math: 95% intervals cover 90–99% of planted school × level effects over six networks", async () => {
    const pooled: Record<string, { covered: number; units: number }> = {
      ELA: { covered: 0, units: 0 },
      MATH: { covered: 0, units: 0 },
    };
    for (const seed of SEEDS) {
      const workspace = await openRecoveryNetwork({
        students: 10_000,
        districts: 1,
        years: [2022, 2025],
        seed,
      });
      let subjects: SubjectRecovery[];
      try {
        subjects = (await measureRecovery(workspace, framework)).subjects;
      } finally {
        workspace.close();
      }
      console.info(formatRecovery(`10,000 students, seed ${seed}:`, subjects));
      for (const s of subjects) {
        expect(s.correlation).toBeGreaterThan(0.8);
        pooled[s.subject]!.covered += s.coverage * s.units;
        pooled[s.subject]!.units += s.units;
      }
    }
    for (const { covered, units } of Object.values(pooled)) {
      expect(covered / units).toBeGreaterThanOrEqual(0.9);
      expect(covered / units).toBeLessThanOrEqual(0.99);
    }
  }, 120_000);
});
