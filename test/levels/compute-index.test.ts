import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { levelOf } from "../../src/levels/level-of-value.ts";
import { percentileCuts } from "../../src/levels/percentile-cuts.ts";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import {
  code,
  evenBaseline,
  framework,
  freezeFromRun,
  insertResults,
  levelAndIndex,
  openResults,
} from "./fixture.ts";

const METRICS = [
  "ela_performance",
  "math_performance",
  "chronic_absence",
  "suspension",
  "el_redesignation",
];

describe("computeIndexComponents and writeIndexResults", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openResults();
    // Cut points 10, 20, …, 90 for every metric (see evenBaseline).
    await insertResults(w, "base", 2023, evenBaseline(METRICS));
    await freezeFromRun(w, "test-2023", "base", 2023);
  });
  afterEach(() => w.close());

  async function components(school: string) {
    return w.all<{
      metric: string;
      weight: number;
      all_level: number;
      subgroup_mean: number | null;
      measure_level: number;
      points: number;
    }>(
      `SELECT metric, weight, all_level, subgroup_mean, measure_level, points FROM index_components
       WHERE run_id = 'r1' AND school_code = '${school}' ORDER BY metric`,
    );
  }
  async function score(school: string) {
    return w.one<{ index_score: number; index_level: number | null; measures: number }>(
      `SELECT index_score, index_level, measures FROM index_results WHERE run_id = 'r1' AND school_code = '${school}'`,
    );
  }

  it("combines ALL and subgroup levels, picks the lowest race group, renormalizes weights and sums points", async () => {
    const s = code(1);
    await insertResults(w, "r1", 2024, [
      // ELA: ALL 45 → 5; EL 15 → 2; SWD 5 → 1; SED 35 → 4; races HI and AA both 25 → 3 (tie on
      // level and value, HI has the larger n), WH 75 → 8. Subgroup mean (2+1+4+3)/4 = 2.5;
      // measure level 0.5 × 5 + 0.5 × 2.5 = 3.75.
      { school: s, metric: "ela_performance", value: 45 },
      { school: s, metric: "ela_performance", group: "EL", value: 15 },
      { school: s, metric: "ela_performance", group: "SWD", value: 5 },
      { school: s, metric: "ela_performance", group: "SED", value: 35 },
      { school: s, metric: "ela_performance", group: "HI", value: 25, n: 40 },
      { school: s, metric: "ela_performance", group: "AA", value: 25, n: 25 },
      { school: s, metric: "ela_performance", group: "WH", value: 75 },
      // Math: ALL 65 → 7; the only subgroup is below min n → measure level 7.
      { school: s, metric: "math_performance", value: 65 },
      { school: s, metric: "math_performance", group: "EL", value: 0, n: 10 },
      // Chronic absence (lower is better): ALL 15 → 1 + #{c ≥ 15} = 9; SWD 45 → 6; HI 30 (n 40)
      // and AA 30 (n 50) → 8 each, AA wins on larger n. Mean (6 + 8)/2 = 7 → 0.5×9 + 0.5×7 = 8.
      { school: s, metric: "chronic_absence", value: 15 },
      { school: s, metric: "chronic_absence", group: "SWD", value: 45 },
      { school: s, metric: "chronic_absence", group: "HI", value: 30, n: 40 },
      { school: s, metric: "chronic_absence", group: "AA", value: 30, n: 50 },
      // EL reclassification: ALL only (the SED row is ignored): 50 → 6.
      { school: s, metric: "el_redesignation", value: 50 },
      { school: s, metric: "el_redesignation", group: "SED", value: 0 },
      // Suspension suppressed: the SE/CC weight 40 is shared by the two measures left.
      { school: s, metric: "suspension", value: 0, n: 5 },
    ]);
    await levelAndIndex(w, "r1", 2024, "test-2023");
    const parts = await components(s);
    expect(parts).toEqual([
      {
        metric: "chronic_absence",
        weight: 20,
        all_level: 9,
        subgroup_mean: 7,
        measure_level: 8,
        points: 16,
      },
      {
        metric: "el_redesignation",
        weight: 20,
        all_level: 6,
        subgroup_mean: null,
        measure_level: 6,
        points: 12,
      },
      {
        metric: "ela_performance",
        weight: 30,
        all_level: 5,
        subgroup_mean: 2.5,
        measure_level: 3.75,
        points: 11.25,
      },
      {
        metric: "math_performance",
        weight: 30,
        all_level: 7,
        subgroup_mean: null,
        measure_level: 7,
        points: 21,
      },
    ]);
    const races = await w.all<{ metric: string; student_group: string }>(
      `SELECT metric, student_group FROM index_group_levels
       WHERE run_id = 'r1' AND component_group = 'LOWEST_RACE' ORDER BY metric`,
    );
    expect(races).toEqual([
      { metric: "chronic_absence", student_group: "AA" },
      { metric: "ela_performance", student_group: "HI" },
    ]);
    const result = await score(s);
    expect(result.index_score).toBe(16 + 12 + 11.25 + 21);
    expect(result.measures).toBe(4);
  });

  it("takes the worse raw value first among race groups at the same level (direction-aware)", async () => {
    const s = code(2);
    await insertResults(w, "r1", 2024, [
      { school: s, metric: "chronic_absence", value: 15 },
      // Absence 31 and 39 are both in (30, 40]: level 1 + #{c ≥ v} = 7; ELA both in [30, 40): 4.
      { school: s, metric: "chronic_absence", group: "HI", value: 31, n: 90 },
      { school: s, metric: "chronic_absence", group: "WH", value: 39, n: 20 },
      { school: s, metric: "ela_performance", value: 45 },
      { school: s, metric: "ela_performance", group: "HI", value: 31, n: 20 },
      { school: s, metric: "ela_performance", group: "WH", value: 39, n: 90 },
    ]);
    await levelAndIndex(w, "r1", 2024, "test-2023");
    const races = await w.all<{ metric: string; student_group: string; level: number }>(
      `SELECT metric, student_group, level FROM index_group_levels
       WHERE run_id = 'r1' AND component_group = 'LOWEST_RACE' ORDER BY metric`,
    );
    // Absence: higher value is worse → WH (39). ELA: lower value is worse → HI (31).
    expect(races).toEqual([
      { metric: "chronic_absence", student_group: "WH", level: 7 },
      { metric: "ela_performance", student_group: "HI", level: 4 },
    ]);
  });

  it("gives a school with no level in a weighted domain no index (index.missing_domain: no_index, the default), and says which", async () => {
    const s = code(3);
    await insertResults(w, "r1", 2024, [
      { school: s, metric: "chronic_absence", value: 15 },
      { school: s, metric: "suspension", value: 15 },
    ]);
    expect(framework.index.missing_domain).toBe("no_index");
    const noIndex = await levelAndIndex(w, "r1", 2024, "test-2023");
    expect(noIndex).toEqual([
      { school_code: s, school_level: "elementary", missing: ["academic"] },
    ]);
    expect(await components(s)).toEqual([]);
    const rows = await w.all("SELECT * FROM index_results WHERE run_id = 'r1'");
    expect(rows).toEqual([]);
  });

  it("with index.missing_domain: rescale gives the present domain all 100 points", async () => {
    const s = code(3);
    await insertResults(w, "r1", 2024, [{ school: s, metric: "ela_performance", value: 45 }]);
    const rescale = {
      ...framework,
      index: { ...framework.index, missing_domain: "rescale" as const },
    };
    expect(await levelAndIndex(w, "r1", 2024, "test-2023", rescale)).toEqual([]);
    expect(await components(s)).toEqual([
      {
        metric: "ela_performance",
        weight: 100,
        all_level: 5,
        subgroup_mean: null,
        measure_level: 5,
        points: 50,
      },
    ]);
    expect((await score(s)).index_score).toBe(50);
  });

  it("equals the left-to-right sum of its points in metric order, to the last bit", async () => {
    const s = code(4);
    await insertResults(w, "r1", 2024, [
      { school: s, metric: "ela_performance", value: 45 },
      { school: s, metric: "math_performance", value: 12 },
      { school: s, metric: "chronic_absence", value: 33 },
      { school: s, metric: "suspension", value: 71 },
      { school: s, metric: "el_redesignation", value: 3 },
      { school: s, metric: "el_redesignation", group: "EL", value: 3 },
    ]);
    await levelAndIndex(w, "r1", 2024, "test-2023");
    const parts = await components(s);
    // Three SE/CC measures: 40/3 points each, as in CORE's first year (13.33 per measure).
    expect(
      parts
        .filter((p) => p.metric !== "ela_performance" && p.metric !== "math_performance")
        .map((p) => p.weight),
    ).toEqual([40 / 3, 40 / 3, 40 / 3]);
    const sum = parts.reduce((total, p) => total + p.points, 0);
    expect((await score(s)).index_score).toBe(sum);
  });

  it("sets index levels from the baseline's index-score percentiles per school level", async () => {
    const baseline = await w.all<{ index_score: number }>(
      "SELECT index_score FROM index_results WHERE run_id = 'base' ORDER BY school_code",
    );
    expect(baseline).toHaveLength(11);
    const cuts = percentileCuts(
      baseline.map((b) => b.index_score),
      [10, 20, 30, 40, 50, 60, 70, 80, 90],
    );
    const frozen = await w.all<{ upper_bound: number }>(
      `SELECT upper_bound FROM cut_points WHERE cut_set = 'test-2023' AND metric = 'index'
       AND school_level = 'elementary' AND upper_bound IS NOT NULL ORDER BY level`,
    );
    expect(frozen).toHaveLength(9);
    for (const [i, f] of frozen.entries()) expect(f.upper_bound).toBeCloseTo(cuts[i]!, 9);
    const s = code(5);
    await insertResults(w, "r1", 2024, [
      { school: s, metric: "ela_performance", value: 45 },
      { school: s, metric: "suspension", value: 45 },
    ]);
    await levelAndIndex(w, "r1", 2024, "test-2023");
    const result = await score(s);
    expect(result.index_level).toBe(
      levelOf(
        result.index_score,
        frozen.map((f) => f.upper_bound),
        "higher",
      ),
    );
  });
});
