import { describe, expect, it } from "vitest";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import {
  memberLevelsText,
  suppressCommunityReason,
  WITHHELD_COMMUNITY_REASON,
} from "../../src/identification/form-communities.ts";
import type {
  Identification,
  NetworkCutoffs,
  Tier,
  Trigger,
} from "../../src/identification/identify-schools.ts";
import type { PairCost } from "../../src/identification/pairing-cost.ts";
import {
  pairReason,
  strengthsClause,
  suppressPairCosts,
  suppressPairReason,
  unmatchedReason,
  WITHHELD_PAIR_REASON,
} from "../../src/identification/pairing-reason.ts";
import {
  type CutoffKind,
  reasonSentence,
  suppressCutoffs,
  suppressIndexFigures,
  suppressTierReason,
  triggerText,
  WITHHELD_REASON,
} from "../../src/identification/reason-sentence.ts";

const framework = loadFramework("frameworks/core-sqii.yaml");
const trigger: Trigger = {
  group: "EL",
  meanLevel: 2.5,
  measures: [
    { metric: "chronic_absence", level: 2, studentGroup: "EL" },
    { metric: "suspension", level: 3, studentGroup: "EL" },
  ],
};
const focus = (text: string) =>
  `Identified for targeted support (focus): ${text}, at or below the priority cut-off of 2.60.`;

describe("suppressTierReason(reason, quoted, framework, hidden)", () => {
  it("writes a hidden level and the mean over it as suppressed, keeping the shown level", () => {
    const reason = focus(triggerText(trigger, framework));
    const shown = suppressTierReason(
      reason,
      { triggers: [trigger], graduationHidden: false },
      framework,
      (m) => m.metric === "suspension",
    );
    expect(shown).toBe(
      focus(
        "English learners have a mean level of suppressed across measures (Chronic absence level 2, Suspension and expulsion level suppressed)",
      ),
    );
  });

  it("leaves a reason whose quoted cells are all shown unchanged", () => {
    const reason = focus(triggerText(trigger, framework));
    expect(
      suppressTierReason(
        reason,
        { triggers: [trigger], graduationHidden: false },
        framework,
        () => false,
      ),
    ).toBe(reason);
  });

  it("withholds a focus reason that quotes a hidden level in a form it cannot find", () => {
    const reason = focus(
      "English learners have a mean level of 2.5 (chronic absence 2, suspension 3)",
    );
    expect(
      suppressTierReason(
        reason,
        { triggers: [trigger], graduationHidden: false },
        framework,
        () => true,
      ),
    ).toBe(WITHHELD_REASON);
  });

  it("hides a quoted graduation rate when the ALL cell is hidden", () => {
    const reason =
      "Identified for comprehensive support (priority): graduation rate 61.3% is below 67%.";
    expect(
      suppressTierReason(reason, { triggers: [], graduationHidden: true }, framework, () => false),
    ).toBe(
      "Identified for comprehensive support (priority): graduation rate suppressed is below 67%.",
    );
  });
});

describe("suppressPairReason(reason, pair, framework, hidden)", () => {
  const strengths = [
    { metric: "chronic_absence", schoolLevel: 3.5, partnerLevel: 8 },
    { metric: "suspension", schoolLevel: 2, partnerLevel: 7 },
  ];
  const reason = `Paired with Beta (1). ${strengthsClause(strengths, 4.75, framework)}`;

  it("suppresses the hidden side's level, its gap and the mean gap", () => {
    const shown = suppressPairReason(
      reason,
      { strengths, strengthGap: 4.75 },
      framework,
      (side, metric) => side === "school" && metric === "chronic_absence",
    );
    expect(shown).toBe(
      "Paired with Beta (1). Stronger where this school is weakest: Suspension and expulsion level 7 vs 2 (+5), Chronic absence level 8 vs suppressed (suppressed); suppressed levels on average.",
    );
  });

  it("withholds a strengths clause it cannot regenerate", () => {
    const other = reason.replace("+5", "+5.0");
    expect(suppressPairReason(other, { strengths, strengthGap: 4.75 }, framework, () => true)).toBe(
      WITHHELD_PAIR_REASON,
    );
  });
});

describe("suppressCommunityReason(reason, levels, hidden)", () => {
  const reason = `3 elementary schools where English learners are weak in Suspension ${memberLevelsText([2, 3, 1])}, with similar students.`;

  it("suppresses only the hidden members' levels, in member order", () => {
    expect(suppressCommunityReason(reason, [2, 3, 1], [false, true, false])).toBe(
      "3 elementary schools where English learners are weak in Suspension (levels 2, suppressed, 1), with similar students.",
    );
  });

  it("withholds a reason listing other levels than the members'", () => {
    expect(suppressCommunityReason(reason, [2, 3, 2], [true, false, false])).toBe(
      WITHHELD_COMMUNITY_REASON,
    );
  });
});

describe("suppressIndexFigures(reason)", () => {
  const score = 31.43;
  const component = 27.58;
  const cutoffs = { priorityScore: 33.31, priorityLevel: 1.5, subgroupComponent: 29.87 };
  const reasonOf = (tier: Tier, meets: boolean, indexLevel: number | null = 3) =>
    reasonSentence(
      {
        schoolCode: "S",
        schoolLevel: "elementary",
        indexScore: score,
        indexLevel,
        titleI: true,
        graduationRate: null,
        groups: [],
        subgroupComponent: component,
        growthLevel: null,
        prior: null,
      },
      {
        schoolCode: "S",
        schoolLevel: "elementary",
        tier,
        meetsPriority: tier === "priority" && meets,
        meetsFocus: tier === "focus" && meets,
        priorityBy: { index: true, graduation: false },
        triggers: [trigger],
        yearsInTier: 2,
        yearsBelowEntry: 1,
        exitStatus: "continuing",
        exitedFrom: null,
      } satisfies Omit<Identification, "reason">,
      cutoffs,
      framework,
    );
  const reasons = [
    reasonOf("priority", true),
    reasonOf("priority", false),
    reasonOf("focus", true),
    reasonOf("partner_eligible", false, 9),
    reasonOf("none", false),
  ];

  it("removes the school's index score and subgroup component from every tier's reason", () => {
    const quoted = reasons.filter(
      (r) => r.includes(score.toFixed(1)) || r.includes(component.toFixed(1)),
    );
    expect(quoted).toHaveLength(reasons.length);
    for (const reason of reasons) {
      const shown = suppressIndexFigures(reason);
      expect(shown).not.toContain(score.toFixed(1));
      expect(shown).not.toContain(component.toFixed(1));
      expect(shown).toMatch(/(score|component) suppressed/);
    }
  });

  it("keeps the network's cut-offs and everything else", () => {
    const focus = reasonOf("focus", true);
    expect(suppressIndexFigures(focus)).toBe(
      focus.replace(`subgroup component ${component.toFixed(1)}`, "subgroup component suppressed"),
    );
    expect(suppressIndexFigures(reasonOf("priority", true))).toContain(
      `(cut-off ${cutoffs.priorityScore.toFixed(1)})`,
    );
  });
});

describe("suppressCutoffs(reason, hidden)", () => {
  const reasonOf = (tier: Tier, meets: boolean, cutoffs: NetworkCutoffs, rules = framework) =>
    reasonSentence(
      {
        schoolCode: "S",
        schoolLevel: "elementary",
        indexScore: 41.27,
        indexLevel: 3,
        titleI: true,
        graduationRate: null,
        groups: [],
        subgroupComponent: 22.61,
        growthLevel: null,
        prior: null,
      },
      {
        schoolCode: "S",
        schoolLevel: "elementary",
        tier,
        meetsPriority: tier === "priority" && meets,
        meetsFocus: tier === "focus" && meets,
        priorityBy: { index: true, graduation: false },
        triggers: [trigger],
        yearsInTier: 2,
        yearsBelowEntry: 1,
        exitStatus: "continuing",
        exitedFrom: null,
      } satisfies Omit<Identification, "reason">,
      cutoffs,
      rules,
    );
  // The waiver's extra focus rule: a group at or below the priority cut-off in level terms.
  const waiver = {
    ...framework,
    identification: {
      ...framework.identification,
      focus: {
        ...framework.identification.focus,
        subgroup_mean_level_at_or_below_priority_cutoff: true,
      },
    },
  };
  // The trigger's mean (2.5) is at or below the first priority level, above the second.
  const high = { priorityScore: 33.31, priorityLevel: 3.331, subgroupComponent: 29.87 };
  const low = { priorityScore: 14.96, priorityLevel: 1.496, subgroupComponent: 23.04 };
  const cases: [string, string, CutoffKind][] = [
    [reasonOf("priority", true, high), "33.3", "priorityScore"],
    [reasonOf("priority", false, high), "33.3", "priorityScore"],
    [reasonOf("none", false, high), "33.3", "priorityScore"],
    [reasonOf("focus", true, high, waiver), "3.33", "priorityLevel"],
    [reasonOf("focus", true, low), "23.0", "subgroupComponent"],
    [
      reasonOf("focus", true, { ...low, subgroupComponentByLevel: { elementary: 23.04 } }),
      "23.0",
      "subgroupComponent",
    ],
  ];

  it("asks about each quoted cut-off by kind, as quoted, and writes a hidden one as suppressed", () => {
    for (const [reason, quoted, kind] of cases) {
      expect(reason).toContain(quoted);
      const asked: [CutoffKind, string][] = [];
      const shown = suppressCutoffs(reason, (k, q) => {
        asked.push([k, q]);
        return true;
      });
      expect(asked).toEqual([[kind, quoted]]);
      expect(shown).not.toContain(quoted);
      expect(shown).toBe(reason.replace(quoted, "suppressed"));
    }
  });

  it("keeps a cut-off that is not hidden, or hidden for another kind or value", () => {
    for (const [reason, quoted, kind] of cases) {
      expect(suppressCutoffs(reason, () => false)).toBe(reason);
      expect(suppressCutoffs(reason, (k, q) => k !== kind && q === quoted)).toBe(reason);
      expect(suppressCutoffs(reason, (k, q) => k === kind && q !== quoted)).toBe(reason);
    }
  });

  it("runs before the school's own figures are suppressed, and both apply", () => {
    const [reason, quoted] = cases[0]!;
    const shown = suppressTierReason(
      reason,
      { triggers: [], graduationHidden: false, indexHidden: true, cutoffHidden: () => true },
      framework,
      () => false,
    );
    expect(shown).not.toContain(quoted);
    expect(shown).not.toContain("41.3");
    expect(shown).toContain("index score suppressed is in the lowest");
    expect(shown).toContain("(cut-off suppressed)");
  });
});

describe("suppressPairCosts(reason)", () => {
  const cost = (value: number, blockedBy: PairCost["blockedBy"]): PairCost => ({
    contextDistance: 0.4,
    contextRank: 1,
    strengths: [{ metric: "chronic_absence", schoolLevel: 3, partnerLevel: 7 }],
    strengthGap: 4,
    distanceKm: 12.3,
    sameDistrict: false,
    cost: value,
    blockedBy,
  });
  const candidates = (value: number, blockedBy: PairCost["blockedBy"]) => [
    { code: "P", name: "Partner", cost: cost(value, blockedBy) },
  ];
  const unmatched = (value: number, blockedBy: PairCost["blockedBy"]) =>
    unmatchedReason({
      schoolLevel: "elementary",
      hasContext: true,
      candidates: candidates(value, blockedBy),
      weakest: ["chronic_absence"],
      priorPartner: null,
      framework,
    });

  it("writes each cost a pair or unmatched reason quotes as suppressed", () => {
    const kept = pairReason({
      partnerName: "Partner",
      partnerCode: "P",
      schoolLevel: "elementary",
      cost: cost(3.4567, "max_cost"),
      partnersAtLevel: 3,
      kept: true,
      replacedPrior: null,
      framework,
    });
    for (const [reason, value] of [
      [kept, 3.4567],
      [unmatched(0.8765, null), 0.8765],
      [unmatched(3.9876, "max_cost"), 3.9876],
    ] as const) {
      expect(reason).toContain(value.toFixed(2));
      const shown = suppressPairCosts(reason);
      expect(shown).not.toContain(value.toFixed(2));
      expect(shown).toContain("suppressed");
    }
    expect(suppressPairCosts(kept)).toContain(
      `its cost suppressed is above the maximum of ${framework.pairing.max_cost}`,
    );
  });
});
