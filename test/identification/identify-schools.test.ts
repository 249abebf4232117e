import { describe, expect, it } from "vitest";
import type { Framework } from "../../src/domain/framework/framework-schema.ts";
import {
  identifySchools,
  lowestPercentCutoff,
  type SchoolStanding,
} from "../../src/identification/identify-schools.ts";
import { framework } from "../levels/fixture.ts";
import { tierReason } from "./reason-of.ts";

/** 40 elementary schools with index scores 20, 21, …, 59 and no subgroup data. */
function network(overrides: Record<number, Partial<SchoolStanding>> = {}): SchoolStanding[] {
  return Array.from({ length: 40 }, (_, i) => ({
    schoolCode: `S${String(i).padStart(2, "0")}`,
    schoolLevel: "elementary",
    indexScore: 20 + i,
    indexLevel: 1 + Math.floor(i / 4),
    titleI: true,
    graduationRate: null,
    groups: [],
    subgroupComponent: null,
    growthLevel: null,
    prior: null,
    ...overrides[i],
  }));
}

function byCode(result: ReturnType<typeof identifySchools>, code: string) {
  const found = result.identifications.find((i) => i.schoolCode === code);
  if (!found) throw new Error(`no identification for ${code}`);
  return found;
}

const measures = (levels: number[]) =>
  levels.map((level, i) => ({
    metric: ["chronic_absence", "ela_performance", "math_performance"][i]!,
    level,
    studentGroup: "SWD",
  }));

describe("lowestPercentCutoff(scores, percent)", () => {
  it("is the score at rank ⌈p × N⌉ from the bottom", () => {
    expect(lowestPercentCutoff([5, 1, 4, 2, 3], 5)).toBe(1); // ⌈0.25⌉ = 1
    expect(
      lowestPercentCutoff(
        Array.from({ length: 40 }, (_, i) => i),
        5,
      ),
    ).toBe(1); // rank 2
    expect(
      lowestPercentCutoff(
        Array.from({ length: 41 }, (_, i) => i),
        5,
      ),
    ).toBe(2); // rank 3
    expect(lowestPercentCutoff([], 5)).toBeNull();
  });
});

describe("identifySchools(standings, framework)", () => {
  it("puts the lowest 5% of index scores in priority with the cut-off in the reason", () => {
    const result = identifySchools(network(), framework);
    // 40 schools: rank ⌈0.05 × 40⌉ = 2, cut-off = 21 (S01).
    expect(result.cutoffs.priorityScore).toBe(21);
    expect(result.cutoffs.priorityLevel).toBe(2.1);
    const priority = result.identifications.filter((i) => i.tier === "priority");
    expect(priority.map((p) => p.schoolCode)).toEqual(["S00", "S01"]);
    expect(tierReason(byCode(result, "S00"), framework)).toBe(
      "Identified for comprehensive support (priority): index score 20.0 is in the lowest 5% of the network (cut-off 21.0).",
    );
    expect(byCode(result, "S02").tier).not.toBe("priority");
  });

  it("counts only Title I schools when the framework says so", () => {
    const titleIOnly: Framework = {
      ...framework,
      identification: {
        ...framework.identification,
        priority: { ...framework.identification.priority, title_i_only: true },
      },
    };
    const standings = network({ 0: { titleI: false }, 1: { titleI: false } });
    const result = identifySchools(standings, titleIOnly);
    // 38 Title I schools (scores 22..59): rank 2 → cut-off 23.
    expect(result.cutoffs.priorityScore).toBe(23);
    expect(byCode(result, "S00").tier).toBe("none");
    expect(byCode(result, "S02").tier).toBe("priority");
    expect(byCode(result, "S03").tier).toBe("priority");
  });

  it("adds high schools whose graduation rate is below 67%, and not those at 67%", () => {
    const result = identifySchools(
      network({
        20: { schoolLevel: "high", graduationRate: 66.9 },
        21: { schoolLevel: "high", graduationRate: 67 },
      }),
      framework,
    );
    const low = byCode(result, "S20");
    expect(low.tier).toBe("priority");
    expect(low.priorityBy).toEqual({ index: false, graduation: true });
    expect(tierReason(low, framework)).toContain("graduation rate 66.9% is below 67%");
    expect(byCode(result, "S21").tier).not.toBe("priority");
  });

  it("with the waiver's extra rule, puts a school in focus when a subgroup's mean level is at or below the priority cut-off in level terms, naming group and measures", () => {
    const waiver: Framework = {
      ...framework,
      identification: {
        ...framework.identification,
        focus: {
          ...framework.identification.focus,
          subgroup_mean_level_at_or_below_priority_cutoff: true,
        },
      },
    };
    const result = identifySchools(
      network({
        // Cut-off level 2.1. SWD mean (1 + 2 + 3)/3 = 2 ≤ 2.1 → focus.
        30: { groups: [{ group: "SWD", measures: measures([1, 2, 3]) }] },
        // Mean 7/3 = 2.33 > 2.1 → not focus.
        31: { groups: [{ group: "SWD", measures: measures([2, 2, 3]) }] },
      }),
      waiver,
    );
    const focus = byCode(result, "S30");
    expect(focus.tier).toBe("focus");
    expect(focus.triggers).toEqual([{ group: "SWD", meanLevel: 2, measures: measures([1, 2, 3]) }]);
    expect(tierReason(focus, framework)).toBe(
      "Identified for targeted support (focus): students with disabilities average 2.00 across their measures' levels (Chronic absence level 1, ELA performance level 2, Math performance level 3), at or below the priority cut-off in level terms (an average of 2.10).",
    );
    expect(byCode(result, "S31").tier).not.toBe("focus");
  });

  it("puts the lowest 10% of subgroup components in focus, triggered by the weakest group", () => {
    const overrides: Record<number, Partial<SchoolStanding>> = {};
    for (let i = 10; i < 40; i++)
      overrides[i] = {
        subgroupComponent: 30 + i,
        groups: [
          { group: "EL", measures: measures([5, 6, 7]) },
          { group: "SED", measures: measures([4, 3, 6]) },
        ],
      };
    const result = identifySchools(network(overrides), framework);
    // 40 elementary schools: rank ⌈4⌉ among the 38 outside priority, those with a component
    // (40..69) → cut-off 43 → S10 to S13.
    expect(result.cutoffs.subgroupComponentByLevel).toEqual({ elementary: 43 });
    const focus = result.identifications.filter((i) => i.tier === "focus").map((i) => i.schoolCode);
    expect(focus).toEqual(["S10", "S11", "S12", "S13"]);
    // SED (mean 4.33) is weaker than EL (6); its below-average measure is ELA at level 3.
    expect(byCode(result, "S10").triggers).toEqual([
      {
        group: "SED",
        meanLevel: 13 / 3,
        measures: [{ metric: "ela_performance", level: 3, studentGroup: "SWD" }],
      },
    ]);
    expect(tierReason(byCode(result, "S10"), framework)).toContain(
      "subgroup component 40.0 is in the lowest 10% of the network's elementary schools outside priority (cut-off 43.0)",
    );
  });

  it("puts 10% of each level's schools in focus, outside priority, whatever their group levels (issue #14 point 10)", () => {
    // 40 elementary and 20 middle schools; every one has a group at mean level 1 (the waiver's
    // rule would put them all in focus) and a subgroup component equal to its index score.
    const weakGroup = [{ group: "SWD", measures: measures([1, 1, 1]) }];
    const elementary = network();
    const middle = network()
      .slice(0, 20)
      .map((s) => ({
        ...s,
        schoolCode: `M${s.schoolCode.slice(1)}`,
        schoolLevel: "middle",
        indexScore: s.indexScore + 0.5,
      }));
    const standings = [...elementary, ...middle].map((s) => ({
      ...s,
      groups: weakGroup,
      subgroupComponent: s.indexScore,
    }));
    const result = identifySchools(standings, framework);
    const tier = (t: string, level: string) =>
      result.identifications
        .filter((i) => i.tier === t && i.schoolLevel === level)
        .map((i) => i.schoolCode);
    // Priority: lowest 5% of the 60 pooled scores, rank 3: S00, M00, S01.
    expect([...tier("priority", "elementary"), ...tier("priority", "middle")]).toEqual([
      "S00",
      "S01",
      "M00",
    ]);
    // Focus: ⌈10% × 40⌉ = 4 elementary and ⌈10% × 20⌉ = 2 middle schools, the lowest outside priority.
    expect(tier("focus", "elementary")).toEqual(["S02", "S03", "S04", "S05"]);
    expect(tier("focus", "middle")).toEqual(["M01", "M02"]);
    expect(byCode(result, "M01").triggers).toEqual([
      { group: "SWD", meanLevel: 1, measures: measures([1, 1, 1]) },
    ]);
    expect(tierReason(byCode(result, "S06"), framework)).toMatch(
      /is not among the lowest 10% of the network's elementary schools on its subgroup component\.$/,
    );
  });

  it("marks schools partner-eligible by index level or mean growth level, never when identified", () => {
    const result = identifySchools(
      network({ 5: { growthLevel: 8.5 }, 0: { indexLevel: 9, growthLevel: 9 } }),
      framework,
    );
    // S28..S39 have index levels 8..10.
    expect(byCode(result, "S28").tier).toBe("partner_eligible");
    expect(byCode(result, "S27").tier).toBe("none");
    expect(byCode(result, "S05").tier).toBe("partner_eligible");
    expect(tierReason(byCode(result, "S05"), framework)).toBe(
      "Eligible to partner with a school in support: its growth measures' levels average 8.5, at least 8.",
    );
    expect(byCode(result, "S00").tier).toBe("priority");
  });

  it("gives a school held in focus below its entry rule its weakest group as its problem of practice", () => {
    const result = identifySchools(
      network({
        30: {
          prior: { tier: "focus", yearsInTier: 1, yearsBelowEntry: 0 },
          groups: [
            { group: "EL", measures: measures([6, 7, 8]) },
            { group: "SWD", measures: measures([5, 3, 6]) },
          ],
        },
      }),
      framework,
    );
    expect(byCode(result, "S30")).toMatchObject({
      tier: "focus",
      meetsFocus: false,
      exitStatus: "exit_pending",
      triggers: [
        {
          group: "SWD",
          meanLevel: 14 / 3,
          measures: [{ metric: "ela_performance", level: 3, studentGroup: "SWD" }],
        },
      ],
    });
    expect(tierReason(byCode(result, "S30"), framework)).toMatch(
      /^Remains in targeted support \(focus, year 2\)/,
    );
  });

  it("keeps a priority school for a year below the entry rule and exits it after two", () => {
    const result = identifySchools(
      network({
        10: { prior: { tier: "priority", yearsInTier: 1, yearsBelowEntry: 0 } },
        11: { prior: { tier: "priority", yearsInTier: 2, yearsBelowEntry: 1 } },
        0: { prior: { tier: "priority", yearsInTier: 3, yearsBelowEntry: 1 } },
      }),
      framework,
    );
    const pending = byCode(result, "S10");
    expect(pending).toMatchObject({
      tier: "priority",
      exitStatus: "exit_pending",
      yearsInTier: 2,
      yearsBelowEntry: 1,
    });
    expect(tierReason(pending, framework)).toContain("above the entry cut-off (21.0) for 1 year;");
    const exited = byCode(result, "S11");
    expect(exited).toMatchObject({ tier: "none", exitStatus: "exited", exitedFrom: "priority" });
    expect(tierReason(exited, framework)).toMatch(
      /^Exited comprehensive support \(priority\) after 2 consecutive years/,
    );
    // Back at or below the cut-off: the count of years below resets.
    expect(byCode(result, "S00")).toMatchObject({
      tier: "priority",
      exitStatus: "continuing",
      yearsInTier: 4,
      yearsBelowEntry: 0,
    });
  });
});

describe("identifySchools(standings, framework, setsCutoffs)", () => {
  it("sets the cut-offs from the chosen schools only and identifies the others against them", () => {
    const members = network();
    // Ten low-scoring schools of a participant district: they would pull the cut-off down.
    const participants = Array.from({ length: 10 }, (_, i) => ({
      ...members[0]!,
      schoolCode: `P${i}`,
      indexScore: 5 + i,
    }));
    const alone = identifySchools(members, framework);
    const together = identifySchools([...members, ...participants], framework, (s) =>
      s.schoolCode.startsWith("S"),
    );
    expect(together.cutoffs).toEqual(alone.cutoffs);
    for (const m of members)
      expect(byCode(together, m.schoolCode).tier).toBe(byCode(alone, m.schoolCode).tier);
    // every participant scores below the members' priority cut-off: identified against it
    expect(participants.every((p) => byCode(together, p.schoolCode).tier === "priority")).toBe(
      true,
    );
    // pooled, the cut-off would move
    expect(identifySchools([...members, ...participants], framework).cutoffs).not.toEqual(
      alone.cutoffs,
    );
  });
});
