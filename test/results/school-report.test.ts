import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseFramework } from "../../src/domain/framework/load-framework.ts";
import type { GrowthRow } from "../../src/results/growth-row.ts";
import type { MetricRow, SchoolReportData } from "../../src/results/run-report-data.ts";
import { assembleSchoolReport } from "../../src/results/school-report.ts";
import type { RunRow } from "../../src/runs/find-run.ts";

const FILE = "frameworks/core-sqii.yaml";
const framework = parseFramework(readFileSync(FILE, "utf8"), FILE);
const SCHOOL = "19610056094044";

const cell = (
  level: string,
  metric: string,
  group: string,
  n: number,
  value: number,
): MetricRow => ({
  school_code: SCHOOL,
  school_level: level,
  metric,
  student_group: group,
  n,
  numerator: null,
  value,
  level: 5,
  change_1: null,
  change_2: null,
  change_3: null,
});
const growth = (level: string | null, group: string, n: number, score: number): GrowthRow => ({
  school_level: level,
  subject: "ELA",
  student_group: group,
  n,
  growth_score: score,
  effect_shrunk: 0,
  ci_low: -0.1,
  ci_high: 0.1,
  level: 5,
  suppressed: false,
});

function report(
  growthRows: GrowthRow[],
  trendRows: SchoolReportData["trendRows"] = [],
  runDecisions?: Parameters<typeof assembleSchoolReport>[5],
) {
  const data: SchoolReportData = {
    school: {
      school_code: SCHOOL,
      school_name: "K-8",
      district_code: SCHOOL.slice(0, 7),
      district_name: "D",
      year: 2025,
      school_levels: "elementary;middle",
      title_i: true,
      charter: false,
    },
    indexRows: [],
    metricRows: [
      cell("elementary", "ela_growth", "ALL", 194, 48),
      cell("middle", "ela_growth", "ALL", 240, 61),
    ],
    trendRows,
    growthRows,
    indexInputRows: [],
  };
  const run = { run_id: "r", year: 2025, framework_id: "core" } as unknown as RunRow;
  return assembleSchoolReport(framework, run, data, true, () => false, runDecisions) as {
    levels: {
      school_level: string;
      measures: {
        metric: string;
        growth: { n: number | null }[];
        trend: { run_id: string; value: number | null; suppressed: boolean }[];
      }[];
    }[];
  };
}

describe("a K-8 school's growth in its report", () => {
  it("shows each level its own growth unit (was both levels' rows under each)", () => {
    const r = report([growth("elementary", "ALL", 194, 48), growth("middle", "ALL", 240, 61)]);
    const at = (level: string) =>
      r.levels
        .find((l) => l.school_level === level)!
        .measures.find((m) => m.metric === "ela_growth")!.growth;
    expect(at("elementary").map((g) => g.n)).toEqual([194]);
    expect(at("middle").map((g) => g.n)).toEqual([240]);
  });

  it("still shows a run's one unit per school (computed before growth per level) at each level", () => {
    const r = report([growth(null, "ALL", 434, 55)]);
    for (const l of r.levels) {
      expect(l.measures.find((m) => m.metric === "ela_growth")!.growth.map((g) => g.n)).toEqual([
        434,
      ]);
    }
  });
});

describe("the trend: the same cell in other years", () => {
  const rows = [
    {
      year: 2024,
      run_id: "r2024",
      school_level: "elementary",
      metric: "ela_growth",
      n: 25,
      value: 44,
    },
    {
      year: 2023,
      run_id: "r2023",
      school_level: "elementary",
      metric: "ela_growth",
      n: 12,
      value: 40,
    },
  ];
  const trendOf = (r: ReturnType<typeof report>) =>
    r.levels
      .find((l) => l.school_level === "elementary")!
      .measures.find((m) => m.metric === "ela_growth")!.trend;

  it("hides a year's cell that its own run hid beside a small one (it was shown: n = 25 ≥ 20)", () => {
    const hiddenIn2024 = new Map([
      [
        `${SCHOOL}|elementary|ela_growth|ALL`,
        { suppressed: true, reason: "complementary" as const },
      ],
    ]);
    const trend = trendOf(report([], rows, (run) => (run === "r2024" ? hiddenIn2024 : undefined)));
    expect(trend.find((t) => t.run_id === "r2024")).toMatchObject({
      value: null,
      suppressed: true,
    });
    // Without its run's decision, a year falls back to the primary rule.
    expect(trend.find((t) => t.run_id === "r2023")).toMatchObject({
      value: null,
      suppressed: true,
    });
  });

  it("shows a year's cell its run showed", () => {
    const trend = trendOf(report([], rows));
    expect(trend.find((t) => t.run_id === "r2024")).toMatchObject({ value: 44, suppressed: false });
  });
});
