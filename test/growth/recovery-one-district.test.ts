import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import {
  formatRecovery,
  measureRecovery,
  openRecoveryNetwork,
  type RecoveryWorkspace,
  type SubjectRecovery,
} from "./recovery-suite.ts";

const framework = loadFramework("frameworks/core-sqii.yaml");
const SEEDS = [1, 2, 3, 4, 5, 6] as const;

/**
 * The recovery suite (recovery-suite.ts) at the smallest size served: one district of 10,000
 * students, 2022–2025, growth for 2025, about 16 school × level units per network. With so few
 * units a network's coverage swings with how much its schools happen to differ: over seeds 1–16
 * the planted ELA effects of the reported units vary by 0.0049–0.0367, and the two networks with
 * the least spread are the two that fall short (seed 4: 0.0074, raw estimates varying less still,
 * ω̂ 0.0017, 68.8% coverage; seed 10: 0.0049, ω̂ 0.0020, 81.3%), while ω̂ / true averages 1.01
 * (ELA) and 1.19 (math) over the 16. So the 90–99% bound is on the pooled coverage of six
 * networks (seeds 1–6: 91.6% ELA, 94.7% math). Over seeds 1–16 (252 units) the default settings
 * cover 92.9% (ELA) and 95.6% (math) of planted effects in the year's score SDs.
 */
describe("computeGrowth on one-district networks (10,000 students) covers the planted effects", () => {
  const runs: { seed: number; subjects: SubjectRecovery[] }[] = [];
  let kept: RecoveryWorkspace | undefined;

  beforeAll(async () => {
    for (const seed of SEEDS) {
      const workspace = await openRecoveryNetwork({
        students: 10_000,
        districts: 1,
        years: [2022, 2025],
        seed,
      });
      try {
        const { subjects } = await measureRecovery(workspace, framework);
        console.info(formatRecovery(`10,000 students, seed ${seed}:`, subjects));
        runs.push({ seed, subjects });
      } finally {
        if (seed === 4) kept = workspace;
        else workspace.close();
      }
    }
  }, 600_000);
  afterAll(() => kept?.close());

  it("ELA and math: 95% intervals cover 90–99% of planted school × level effects over six networks", () => {
    const pooled: Record<string, { covered: number; units: number }> = {
      ELA: { covered: 0, units: 0 },
      MATH: { covered: 0, units: 0 },
    };
    for (const { subjects } of runs) {
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
  });

  it("measures planted effects in SDs of the computed year's scores, the scale step 1 standardizes by", async () => {
    const warehouse = kept!.warehouse;
    const truth = `read_csv('${join(kept!.dir, "truth", "school_growth_effects_by_grade.csv")}', header = true, types = {'school_code': 'VARCHAR'})`;
    // Each grade 4–8 unit's target from the planted points divided by the SD step 1 divided the
    // grade's 2025 scores by (read back from the engine's own z), centred on the grade's students.
    // On this network that SD differs from truth/'s all-years SD by up to 4% (ELA grade 4).
    const units = await warehouse.all<{ target: number; expected: number }>(
      `WITH sd AS (
         SELECT subject, grade, regr_slope(t.scale_score, s.z) AS sd FROM growth_scores s
         JOIN test_results t USING (year, subject, grade, student_id, district_code)
         WHERE year = 2025 GROUP BY ALL
       ),
       credited AS (
         SELECT c.subject, c.grade, c.school_code, c.weight, lg.school_level, p.effect / sd.sd AS planted
         FROM growth_credits c
         JOIN (VALUES ('elementary', 4), ('elementary', 5), ('middle', 6), ('middle', 7), ('middle', 8)) lg(school_level, grade) USING (grade)
         JOIN sd USING (subject, grade)
         JOIN ${truth} p USING (subject, school_code, grade)
       ),
       centred AS (
         SELECT *, planted - avg(planted) OVER (PARTITION BY subject, grade) AS planted_c FROM credited
       )
       SELECT t.target, sum(c.weight * c.planted_c) / sum(c.weight) AS expected
       FROM centred c JOIN recovery_targets t USING (subject, school_code, school_level)
       GROUP BY c.subject, c.school_code, c.school_level, t.target`,
    );
    expect(units.length).toBeGreaterThan(20);
    // truth/ is written to 6 decimals; the old all-years scale was off by up to 0.004
    for (const u of units) expect(Math.abs(u.target - u.expected)).toBeLessThan(1e-5);
  });
});
