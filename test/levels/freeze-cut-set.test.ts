import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assignMetricLevels } from "../../src/levels/assign-levels.ts";
import { cutPointGaps, cutPointGapWarnings } from "../../src/levels/cut-point-gaps.ts";
import { CutSetExistsError, freezeMetricCutPoints } from "../../src/levels/freeze-cut-set.ts";
import { levelOf } from "../../src/levels/level-of-value.ts";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import { code, evenBaseline, framework, insertResults, openResults } from "./fixture.ts";

const source = (runId: string) => ({
  name: "test-2023",
  framework,
  frameworkHash: "abc",
  runId,
  year: 2023,
  createdAt: new Date("2024-01-01T00:00:00Z"),
});

describe("freezeMetricCutPoints(warehouse, source) and assignMetricLevels", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openResults();
  });
  afterEach(() => w.close());

  async function bounds(metric: string, level = "elementary") {
    return w.all<{ level: number; lower_bound: number | null; upper_bound: number | null }>(
      `SELECT level, lower_bound, upper_bound FROM cut_points
       WHERE metric = '${metric}' AND school_level = '${level}' ORDER BY level`,
    );
  }
  async function levelOfRow(runId: string, school: string, metric: string, group = "ALL") {
    const rows = await w.all<{ level: number; change_1: number | null; change_2: number | null }>(
      `SELECT level, change_1, change_2 FROM metric_levels WHERE run_id = '${runId}'
       AND school_code = '${school}' AND metric = '${metric}' AND student_group = '${group}'`,
    );
    return rows[0];
  }

  it("sets the 10th..90th percentiles of eligible all-students values, ignoring small and suppressed schools", async () => {
    await insertResults(w, "base", 2023, [
      ...evenBaseline(["ela_performance"]),
      // Excluded: n below min n (suppressed), a subgroup, and another level.
      { school: code(1), metric: "ela_performance", value: 1000, n: 12 },
      { school: code(900), metric: "ela_performance", group: "EL", value: -1000 },
      { school: code(2), level: "middle", metric: "ela_performance", value: 77 },
    ]);
    await freezeMetricCutPoints(w, source("base"));
    const cuts = await bounds("ela_performance");
    expect(cuts.map((c) => c.upper_bound)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, null]);
    expect(cuts.map((c) => c.lower_bound)).toEqual([null, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    // A single middle school: every cut is its value, and a warning says so.
    expect((await bounds("ela_performance", "middle")).map((c) => c.upper_bound)).toEqual([
      77,
      77,
      77,
      77,
      77,
      77,
      77,
      77,
      77,
      null,
    ]);
  });

  it("lists, after freezing, each measure × level without cut points and each set from fewer schools than cut_points.min_schools", async () => {
    await insertResults(w, "base", 2023, [
      ...evenBaseline(["ela_performance"]),
      { school: code(2), level: "middle", metric: "ela_performance", value: 77 },
    ]);
    await freezeMetricCutPoints(w, source("base"));
    const gaps = await cutPointGaps(w, { cutSet: "test-2023", framework });
    const of = (metric: string) => gaps.filter((g) => g.metric === metric);
    // evenBaseline has 11 elementary schools.
    expect(of("ela_performance")).toEqual([
      { metric: "ela_performance", school_level: "elementary", kind: "thin", schools: 11 },
      { metric: "ela_performance", school_level: "high", kind: "missing", schools: null },
      { metric: "ela_performance", school_level: "middle", kind: "thin", schools: 1 },
    ]);
    expect(of("el_redesignation").map((g) => [g.school_level, g.kind])).toEqual([
      ["elementary", "missing"],
      ["high", "missing"],
      ["middle", "missing"],
    ]);
    expect(gaps.some((g) => g.metric === "ela_growth")).toBe(false);
    const warnings = cutPointGapWarnings(gaps, {
      cutSet: "test-2023",
      baselineYear: 2023,
      framework,
    });
    expect(warnings).toContain(
      'CUT POINTS THIN: ela_performance cut points in set "test-2023" come from fewer schools than the framework minimum of 20 (elementary: 11, middle: 1); used as they are',
    );
    expect(warnings.find((x) => x.startsWith("CUT POINTS MISSING: el_redesignation"))).toContain(
      "(elementary, high, middle) has no cut points",
    );
  });

  it("leaves schools below a survey's participation floor out of its cut points unless cut_points.eligible_requires_participation_floor is false", async () => {
    const rows = [
      ...evenBaseline(["sel_skills"]),
      // Two schools whose survey participation fell below the floor: no level, and by default
      // no say in the cut points.
      { school: code(1), metric: "sel_skills", value: 500, meetsFloor: false },
      { school: code(2), metric: "sel_skills", value: 500, meetsFloor: false },
    ];
    await insertResults(w, "base", 2023, rows);
    expect(framework.cut_points.eligible_requires_participation_floor).toBe(true);
    await freezeMetricCutPoints(w, source("base"));
    expect((await bounds("sel_skills")).map((c) => c.upper_bound)).toEqual([
      10,
      20,
      30,
      40,
      50,
      60,
      70,
      80,
      90,
      null,
    ]);
    const minNOnly = {
      ...framework,
      cut_points: { ...framework.cut_points, eligible_requires_participation_floor: false },
    };
    await freezeMetricCutPoints(w, { ...source("base"), name: "min-n-only", framework: minNOnly });
    const cuts = await w.all<{ upper_bound: number | null; baseline_schools: number }>(
      `SELECT upper_bound, baseline_schools FROM cut_points WHERE cut_set = 'min-n-only'
       AND metric = 'sel_skills' AND school_level = 'elementary' ORDER BY level`,
    );
    expect(cuts[0]!.baseline_schools).toBe(13);
    expect(cuts[8]!.upper_bound).toBeGreaterThan(90);
  });

  it("reverses the bounds for lower-is-better measures: level 10 holds the lowest values", async () => {
    await insertResults(w, "base", 2023, evenBaseline(["chronic_absence"]));
    await freezeMetricCutPoints(w, source("base"));
    const cuts = await bounds("chronic_absence");
    expect(cuts[9]).toEqual({ level: 10, lower_bound: null, upper_bound: 10 });
    expect(cuts[8]).toEqual({ level: 9, lower_bound: 10, upper_bound: 20 });
    expect(cuts[0]).toEqual({ level: 1, lower_bound: 90, upper_bound: null });
  });

  it("cuts growth scores into fixed deciles whatever the baseline holds", async () => {
    await freezeMetricCutPoints(w, source("empty"));
    const cuts = await bounds("ela_growth", "high");
    expect(cuts.map((c) => [c.lower_bound, c.upper_bound])).toEqual([
      [null, 10],
      [10, 20],
      [20, 30],
      [30, 40],
      [40, 50],
      [50, 60],
      [60, 70],
      [70, 80],
      [80, 90],
      [90, null],
    ]);
  });

  it("refuses to overwrite a frozen set", async () => {
    await freezeMetricCutPoints(w, source("base"));
    await expect(freezeMetricCutPoints(w, source("base"))).rejects.toThrow(CutSetExistsError);
    await expect(freezeMetricCutPoints(w, source("base"))).rejects.toThrow('"test-2023"');
  });

  it("levels later years with the frozen cuts, ties at a cut point going to the better level", async () => {
    await insertResults(w, "base", 2023, evenBaseline(["ela_performance", "chronic_absence"]));
    await freezeMetricCutPoints(w, source("base"));
    await insertResults(w, "r1", 2024, [
      { school: code(1), metric: "ela_performance", value: 30 }, // at a cut: level 4
      { school: code(2), metric: "ela_performance", value: 29.99 }, // level 3
      { school: code(1), metric: "chronic_absence", value: 30 }, // at a cut: 1 + #{c ≥ 30} = 8
      { school: code(2), metric: "chronic_absence", value: 30.01 }, // level 7
      { school: code(1), metric: "ela_performance", group: "EL", value: 55 }, // ALL's cuts: 6
      { school: code(3), metric: "ela_performance", value: 99, n: 19 }, // suppressed: no level
      { school: code(3), metric: "ela_growth", value: 57 }, // growth decile 6
      { school: code(3), metric: "math_growth", value: null }, // no value: no level
      { school: code(4), metric: "culture_climate", value: 90, meetsFloor: false }, // below floor
    ]);
    const written = await assignMetricLevels(w, { runId: "r1", year: 2024, cutSet: "test-2023" });
    expect(written).toBe(6);
    expect((await levelOfRow("r1", code(1), "ela_performance"))?.level).toBe(4);
    expect((await levelOfRow("r1", code(2), "ela_performance"))?.level).toBe(3);
    expect((await levelOfRow("r1", code(1), "chronic_absence"))?.level).toBe(8);
    expect((await levelOfRow("r1", code(2), "chronic_absence"))?.level).toBe(7);
    expect((await levelOfRow("r1", code(1), "ela_performance", "EL"))?.level).toBe(6);
    expect(await levelOfRow("r1", code(3), "ela_performance")).toBeUndefined();
    expect((await levelOfRow("r1", code(3), "ela_growth"))?.level).toBe(
      levelOf(57, [10, 20, 30, 40, 50, 60, 70, 80, 90], "higher"),
    );
    expect(await levelOfRow("r1", code(4), "culture_climate")).toBeUndefined();
  });

  it("stores the change needed to rise one and two levels, signed by direction", async () => {
    await insertResults(w, "base", 2023, evenBaseline(["ela_performance", "chronic_absence"]));
    await freezeMetricCutPoints(w, source("base"));
    await insertResults(w, "r1", 2024, [
      { school: code(1), metric: "ela_performance", value: 25 },
      { school: code(1), metric: "chronic_absence", value: 25 },
    ]);
    await assignMetricLevels(w, { runId: "r1", year: 2024, cutSet: "test-2023" });
    const ela = await levelOfRow("r1", code(1), "ela_performance");
    expect(ela).toEqual({ level: 3, change_1: 5, change_2: 15 });
    const absence = await levelOfRow("r1", code(1), "chronic_absence");
    expect(absence).toEqual({ level: 8, change_1: -5, change_2: -15 });
  });
});
