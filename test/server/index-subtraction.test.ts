import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shownPairingFacts, shownTierReason } from "../../src/disclosure/derived-values.ts";
import { NOTHING_HIDDEN } from "../../src/disclosure/hidden-cells.ts";
import type { Identification, Trigger } from "../../src/identification/identify-schools.ts";
import type { PairCost } from "../../src/identification/pairing-cost.ts";
import { pairFacts, unmatchedFacts } from "../../src/identification/pairing-facts.ts";
import type { PairingFacts, TierFacts } from "../../src/identification/reason-facts.ts";
import { pairingReasonText } from "../../src/identification/reason-text.ts";
import { tierFacts } from "../../src/identification/tier-facts.ts";
import {
  type Harness,
  PUBLISHED,
  S1,
  S1_CHRONIC,
  S2,
  S3,
  signIn,
  startHarness,
  type Who,
} from "./fixture.ts";

/**
 * The index-by-subtraction attack: S1's index is the sum of two components' points. Chronic
 * absence carries S1's AA level (n = 25, hidden beside AS n = 8 by complementary suppression), so
 * its points are withheld from readers of the suppressed form; suspension hides nothing. If the
 * exact index score were served, index − suspension points = chronic absence points, and from
 * them AA's level. The same holds for the subgroup component a focus reason quotes, and for the
 * pair costs (a cost adds the partner's measure level to parts shown beside it) that pair and
 * unmatched reasons quote. The facts are written by the code a run uses; `texts` are their
 * reasons as a reader who sees every figure reads them.
 */
const SUBGROUP_LEVELS = [
  ["EL", "EL", 5],
  ["SED", "SED", 4],
  ["LOWEST_RACE", "AA", 2],
] as const;
const CHRONIC_ALL = 4;
const SUBGROUP_MEAN = SUBGROUP_LEVELS.reduce((s, g) => s + g[2], 0) / SUBGROUP_LEVELS.length;
const CHRONIC_LEVEL = 0.5 * CHRONIC_ALL + 0.5 * SUBGROUP_MEAN;
const CHRONIC_WEIGHT = 21.7;
const CHRONIC_POINTS = (CHRONIC_WEIGHT * CHRONIC_LEVEL) / 10;
const SUSPENSION_WEIGHT = 17.3;
const SUSPENSION_LEVEL = 7;
const SUSPENSION_POINTS = (SUSPENSION_WEIGHT * SUSPENSION_LEVEL) / 10;
const INDEX_SCORE = CHRONIC_POINTS + SUSPENSION_POINTS;
const INDEX_LEVEL = 3;
/** As the identification stage computes it: Σ weight × subgroup mean / 10 / Σ weight × 100. */
const SUBGROUP_COMPONENT = (((CHRONIC_WEIGHT * SUBGROUP_MEAN) / 10) * 100) / CHRONIC_WEIGHT;
const PAIR_COST = 3.4711;
const S3_CANDIDATE_COST = 3.8293;
const S2_INDEX = 42.5;

const TRIGGER: Trigger = {
  group: "LOWEST_RACE",
  meanLevel: 2,
  measures: [{ metric: "chronic_absence", level: 2, studentGroup: "AA" }],
};

let h: Harness;
let texts: { tier: string; pair: string; unmatched: string; s2Tier: string; s3Tier: string };

function pairCost(
  schoolLevel: number,
  partnerLevel: number,
  cost: number,
  blockedBy: PairCost["blockedBy"],
): PairCost {
  return {
    contextDistance: 0.5,
    contextRank: 1,
    strengths: [{ metric: "chronic_absence", schoolLevel, partnerLevel }],
    strengthGap: partnerLevel - schoolLevel,
    distanceKm: 4.2,
    sameDistrict: true,
    cost,
    blockedBy,
  };
}

async function writeRun(): Promise<void> {
  const w = h.warehouse;
  const run = PUBLISHED;
  const framework = h.framework;
  for (const [component, group, level] of SUBGROUP_LEVELS) {
    const row = S1_CHRONIC.find(([g]) => g === group)!;
    await w.run(
      "INSERT INTO index_group_levels VALUES (?, 2024, ?, 'elementary', 'chronic_absence', ?, ?, ?, ?, ?)",
      [run, S1, component, group, level, (100 * row[2]) / row[1], row[1]],
    );
  }
  await w.run(
    `UPDATE index_components SET domain = 'se_cc', weight = ?, all_level = ?, subgroup_mean = ?, subgroup_count = ?,
       measure_level = ?, points = ?
     WHERE run_id = ? AND school_code = ? AND metric = 'chronic_absence'`,
    [
      CHRONIC_WEIGHT,
      CHRONIC_ALL,
      SUBGROUP_MEAN,
      SUBGROUP_LEVELS.length,
      CHRONIC_LEVEL,
      CHRONIC_POINTS,
      run,
      S1,
    ],
  );
  for (const [group, n, k] of [
    ["ALL", 200, 14],
    ["HI", 120, 9],
    ["WH", 80, 5],
  ] as const)
    await w.run(
      "INSERT INTO metric_results VALUES (?, 2024, ?, 'elementary', 'suspension', ?, ?, ?, ?, false, NULL, NULL)",
      [run, S1, group, n, k, (100 * k) / n],
    );
  await w.run(
    "INSERT INTO index_components VALUES (?, 2024, ?, 'elementary', 'suspension', 'se_cc', ?, ?, NULL, 0, ?, ?)",
    [run, S1, SUSPENSION_WEIGHT, SUSPENSION_LEVEL, SUSPENSION_LEVEL, SUSPENSION_POINTS],
  );
  await w.run(
    "UPDATE index_results SET index_score = ?, index_level = ?, measures = 2 WHERE run_id = ? AND school_code = ?",
    [INDEX_SCORE, INDEX_LEVEL, run, S1],
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
  // The trigger's mean (2) is above the priority level (1.5): the reason quotes the component,
  // whose cut-off is S1's own (S1 is the network's lowest).
  const tier = tierFacts(
    {
      schoolCode: S1,
      schoolLevel: "elementary",
      indexScore: INDEX_SCORE,
      indexLevel: INDEX_LEVEL,
      titleI: true,
      graduationRate: null,
      groups: [],
      subgroupComponent: SUBGROUP_COMPONENT,
      growthLevel: null,
      prior: null,
    },
    decided,
    { priorityScore: 15, priorityLevel: 1.5, subgroupComponent: SUBGROUP_COMPONENT },
    framework,
  );
  await w.run(
    "UPDATE identification SET triggers = ?::JSON, facts = ?::JSON WHERE run_id = ? AND school_code = ?",
    [JSON.stringify([TRIGGER]), JSON.stringify(tier), run, S1],
  );

  // S2 and S3 (whose own figures hide nothing) quote the priority cut-off, here S1's score: the
  // cut-off is the score of one school. Each reason is written by the generator.
  const cutoffs = {
    priorityScore: INDEX_SCORE,
    priorityLevel: INDEX_SCORE / 10,
    subgroupComponent: SUBGROUP_COMPONENT,
  };
  const standing = (schoolCode: string) => ({
    schoolCode,
    schoolLevel: "elementary",
    indexScore: S2_INDEX,
    indexLevel: 4,
    titleI: true,
    graduationRate: null,
    groups: [],
    subgroupComponent: 50,
    growthLevel: null,
    prior: null,
  });
  const quiet = {
    meetsPriority: false,
    meetsFocus: false,
    priorityBy: { index: false, graduation: false },
    triggers: [],
  };
  const s2Tier = tierFacts(
    standing(S2),
    {
      ...quiet,
      schoolCode: S2,
      schoolLevel: "elementary",
      tier: "none",
      yearsInTier: 1,
      yearsBelowEntry: 0,
      exitStatus: null,
      exitedFrom: null,
    },
    cutoffs,
    framework,
  );
  const s3Tier = tierFacts(
    standing(S3),
    {
      ...quiet,
      schoolCode: S3,
      schoolLevel: "elementary",
      tier: "priority",
      yearsInTier: 2,
      yearsBelowEntry: 1,
      exitStatus: "exit_pending",
      exitedFrom: null,
    },
    cutoffs,
    framework,
  );
  for (const [code, tierName, facts] of [
    [S2, "none", s2Tier],
    [S3, "priority", s3Tier],
  ] as const)
    await w.run(
      "UPDATE identification SET tier = ?, meets_priority = false, meets_focus = false, facts = ?::JSON WHERE run_id = ? AND school_code = ?",
      [tierName, JSON.stringify(facts), run, code],
    );

  // S1 keeps last year's partner S2, though a new pair would cost too much today.
  const kept = pairCost(CHRONIC_LEVEL, 8, PAIR_COST, "max_cost");
  const pair = pairFacts({
    partnerName: "Beta Elementary",
    partnerCode: S2,
    schoolLevel: "elementary",
    cost: kept,
    partnersAtLevel: 2,
    kept: true,
    replacedPrior: null,
    framework,
  });
  await w.run(
    "UPDATE pairing_candidates SET strengths = ?::JSON, strength_gap = ?, cost = ? WHERE run_id = ? AND school_code = ? AND partner_code = ?",
    [JSON.stringify(kept.strengths), kept.strengthGap, PAIR_COST, run, S1, S2],
  );
  await w.run(
    "UPDATE pairings SET facts = ?::JSON, strength_gap = ?, cost = ?, kept = true WHERE run_id = ? AND school_code = ?",
    [JSON.stringify(pair), kept.strengthGap, PAIR_COST, run, S1],
  );

  // S3 (priority, other district) has one candidate, S1, whose cost quotes S1's measure level.
  const s3 = pairCost(2.5, CHRONIC_LEVEL, S3_CANDIDATE_COST, "max_cost");
  const unmatched = unmatchedFacts({
    schoolLevel: "elementary",
    hasContext: true,
    candidates: [{ code: S1, name: "Alpha Elementary", cost: s3 }],
    weakest: ["chronic_absence"],
    priorPartner: null,
    framework,
  });
  await w.run(
    "INSERT INTO pairing_candidates VALUES (?, 2024, ?, 'elementary', ?, ?, 2.9, 1, ?, 40.0, false, 'max_cost', ?::JSON)",
    [run, S3, S1, S3_CANDIDATE_COST, s3.strengthGap, JSON.stringify(s3.strengths)],
  );
  await w.run(
    "INSERT INTO pairings VALUES (?, 2024, ?, 'elementary', NULL, NULL, NULL, NULL, NULL, NULL, false, ?)",
    [run, S3, JSON.stringify(unmatched)],
  );
  const tierText = (code: string, facts: TierFacts<number>, triggers: Trigger[]) =>
    shownTierReason(
      { school_code: code, school_level: "elementary", facts, triggers },
      NOTHING_HIDDEN,
      framework,
    );
  const pairText = (code: string, facts: PairingFacts<number>) =>
    pairingReasonText(
      shownPairingFacts({ school_code: code, school_level: "elementary", facts }, NOTHING_HIDDEN),
      framework,
    );
  texts = {
    tier: tierText(S1, tier, [TRIGGER]),
    pair: pairText(S1, pair),
    unmatched: pairText(S3, unmatched),
    s2Tier: tierText(S2, s2Tier, []),
    s3Tier: tierText(S3, s3Tier, []),
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
async function get(who: Who, url: string): Promise<string> {
  if (!cookies.has(who)) cookies.set(who, (await signIn(h.app, who)).cookie);
  const cookie = cookies.get(who)!;
  const res = await h.app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });
  expect(res.statusCode, `${who} ${url}: ${res.body}`).toBe(200);
  return res.body;
}

const api = (path: string) => `/api/runs/${PUBLISHED}/${path}`;
const REPORT = api(`schools/${S1}/report`);
const S2_REPORT = api(`schools/${S2}/report`);
const INDEX = api(`schools/${S1}/index`);
const TIERS = api("tiers");
const PAIRINGS = api("pairings");
const JSON_ROUTES = [
  REPORT,
  S2_REPORT,
  INDEX,
  TIERS,
  PAIRINGS,
  api("communities"),
  api(`schools/${S1}/peers?metric=chronic_absence`),
];
const EXPORTS = [
  "index_results",
  "index_components",
  "identification",
  "pairings",
  "communities",
  "metric_levels",
].map((t) => api(`exports/${t}`));

/** Every form a served number could take that gives a hidden component back by arithmetic. */
const LEAKING_FIGURES = {
  "index score": [INDEX_SCORE, 1],
  "chronic absence points": [CHRONIC_POINTS, 1],
  "subgroup component": [SUBGROUP_COMPONENT, 1],
  "S1's pair cost": [PAIR_COST, 2],
  "S3's candidate cost": [S3_CANDIDATE_COST, 2],
  "priority cut-off in level terms (S1's score / 10)": [INDEX_SCORE / 10, 2],
} as const;
const forms = (value: number, decimals: number) => [
  String(value),
  value.toFixed(decimals),
  value.toFixed(6),
];

interface ScoreRow {
  school_code?: string;
  index_score: number | null;
  index_score_suppressed: boolean;
  index_level: number | null;
}

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

describe("the index score and costs of a school whose index uses a hidden cell", () => {
  it("the fixture's index is the sum of its points, so its score would tell the hidden ones", () => {
    expect(INDEX_SCORE - SUSPENSION_POINTS).toBeCloseTo(CHRONIC_POINTS, 12);
    expect(texts.tier).toContain(`subgroup component ${SUBGROUP_COMPONENT.toFixed(1)}`);
    expect(texts.pair).toContain(`its cost ${PAIR_COST.toFixed(2)} is above the maximum`);
    expect(texts.unmatched).toContain(`(lowest ${S3_CANDIDATE_COST.toFixed(2)})`);
    expect(texts.tier).toContain(`(cut-off ${SUBGROUP_COMPONENT.toFixed(1)})`);
    expect(texts.s2Tier).toContain(`above the priority cut-off (${INDEX_SCORE.toFixed(1)})`);
    expect(texts.s3Tier).toContain(`above the entry cut-off (${INDEX_SCORE.toFixed(1)})`);
  });

  for (const who of SUPPRESSED_READERS) {
    it(`${who}: gets S1's index level and tier but no figure the hidden points follow from`, async () => {
      const report = JSON.parse(await get(who, REPORT)) as { levels: ScoreRow[] };
      expect(report.levels[0]).toMatchObject({
        index_score: null,
        index_score_suppressed: true,
        index_level: INDEX_LEVEL,
        tier: "focus",
      });

      const index = JSON.parse(await get(who, INDEX)) as {
        levels: (ScoreRow & { components: { metric: string; points: number | null }[] })[];
      };
      const level = index.levels[0]!;
      expect(level.components.some((c) => c.points === null)).toBe(true);
      expect(level).toMatchObject({
        index_score: null,
        index_score_suppressed: true,
        index_level: INDEX_LEVEL,
      });
      expect(level.components.find((c) => c.metric === "suspension")!.points).toBeCloseTo(
        SUSPENSION_POINTS,
        12,
      );

      const tiers = JSON.parse(await get(who, TIERS)) as {
        schools: (ScoreRow & { reason: string; tier: string })[];
      };
      const s1 = tiers.schools.find((s) => s.school_code === S1)!;
      expect(s1).toMatchObject({
        index_score: null,
        index_score_suppressed: true,
        index_level: INDEX_LEVEL,
        tier: "focus",
      });
      expect(s1.reason).toContain("; the school's subgroup component is in the lowest 10%");
      expect(s1.reason).toContain(
        "(cut-off not shown: it is a school's exact score, which is protected).",
      );
      expect(s1.reason).toMatch(/Figures not shown are withheld to protect the privacy/);
      // S2's and S3's own scores are shown, but the cut-off they quote is S1's withheld score.
      const reasonOf = (code: string) => tiers.schools.find((s) => s.school_code === code)!.reason;
      const withheld = "not shown: it is a school's exact score, which is protected";
      expect(reasonOf(S2)).toContain(`above the priority cut-off (${withheld})`);
      expect(reasonOf(S3)).toContain(`above the entry cut-off (${withheld})`);
      for (const code of [S1, S2, S3]) expect(reasonOf(code)).not.toMatch(/suppressed/);
      // A school whose index hides nothing keeps its score.
      expect(tiers.schools.find((s) => s.school_code === S2)).toMatchObject({
        index_score: S2_INDEX,
        index_score_suppressed: false,
      });

      const pairings = JSON.parse(await get(who, PAIRINGS)) as {
        rows: { school_code: string; cost: number | null; reason: string }[];
      };
      const pair = pairings.rows.find((r) => r.school_code === S1)!;
      expect(pair.cost).toBeNull();
      expect(pair.reason).toContain("(its cost is above the maximum of");
      expect(pairings.rows.find((r) => r.school_code === S3)!.reason).toContain(
        "(lowest not shown)",
      );

      const indexCsv = await get(who, EXPORTS[0]!);
      const header = indexCsv.split("\n")[0]!.split(",");
      const s1Line = indexCsv
        .split("\n")
        .find((l) => l.includes(S1))!
        .split(",");
      expect(s1Line[header.indexOf("index_score")]).toBe("");
      expect(s1Line[header.indexOf("index_score_suppressed")]).toBe("true");
      expect(s1Line[header.indexOf("index_level")]).toBe(String(INDEX_LEVEL));

      for (const url of [...JSON_ROUTES, ...EXPORTS]) {
        const body = await get(who, url);
        for (const [name, [value, decimals]] of Object.entries(LEAKING_FIGURES))
          for (const form of forms(value, decimals))
            expect(body, `${url} serves the ${name} as ${form}`).not.toContain(form);
      }
    });
  }

  for (const who of ENTITLED_READERS) {
    it(`${who} (may read S1's figures unsuppressed): gets the stored score, costs and texts`, async () => {
      const report = JSON.parse(await get(who, REPORT)) as { levels: ScoreRow[] };
      expect(report.levels[0]!.index_score_suppressed).toBe(false);
      expect(report.levels[0]!.index_score).toBeCloseTo(INDEX_SCORE, 12);
      const index = JSON.parse(await get(who, INDEX)) as { levels: ScoreRow[] };
      expect(index.levels[0]!.index_score).toBeCloseTo(INDEX_SCORE, 12);
      const tiers = JSON.parse(await get(who, TIERS)) as {
        schools: (ScoreRow & { reason: string })[];
      };
      const s1 = tiers.schools.find((s) => s.school_code === S1)!;
      expect(s1.index_score).toBeCloseTo(INDEX_SCORE, 12);
      expect(s1.reason).toBe(texts.tier);
      // The cut-offs, S1's figures, are shown to a reader who may see them.
      const reasonOf = (code: string) => tiers.schools.find((s) => s.school_code === code)!.reason;
      expect(reasonOf(S2)).toBe(texts.s2Tier);
      expect(reasonOf(S3)).toBe(texts.s3Tier);
      const s1Report = JSON.parse(await get(who, REPORT)) as { levels: { reason: string }[] };
      expect(s1Report.levels[0]!.reason).toBe(texts.tier);
      const pairings = JSON.parse(await get(who, PAIRINGS)) as {
        rows: { school_code: string; cost: number | null; reason: string }[];
      };
      const pair = pairings.rows.find((r) => r.school_code === S1)!;
      expect(pair.cost).toBeCloseTo(PAIR_COST, 12);
      expect(pair.reason).toBe(texts.pair);
      expect(pairings.rows.find((r) => r.school_code === S3)!.reason).toBe(texts.unmatched);
      // An export is suppressed whole or not: only the district admin's is unsuppressed.
      if (who !== "district_admin") return;
      const own = await get(who, `${EXPORTS[0]!}?district=0100001`);
      expect(own).toContain(`${S1},elementary,${INDEX_SCORE},${INDEX_LEVEL},2,false`);
    });
  }
});
