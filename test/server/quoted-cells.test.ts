import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  shownCommunityFacts,
  shownPairingFacts,
  shownTierFacts,
  shownTierReason,
} from "../../src/disclosure/derived-values.ts";
import { NOTHING_HIDDEN } from "../../src/disclosure/hidden-cells.ts";
import { suppressGroupRows } from "../../src/disclosure/suppress-metric-rows.ts";
import type { ContextSimilarity } from "../../src/identification/context-similarity.ts";
import { type FocusSchool, formCommunities } from "../../src/identification/form-communities.ts";
import type { Identification, Trigger } from "../../src/identification/identify-schools.ts";
import type { PairCost } from "../../src/identification/pairing-cost.ts";
import { pairFacts } from "../../src/identification/pairing-facts.ts";
import type { CommunityFacts, Figure, PairFacts } from "../../src/identification/reason-facts.ts";
import {
  communityReasonText,
  pairingReasonText,
  tierReasonText,
} from "../../src/identification/reason-text.ts";
import { tierFacts } from "../../src/identification/tier-facts.ts";
import {
  type Harness,
  PUBLISHED,
  S1,
  S1_CHRONIC,
  S2,
  signIn,
  startHarness,
  type Who,
} from "./fixture.ts";

/**
 * S1's race group AA (n = 25) on chronic absence is hidden beside the small AS (n = 8) in what the
 * public is served (complementary suppression), yet AA is S1's lowest race group: its level 2 is
 * in S1's index, triggers S1's focus tier, is S1's problem of practice in community C1, and lowers
 * the measure level that S1's pair reason quotes. Every fact and field here is written by the
 * code that writes them in a run (`texts`: the reasons as a reader who sees every figure reads
 * them) (the tables are filled independently: a real run would not make
 * S1 both a priority and a focus school at one level, but each route reads only its own table).
 */
const AA_LEVEL = 2;
const ALL_LEVEL = 4;
const SUBGROUPS = [
  ["EL", "EL", 5],
  ["SED", "SED", 4],
  ["LOWEST_RACE", "AA", AA_LEVEL],
] as const;
const SUBGROUP_MEAN = SUBGROUPS.reduce((s, g) => s + g[2], 0) / SUBGROUPS.length;
const MEASURE_LEVEL = 0.5 * ALL_LEVEL + 0.5 * SUBGROUP_MEAN;
const WEIGHT = 13.33;
const PARTNER_LEVEL = 8;

const TRIGGER: Trigger = {
  group: "LOWEST_RACE",
  meanLevel: AA_LEVEL,
  measures: [{ metric: "chronic_absence", level: AA_LEVEL, studentGroup: "AA" }],
};

let h: Harness;
let texts: { tier: string; trigger: string; community: string; pair: string };
/** The facts as a reader who sees every figure reads them. */
let whole: {
  tier: ReturnType<typeof shownTierFacts>;
  community: ReturnType<typeof shownCommunityFacts>;
  pair: ReturnType<typeof shownPairingFacts>;
};

const context = (schoolCode: string, districtCode: string) => ({
  schoolCode,
  schoolLevel: "elementary",
  schoolName: schoolCode,
  districtCode,
  latitude: 37.5,
  longitude: -122.1,
  enrollment: 300,
  variables: [0.5],
});

async function writeRun(): Promise<void> {
  const w = h.warehouse;
  const framework = h.framework;
  const run = PUBLISHED;
  await w.run(
    "INSERT INTO metric_results VALUES (?, 2024, ?, 'elementary', 'chronic_absence', 'AA', 25, 2, 8.0, false, NULL, NULL)",
    [run, S2],
  );
  for (const [, group, level] of SUBGROUPS)
    await w.run(
      "INSERT INTO metric_levels VALUES (?, 2024, ?, 'elementary', 'chronic_absence', ?, ?, NULL, NULL, NULL)",
      [run, S1, group, level],
    );
  await w.run(
    "INSERT INTO metric_levels VALUES (?, 2024, ?, 'elementary', 'chronic_absence', 'AA', 3, NULL, NULL, NULL)",
    [run, S2],
  );
  for (const [component, group, level] of SUBGROUPS) {
    const row = S1_CHRONIC.find(([g]) => g === group)!;
    await w.run(
      "INSERT INTO index_group_levels VALUES (?, 2024, ?, 'elementary', 'chronic_absence', ?, ?, ?, ?, ?)",
      [run, S1, component, group, level, (100 * row[2]) / row[1], row[1]],
    );
  }
  await w.run(
    `UPDATE index_components SET all_level = ?, subgroup_mean = ?, subgroup_count = ?, measure_level = ?, points = ?
     WHERE run_id = ? AND school_code = ?`,
    [
      ALL_LEVEL,
      SUBGROUP_MEAN,
      SUBGROUPS.length,
      MEASURE_LEVEL,
      (WEIGHT * MEASURE_LEVEL) / 10,
      run,
      S1,
    ],
  );

  const decided: Omit<Identification, "facts"> = {
    schoolCode: S1,
    schoolLevel: "elementary",
    tier: "focus",
    meetsPriority: false,
    meetsFocus: true,
    priorityBy: { index: false, graduation: false },
    triggers: [TRIGGER],
    yearsInTier: 1,
    yearsBelowEntry: 0,
    exitStatus: "new",
    exitedFrom: null,
  };
  const tier = tierFacts(
    {
      schoolCode: S1,
      schoolLevel: "elementary",
      indexScore: 42.5,
      indexLevel: 4,
      titleI: true,
      graduationRate: null,
      groups: [],
      subgroupComponent: 40,
      growthLevel: null,
      prior: null,
    },
    decided,
    { priorityScore: 25, priorityLevel: 2.5, subgroupComponent: 30 },
    framework,
  );
  await w.run(
    "UPDATE identification SET triggers = ?::JSON, facts = ?::JSON WHERE run_id = ? AND school_code = ?",
    [JSON.stringify([TRIGGER]), JSON.stringify(tier), run, S1],
  );

  const focus = (code: string, level: number): FocusSchool => ({
    context: context(code, "0100001"),
    problems: [{ group: "AA", metric: "chronic_absence", level }],
  });
  const similarity = {
    contextDistance: () => 1,
    travelKm: () => 4,
    warnings: [],
  } satisfies ContextSimilarity;
  const [community] = formCommunities(
    [focus(S1, AA_LEVEL), focus(S2, 3)],
    similarity,
    framework,
  ).communities;
  await w.run("DELETE FROM communities WHERE run_id = ? AND school_code IN (?, ?)", [run, S1, S2]);
  for (const m of community!.members)
    await w.run("INSERT INTO communities VALUES (?, 2024, 'C1', ?, 'elementary', ?, ?, ?, ?)", [
      run,
      m.school.context.schoolCode,
      "0100001",
      community!.problem,
      m.level,
      JSON.stringify(community!.facts),
    ]);

  const strengths = [
    { metric: "chronic_absence", schoolLevel: MEASURE_LEVEL, partnerLevel: PARTNER_LEVEL },
  ];
  const cost: PairCost = {
    contextDistance: 0.5,
    contextRank: 1,
    strengths,
    strengthGap: PARTNER_LEVEL - MEASURE_LEVEL,
    distanceKm: 4.2,
    sameDistrict: true,
    cost: 1.25,
    blockedBy: null,
  };
  const pair = pairFacts({
    partnerName: "Beta Elementary",
    partnerCode: S2,
    schoolLevel: "elementary",
    cost,
    partnersAtLevel: 2,
    kept: false,
    replacedPrior: null,
    framework,
  });
  await w.run(
    "UPDATE pairing_candidates SET strengths = ?::JSON, strength_gap = ? WHERE run_id = ? AND school_code = ? AND partner_code = ?",
    [JSON.stringify(strengths), cost.strengthGap, run, S1, S2],
  );
  await w.run(
    "UPDATE pairings SET facts = ?::JSON, strength_gap = ? WHERE run_id = ? AND school_code = ?",
    [JSON.stringify(pair), cost.strengthGap, run, S1],
  );
  whole = {
    tier: shownTierFacts(
      { school_code: S1, school_level: "elementary", facts: tier, triggers: [TRIGGER] },
      NOTHING_HIDDEN,
    ),
    community: shownCommunityFacts(community!.facts, NOTHING_HIDDEN),
    pair: shownPairingFacts(
      { school_code: S1, school_level: "elementary", facts: pair },
      NOTHING_HIDDEN,
    ),
  };
  texts = {
    tier: shownTierReason(
      { school_code: S1, school_level: "elementary", facts: tier, triggers: [TRIGGER] },
      NOTHING_HIDDEN,
      framework,
    ),
    trigger: `Chronic absence level ${AA_LEVEL} for African American students`,
    community: communityReasonText(
      shownCommunityFacts(community!.facts, NOTHING_HIDDEN),
      framework,
    ),
    pair: pairingReasonText(
      shownPairingFacts(
        { school_code: S1, school_level: "elementary", facts: pair },
        NOTHING_HIDDEN,
      ),
      framework,
    ),
  };
}

beforeAll(async () => {
  h = await startHarness();
  await writeRun();
});
afterAll(async () => {
  await h?.close();
});

const cookies = new Map<Who, string>();
async function get(who: Who, url: string) {
  if (!cookies.has(who)) cookies.set(who, (await signIn(h.app, who)).cookie);
  const cookie = cookies.get(who)!;
  const res = await h.app.inject({
    method: "GET",
    url,
    headers: cookie ? { cookie } : {},
  });
  expect(res.statusCode, `${who} ${url}: ${res.body}`).toBe(200);
  return res;
}

const REPORT = `/api/runs/${PUBLISHED}/schools/${S1}/report`;
const INDEX = `/api/runs/${PUBLISHED}/schools/${S1}/index`;
const TIERS = `/api/runs/${PUBLISHED}/tiers`;
const PAIRINGS = `/api/runs/${PUBLISHED}/pairings`;
const COMMUNITIES = `/api/runs/${PUBLISHED}/communities`;
const exportOf = (table: string) => `/api/runs/${PUBLISHED}/exports/${table}`;

/**
 * Readers served S1's suppressed report: everyone but S1's district admin, S1's own staff and the
 * hub's analysts (who check identification under the data-sharing agreement, docs/privacy.md).
 */
const SUPPRESSED_READERS: readonly Who[] = [
  "anonymous",
  "network_member",
  "facilitator",
  "other_district_admin",
  "other_school_staff",
];
const ENTITLED_READERS: readonly Who[] = ["district_admin", "school_staff", "hub_admin"];

interface IndexBody {
  levels: {
    index_score: number;
    components: {
      metric: string;
      all_level: number | null;
      subgroup_mean: number | null;
      measure_level: number | null;
      points: number | null;
      subgroups: { student_group: string; level: number | null; suppressed: boolean }[];
    }[];
  }[];
}

describe("values derived from a group cell hidden by complementary suppression", () => {
  it("the fixture's AA cell is hidden beside AS, not for its own size (so it has a level)", () => {
    const rows = S1_CHRONIC.map(([student_group, n, numerator]) => ({
      school_code: S1,
      school_level: "elementary",
      metric: "chronic_absence",
      student_group,
      n,
      numerator,
      value: (100 * numerator) / n,
    }));
    const aa = suppressGroupRows(rows, { minN: () => 20, composites: [] }).find(
      (r) => r.student_group === "AA",
    )!;
    expect(aa).toMatchObject({ suppressed: true, suppression_reason: "complementary" });
    expect(texts.tier).toContain(texts.trigger);
    expect(texts.community).toContain("(levels 2, 3)");
    expect(texts.pair).toContain(`vs ${Math.round(MEASURE_LEVEL)} `);
  });

  for (const who of SUPPRESSED_READERS) {
    it(`${who}: no route serves AA's level, in words or in fields`, async () => {
      const report = (await get(who, REPORT)).json() as {
        levels: { reason: string; measures: { groups: { student_group: string }[] }[] }[];
      };
      const aaShown = report.levels[0]!.measures[0]!.groups.find((g) => g.student_group === "AA");
      expect(aaShown).toMatchObject({ level: null, suppressed: true });
      const reason = report.levels[0]!.reason;
      expect(reason).not.toContain(texts.trigger);
      expect(reason).toContain(
        "the lowest-performing racial/ethnic group have an average across their measures' levels that is not shown (Chronic absence level not shown for African American students)",
      );
      expect(reason).not.toMatch(/suppressed/);

      const tiers = (await get(who, TIERS)).json() as {
        schools: { school_code: string; reason: string }[];
      };
      expect(tiers.schools.find((s) => s.school_code === S1)!.reason).toBe(reason);

      const index = (await get(who, INDEX)).json() as IndexBody;
      const component = index.levels[0]!.components.find((c) => c.metric === "chronic_absence")!;
      expect(component.subgroups.find((g) => g.student_group === "AA")).toEqual({
        component_group: "LOWEST_RACE",
        student_group: "AA",
        level: null,
        suppressed: true,
      });
      // The mean, measure level and points would give AA's level back by arithmetic.
      expect(component).toMatchObject({ subgroup_mean: null, measure_level: null, points: null });
      expect(component.all_level).toBe(ALL_LEVEL);

      const communities = (await get(who, COMMUNITIES)).json() as {
        rows: { school_code: string; problem_level: number | null; reason: string }[];
      };
      const s1 = communities.rows.find((r) => r.school_code === S1)!;
      const s2 = communities.rows.find((r) => r.school_code === S2)!;
      expect(s1.problem_level).toBeNull();
      expect(s2.problem_level).toBe(3);
      for (const r of [s1, s2]) {
        expect(r.reason).not.toContain("(levels 2, 3)");
        expect(r.reason).toContain("(levels not shown, 3)");
      }

      const pairings = (await get(who, PAIRINGS)).json() as {
        rows: { school_code: string; reason: string; strength_gap: number | null }[];
      };
      const pair = pairings.rows.find((r) => r.school_code === S1)!;
      expect(pair.strength_gap).toBeNull();
      expect(pair.reason).toContain(
        "Stronger where this school is weakest: Chronic absence level 8 vs not shown.",
      );

      for (const url of [REPORT, TIERS, INDEX, COMMUNITIES, PAIRINGS]) {
        const body = (await get(who, url)).body;
        for (const quoted of [texts.trigger, "(levels 2, 3)", MEASURE_LEVEL.toFixed(1)])
          expect(body, `${url} quotes ${quoted}`).not.toContain(quoted);
        expect(body).not.toContain(String(SUBGROUP_MEAN));
      }
    });
  }

  for (const who of ENTITLED_READERS) {
    it(`${who} (may read S1's figures unsuppressed): gets every quoted level as written`, async () => {
      const report = (await get(who, REPORT)).json() as { levels: { reason: string }[] };
      expect(report.levels[0]!.reason).toBe(texts.tier);
      const tiers = (await get(who, TIERS)).json() as {
        schools: { school_code: string; reason: string }[];
      };
      expect(tiers.schools.find((s) => s.school_code === S1)!.reason).toBe(texts.tier);
      const index = (await get(who, INDEX)).json() as IndexBody;
      const component = index.levels[0]!.components.find((c) => c.metric === "chronic_absence")!;
      expect(component.subgroups.find((g) => g.student_group === "AA")).toMatchObject({
        level: AA_LEVEL,
        suppressed: false,
      });
      expect(component.subgroup_mean).toBeCloseTo(SUBGROUP_MEAN, 12);
      expect(component.points).toBeCloseTo((WEIGHT * MEASURE_LEVEL) / 10, 12);
      const communities = (await get(who, COMMUNITIES)).json() as {
        rows: { school_code: string; problem_level: number | null; reason: string }[];
      };
      const s1 = communities.rows.find((r) => r.school_code === S1)!;
      expect(s1).toMatchObject({ problem_level: AA_LEVEL, reason: texts.community });
      const pairings = (await get(who, PAIRINGS)).json() as {
        rows: { school_code: string; reason: string; strength_gap: number | null }[];
      };
      const pair = pairings.rows.find((r) => r.school_code === S1)!;
      expect(pair.reason).toBe(texts.pair);
      expect(pair.strength_gap).toBeCloseTo(PARTNER_LEVEL - MEASURE_LEVEL, 12);
    });
  }

  it("serves each reason's facts as disclosed: AA's level withheld for the public, with its value for the hub's analyst; the reason is rendered from exactly those facts", async () => {
    const WITHHELD = { value: null, withheld: true };
    const shown = (value: number) => ({ value, withheld: false });
    for (const who of ["anonymous", "hub_admin"] as const) {
      const aa = who === "anonymous" ? WITHHELD : shown(AA_LEVEL);
      const tiers = (await get(who, TIERS)).json() as {
        schools: {
          school_code: string;
          reason: string;
          facts: Parameters<typeof tierReasonText>[0];
        }[];
      };
      const tier = tiers.schools.find((s) => s.school_code === S1)!;
      expect(tier.facts!.triggers[0]).toEqual({
        group: "LOWEST_RACE",
        meanLevel: aa,
        measures: [{ metric: "chronic_absence", studentGroup: "AA", level: aa }],
      });
      expect(tier.reason).toBe(tierReasonText(tier.facts, h.framework));

      const communities = (await get(who, COMMUNITIES)).json() as {
        rows: {
          school_code: string;
          proposed_reason: string;
          facts: Parameters<typeof communityReasonText>[0];
        }[];
      };
      for (const row of communities.rows.filter(
        (r) => r.school_code === S1 || r.school_code === S2,
      )) {
        const facts = row.facts as CommunityFacts<Figure>;
        expect(facts.members.map((m) => [m.schoolCode, m.level])).toEqual([
          [S1, aa],
          [S2, shown(3)],
        ]);
        expect(row.proposed_reason).toBe(communityReasonText(row.facts, h.framework));
      }

      const pairings = (await get(who, PAIRINGS)).json() as {
        rows: {
          school_code: string;
          proposed_reason: string;
          facts: Parameters<typeof pairingReasonText>[0];
        }[];
      };
      const pair = pairings.rows.find((r) => r.school_code === S1)!;
      const facts = pair.facts as PairFacts<Figure>;
      expect(facts.stronger).toEqual([
        {
          metric: "chronic_absence",
          schoolLevel: who === "anonymous" ? WITHHELD : shown(MEASURE_LEVEL),
          partnerLevel: shown(PARTNER_LEVEL),
        },
      ]);
      expect(pair.proposed_reason).toBe(pairingReasonText(pair.facts, h.framework));

      if (who === "hub_admin") {
        // Nothing withheld from the hub: every fact as stored, none dropped on the way out.
        expect(tier.facts).toEqual(whole.tier);
        expect(communities.rows.find((r) => r.school_code === S1)!.facts).toEqual(whole.community);
        expect(pair.facts).toEqual(whole.pair);
      }
    }
  });

  it("the public exports hide the same levels; a district admin's own export keeps them", async () => {
    const csv = async (who: Who, url: string) => (await get(who, url)).body;
    const levels = await csv("anonymous", exportOf("metric_levels"));
    const aaLine = levels
      .split("\n")
      .find((l) => l.includes(`${S1},elementary,chronic_absence,AA`));
    expect(aaLine).toBe(`${PUBLISHED},2024,${S1},elementary,chronic_absence,AA,,,,`);
    const identification = await csv("anonymous", exportOf("identification"));
    expect(identification).not.toContain(texts.trigger);
    expect(identification).toContain("Chronic absence level not shown for African American");
    expect(identification).not.toMatch(/""level"":2/);
    const components = await csv("anonymous", exportOf("index_components"));
    expect(components).not.toContain(String(SUBGROUP_MEAN));
    for (const table of ["communities", "pairings"]) {
      const body = await csv("anonymous", exportOf(table));
      expect(body).not.toContain("(levels 2, 3)");
      expect(body).not.toContain(MEASURE_LEVEL.toFixed(1));
    }

    const own = await csv("district_admin", `${exportOf("identification")}?district=0100001`);
    expect(own).toContain(texts.trigger);
    const ownLevels = await csv("district_admin", `${exportOf("metric_levels")}?district=0100001`);
    expect(ownLevels).toContain(`${S1},elementary,chronic_absence,AA,${AA_LEVEL}`);
  });
});
