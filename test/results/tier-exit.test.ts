import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CutoffHidden } from "../../src/disclosure/hidden-cutoffs.ts";
import { parseFramework } from "../../src/domain/framework/load-framework.ts";
import type { TierFacts } from "../../src/identification/reason-facts.ts";
import type { MetricRow, SchoolReportData } from "../../src/results/run-report-data.ts";
import { assembleSchoolReport } from "../../src/results/school-report.ts";
import type { RunRow } from "../../src/runs/find-run.ts";

const FILE = "frameworks/core-sqii.yaml";
const framework = parseFramework(readFileSync(FILE, "utf8"), FILE);
const SCHOOL = "19610056094044";
const ELA = "ela_distance_from_standard";
const MATH = "math_distance_from_standard";

const RULES: TierFacts<number>["rules"] = {
  priorityLowestPercent: 5,
  graduationRateBelow: 67,
  focusLowestPercent: 10,
  focusPerLevel: false,
  focusGroupRule: true,
  titleIOnly: false,
  exitAfterYears: 2,
  partnerMinIndexLevel: 8,
  partnerMinGrowthLevel: 8,
};

/** A focus school entered by its English learners' mean level 2 ≤ the cut-off 2.35 (score 23.5). */
const FOCUS: TierFacts<number> = {
  tier: "focus",
  basis: "entry",
  schoolLevel: "elementary",
  titleI: true,
  yearsInTier: 1,
  yearsBelowEntry: 0,
  exitStatus: "new",
  exitedFrom: null,
  priorityBy: { index: false, graduation: false },
  partnerBy: { index: false, growth: false },
  indexScore: 41.2,
  indexLevel: 4,
  subgroupComponent: 38,
  graduationRate: null,
  growth: null,
  focusByGroupLevel: true,
  cutoffs: { priorityScore: 23.5, priorityLevel: 2.35, subgroupComponent: 30 },
  rules: RULES,
};

const PRIORITY: TierFacts<number> = {
  ...FOCUS,
  tier: "priority",
  priorityBy: { index: true, graduation: false },
  indexScore: 21.3,
  indexLevel: 2,
  focusByGroupLevel: false,
};

const cell = (
  metric: string,
  group: string,
  n: number,
  value: number,
  level: number,
  change1: number,
): MetricRow => ({
  school_code: SCHOOL,
  school_level: "elementary",
  metric,
  student_group: group,
  n,
  numerator: null,
  value,
  level,
  change_1: change1,
  change_2: null,
  change_3: null,
});

function exitTarget(
  facts: TierFacts<number>,
  elN: number,
  { suppress = true, cutoff = (() => false) as CutoffHidden } = {},
): string | null {
  const data: SchoolReportData = {
    school: {
      school_code: SCHOOL,
      school_name: "Elm",
      district_code: SCHOOL.slice(0, 7),
      district_name: "D",
      year: 2025,
      school_levels: "elementary",
      title_i: true,
      charter: false,
    },
    indexRows: [
      {
        school_level: "elementary",
        index_score: facts.indexScore,
        index_level: facts.indexLevel,
        tier: facts.tier,
        facts,
        exit_status: "new",
        years_in_tier: 1,
        triggers:
          facts.tier === "focus"
            ? [
                {
                  group: "EL",
                  meanLevel: 2,
                  measures: [
                    { metric: ELA, studentGroup: "EL", level: 2 },
                    { metric: MATH, studentGroup: "EL", level: 2 },
                  ],
                },
              ]
            : [],
      },
    ],
    metricRows: [
      cell(ELA, "ALL", 300, -30.4, 5, 4.1),
      cell(ELA, "EL", elN, -75.3, 2, 13.2),
      cell(ELA, "EO", 300 - elN, -25, 5, 4),
      cell(MATH, "ALL", 300, -40.2, 5, 3.3),
      cell(MATH, "EL", elN, -90, 2, 10),
      cell(MATH, "EO", 300 - elN, -35, 5, 4),
    ],
    trendRows: [],
    growthRows: [],
    indexInputRows: [ELA, MATH].flatMap((metric) => [
      { school_level: "elementary", metric, component_group: "ALL", student_group: "ALL" },
      { school_level: "elementary", metric, component_group: "EL", student_group: "EL" },
    ]),
  };
  const run = { run_id: "r", year: 2025, framework_id: "core" } as unknown as RunRow;
  const report = assembleSchoolReport(framework, run, data, suppress, cutoff) as {
    levels: { exit_target: string | null }[];
  };
  return report.levels[0]!.exit_target;
}

describe("the school report's exit target: what it takes to leave the school's tier", () => {
  it("names the triggering group, the cut-off, how many levels and the value of the next level", () => {
    expect(exitTarget(FOCUS, 60)).toBe(
      "To leave focus, the average level of English learners across their measures (now 2.00) would need to rise above 2.35, the priority cut-off in level terms: one more level on any one of their measures would do, e.g. ELA distance from standard reaching level 3 (a value of −62.1 points or more), and stay so for 2 consecutive years (cut-offs are set again each year).",
    );
  });

  it("does not quote a hidden cut-off or a hidden group's levels to the public", () => {
    const hiddenCutoff = exitTarget(FOCUS, 60, { cutoff: () => true })!;
    expect(hiddenCutoff).not.toContain("2.35");
    expect(hiddenCutoff).toContain("not shown: it is a school's exact score");
    expect(hiddenCutoff).toContain("(now 2.00)");
    // English learners below the minimum n: their levels, mean and the thresholds are withheld.
    const smallGroup = exitTarget(FOCUS, 12)!;
    expect(smallGroup).not.toMatch(/now 2\.00|level 3|−62\.1|one more level/);
    expect(smallGroup).toContain("withheld to protect the privacy");
    // The school's own staff (unsuppressed) read the figures.
    expect(exitTarget(FOCUS, 12, { suppress: false })).toContain("−62.1 points or more");
  });

  it("tells a priority school the index score it must rise above", () => {
    expect(exitTarget(PRIORITY, 60)).toBe(
      "To leave priority, the index score (now 21.3) would need to rise above this year's priority cut-off of 23.5, and stay so for 2 consecutive years (cut-offs are set again each year).",
    );
    expect(exitTarget(PRIORITY, 60, { cutoff: () => true })).not.toContain("23.5");
  });
});
