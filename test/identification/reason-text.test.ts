import { describe, expect, it } from "vitest";
import {
  shownCommunityFacts,
  shownPairingFacts,
  shownTierFacts,
} from "../../src/disclosure/derived-values.ts";
import { type HiddenCells, NOTHING_HIDDEN } from "../../src/disclosure/hidden-cells.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import type { Trigger } from "../../src/identification/identify-schools.ts";
import type {
  CommunityFacts,
  Figure,
  PairFacts,
  TierFacts,
  UnmatchedFacts,
} from "../../src/identification/reason-facts.ts";
import {
  communityReasonText,
  pairingReasonText,
  tierReasonText,
  WITHHELD_NOTE,
} from "../../src/identification/reason-text.ts";

const framework = loadFramework("frameworks/core-sqii.yaml");

/** A reader from whom every figure is withheld: every cell, measure, index and cut-off. */
const ALL_HIDDEN: HiddenCells = {
  cell: () => true,
  measure: () => true,
  index: () => true,
  cutoff: () => true,
};

const RULES: TierFacts<number>["rules"] = {
  priorityLowestPercent: 5,
  graduationRateBelow: 67,
  focusLowestPercent: 10,
  focusPerLevel: true,
  focusGroupRule: true,
  titleIOnly: false,
  exitAfterYears: 2,
  partnerMinIndexLevel: 8,
  partnerMinGrowthLevel: 8,
};

/** Figures chosen so that each reads differently at one and two decimals and as a whole level. */
const base: TierFacts<number> = {
  tier: "none",
  basis: "none",
  schoolLevel: "elementary",
  titleI: true,
  yearsInTier: 1,
  yearsBelowEntry: 0,
  exitStatus: null,
  exitedFrom: null,
  priorityBy: { index: false, graduation: false },
  partnerBy: { index: false, growth: false },
  indexScore: 17.37,
  indexLevel: 4,
  subgroupComponent: 23.46,
  graduationRate: 61.23,
  growth: { metrics: ["ela_growth", "math_growth"], level: 8.62 },
  focusByGroupLevel: false,
  cutoffs: { priorityScore: 18.91, priorityLevel: 1.891, subgroupComponent: 24.77 },
  rules: RULES,
};
const TRIGGERS: Trigger[] = [
  {
    group: "LOWEST_RACE",
    meanLevel: 1.6667,
    measures: [
      { metric: "culture_climate_parent", level: 1, studentGroup: "AA" },
      { metric: "math_performance", level: 3, studentGroup: "AA" },
    ],
  },
];

/** Every kind of tier reason, each with the figures it quotes. */
const TIERS: Record<string, TierFacts<number>> = {
  "priority by index and graduation": {
    ...base,
    tier: "priority",
    basis: "entry",
    exitStatus: "new",
    priorityBy: { index: true, graduation: true },
  },
  "priority held below its entry rule": {
    ...base,
    tier: "priority",
    basis: "held",
    exitStatus: "exit_pending",
    yearsInTier: 2,
    yearsBelowEntry: 1,
  },
  "focus by a group at or below the priority cut-off": {
    ...base,
    tier: "focus",
    basis: "entry",
    exitStatus: "new",
    focusByGroupLevel: true,
  },
  "focus by the subgroup component": { ...base, tier: "focus", basis: "entry", exitStatus: "new" },
  "partner-eligible": {
    ...base,
    tier: "partner_eligible",
    basis: "entry",
    indexLevel: 8,
    partnerBy: { index: true, growth: true },
  },
  "not identified": base,
};

/** Every Figure in a decided facts object (walks nested objects and lists). */
function figures(value: unknown): Figure[] {
  if (value === null || typeof value !== "object") return [];
  if ("withheld" in value && "value" in value) return [value as Figure];
  return Object.values(value).flatMap(figures);
}

/** The forms a figure takes in a sentence (one and two decimals, a whole level). */
function quotedForms(v: number): string[] {
  return [v.toFixed(1), v.toFixed(2), `level ${Math.round(v)}`];
}

const tierRow = (facts: TierFacts<number>) => ({
  school_code: "01000010000001",
  school_level: "elementary",
  facts,
  triggers: facts.tier === "focus" ? TRIGGERS : [],
});

describe("tierReasonText(facts, framework) on facts decided for the reader", () => {
  for (const [kind, facts] of Object.entries(TIERS)) {
    it(`${kind}: the hub's analysts read every figure, exactly as stored`, () => {
      const shown = shownTierFacts(tierRow(facts), NOTHING_HIDDEN)!;
      const all = figures(shown);
      expect(all.length).toBeGreaterThan(0);
      expect(all.every((f) => !f.withheld)).toBe(true);
      expect(shown.indexScore).toEqual({ value: facts.indexScore, withheld: false });
      expect(shown.cutoffs.priorityScore).toEqual({
        value: facts.cutoffs.priorityScore,
        withheld: false,
      });
      const text = tierReasonText(shown, framework);
      expect(text).not.toContain("not shown");
      expect(text).not.toContain(WITHHELD_NOTE);
    });

    it(`${kind}: a reader denied every figure gets each withheld in the facts and none in words`, () => {
      const hub = shownTierFacts(tierRow(facts), NOTHING_HIDDEN)!;
      const shown = shownTierFacts(tierRow(facts), ALL_HIDDEN)!;
      expect(figures(shown).length).toBe(figures(hub).length);
      expect(figures(shown).every((f) => f.withheld && f.value === null)).toBe(true);
      const text = tierReasonText(shown, framework);
      const hubText = tierReasonText(hub, framework);
      // Checked against the facts: every figure the hub's reason quotes is absent here.
      for (const f of figures(hub)) {
        for (const form of quotedForms(f.value!).filter((q) => hubText.includes(q)))
          expect(text, `${kind} quotes ${form}`).not.toContain(form);
      }
      expect(text).not.toMatch(/suppressed/);
      expect(text).toContain(WITHHELD_NOTE);
    });
  }

  it("quotes the figures the hub reads in the forms a reader knows", () => {
    const priority = tierReasonText(
      shownTierFacts(tierRow(TIERS["priority by index and graduation"]!), NOTHING_HIDDEN),
      framework,
    );
    expect(priority).toBe(
      "Identified for comprehensive support (priority): index score 17.4 is in the lowest 5% of the network (cut-off 18.9); and the graduation rate 61.2% is below 67%.",
    );
    const focus = tierReasonText(
      shownTierFacts(tierRow(TIERS["focus by the subgroup component"]!), NOTHING_HIDDEN),
      framework,
    );
    expect(focus).toBe(
      "Identified for targeted support (focus): the lowest-performing racial/ethnic group average 1.67 across their measures' levels (Culture and climate: parents level 1 for African American students, Math performance level 3 for African American students); the school's subgroup component 23.5 is in the lowest 10% of the network's elementary schools outside priority (cut-off 24.8).",
    );
  });

  it("says in words that a cut-off is withheld, never 'cut-off of suppressed'", () => {
    const facts = TIERS["focus by a group at or below the priority cut-off"]!;
    const cutoffOnly: HiddenCells = { ...NOTHING_HIDDEN, cutoff: () => true };
    const text = tierReasonText(shownTierFacts(tierRow(facts), cutoffOnly), framework);
    expect(text).toContain(
      "at or below the priority cut-off in level terms (not shown: it is a school's exact score, which is protected).",
    );
    expect(text).toContain("average 1.67");
  });

  it("says a run from before facts were kept must be computed again", () => {
    expect(
      tierReasonText(shownTierFacts({ ...tierRow(base), facts: null }, ALL_HIDDEN), framework),
    ).toMatch(/compute the run again/);
  });
});

const PAIR: PairFacts<number> = {
  kind: "paired",
  schoolLevel: "elementary",
  partnerCode: "01000010000002",
  partnerName: "Beta Elementary",
  kept: false,
  replacedPrior: null,
  distanceKm: 63.4,
  sameDistrict: false,
  contextRank: 3,
  partnersAtLevel: 9,
  contextDistance: 0.81,
  shared: ["culture_climate_parent", "math_performance", "suspension"],
  stronger: [
    { metric: "culture_climate_parent", schoolLevel: 3.5, partnerLevel: 9.75 },
    { metric: "math_performance", schoolLevel: 2.25, partnerLevel: 6.5 },
  ],
  meanGap: 5.25,
  cost: 3.4711,
  broken: ["caliper_km", "max_cost"],
  withinPreferences: 0,
  caliperKm: 50,
  maxCost: 3,
};
const UNMATCHED: UnmatchedFacts<number> = {
  kind: "unmatched",
  schoolLevel: "elementary",
  why: "none_qualify",
  priorPartner: null,
  candidates: 2,
  weakest: ["culture_climate_parent"],
  open: 0,
  best: null,
  capacity: 1,
  far: null,
  notStronger: 1,
  dear: { count: 1, lowest: { code: "01000010000003", name: "Gamma", cost: 3.8293 } },
  caliperKm: 50,
  maxCost: 3,
};
const pairRow = (facts: PairFacts<number> | UnmatchedFacts<number>) => ({
  school_code: "01000010000001",
  school_level: "elementary",
  facts,
});

describe("pairingReasonText(facts, framework) on facts decided for the reader", () => {
  it("quotes measure levels as whole numbers with their labels (the demo read 'level 9.8 vs 3.5')", () => {
    const text = pairingReasonText(shownPairingFacts(pairRow(PAIR), NOTHING_HIDDEN), framework);
    expect(text).toContain(
      "Stronger where this school is weakest: Culture and climate: parents level 10 vs 4 (+6), Math performance level 7 vs 2 (+5); +5.3 levels on average.",
    );
    expect(text).toContain("its cost 3.47 is above the maximum of 3");
    expect(text).not.toMatch(/level \d+\.\d/);
    expect(text).not.toContain("culture_climate_parent");
  });

  for (const [kind, facts] of [
    ["paired", PAIR],
    ["unmatched", UNMATCHED],
  ] as const) {
    it(`${kind}: a reader denied the levels gets them, their mean and the costs withheld`, () => {
      const hub = shownPairingFacts(pairRow(facts), NOTHING_HIDDEN)!;
      const shown = shownPairingFacts(pairRow(facts), ALL_HIDDEN)!;
      expect(figures(hub).every((f) => !f.withheld)).toBe(true);
      expect(figures(shown).length).toBe(figures(hub).length);
      expect(figures(shown).every((f) => f.withheld)).toBe(true);
      const hubText = pairingReasonText(hub, framework);
      const text = pairingReasonText(shown, framework);
      for (const f of figures(hub))
        for (const form of quotedForms(f.value!).filter((q) => hubText.includes(q)))
          expect(text, `${kind} quotes ${form}`).not.toContain(form);
      expect(text).not.toMatch(/suppressed/);
      expect(text).toContain(WITHHELD_NOTE);
    });
  }
});

describe("communityReasonText(facts, framework) on facts decided for the reader", () => {
  const community: CommunityFacts<number> = {
    kind: "community",
    id: "E01",
    schoolLevel: "elementary",
    metric: "culture_climate_parent",
    groups: ["EL"],
    members: [
      { schoolCode: "01000010000001", group: "EL", level: 2 },
      { schoolCode: "01000010000002", group: "EL", level: 3 },
    ],
    meanContextDistance: 0.42,
    districts: 1,
  };
  const oneHidden: HiddenCells = {
    ...NOTHING_HIDDEN,
    cell: (school) => school === "01000010000001",
  };

  it("withholds exactly the members' levels the reader may not see, naming the measure by its label", () => {
    const hub = communityReasonText(shownCommunityFacts(community, NOTHING_HIDDEN), framework);
    expect(hub).toBe(
      "2 elementary schools where English learners are weak in Culture and climate: parents (levels 2, 3), with similar student populations (mean context distance 0.42 between members), from one district.",
    );
    const shown = shownCommunityFacts(community, oneHidden)!;
    expect(shown.kind === "community" && shown.members.map((m) => m.level)).toEqual([
      { value: null, withheld: true },
      { value: 3, withheld: false },
    ]);
    const text = communityReasonText(shown, framework);
    expect(text).toContain("(levels not shown, 3)");
    expect(text).toContain(WITHHELD_NOTE);
  });
});

describe("tierReasonText counts years in words", () => {
  const held = (tier: "priority" | "focus", yearsBelowEntry: number) =>
    tierReasonText(
      shownTierFacts(
        tierRow({ ...base, tier, basis: "held", yearsInTier: 2, yearsBelowEntry }),
        NOTHING_HIDDEN,
      )!,
      framework,
    );

  it('says "1 year" and "2 years", never "year(s)"', () => {
    for (const tier of ["priority", "focus"] as const) {
      expect(held(tier, 1)).toMatch(/\b1 year\b(?!s)/);
      expect(held(tier, 2)).toContain("2 years");
      expect(held(tier, 1)).not.toContain("year(s)");
    }
  });
});
