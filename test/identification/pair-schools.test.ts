import { describe, expect, it } from "vitest";
import { contextSimilarity } from "../../src/identification/context-similarity.ts";
import {
  type PairingInput,
  type PriorPair,
  pairSchools,
} from "../../src/identification/pair-schools.ts";
import { assignmentCost, type PairingSchool } from "../../src/identification/pairing-cost.ts";
import { framework as labels } from "../levels/fixture.ts";
import { prng, school, withLevels, withPairing } from "./pairing-fixture.ts";
import { pairingReason } from "./reason-of.ts";

type Framework = PairingInput["framework"];

function input(
  priority: PairingSchool[],
  partners: PairingSchool[],
  framework: Framework,
  priorPairs: PriorPair[] = [],
): PairingInput {
  const population = [...priority, ...partners].map((s) => s.context);
  return {
    priority: priority.map((p) => ({
      ...p,
      schoolCode: p.context.schoolCode,
      schoolLevel: p.context.schoolLevel,
    })),
    partners,
    similarity: contextSimilarity(population),
    priorPairs,
    framework,
  };
}

const weak = { math_performance: 1, ela_performance: 2, chronic_absence: 6 };
const strong = { math_performance: 9, ela_performance: 9, chronic_absence: 7 };

/** Brute force: the best (count, cost) over every assignment respecting capacities and blocks. */
function bruteForce(cost: number[][], capacity: number[]): { count: number; cost: number } {
  const load = capacity.map(() => 0);
  let best = { count: -1, cost: Number.POSITIVE_INFINITY };
  const visit = (i: number, count: number, total: number) => {
    if (i === cost.length) {
      if (count > best.count || (count === best.count && total < best.cost - 1e-12))
        best = { count, cost: total };
      return;
    }
    visit(i + 1, count, total);
    cost[i]!.forEach((c, j) => {
      if (!Number.isFinite(c) || load[j]! >= capacity[j]!) return;
      load[j]!++;
      visit(i + 1, count + 1, total + c);
      load[j]!--;
    });
  };
  visit(0, 0, 0);
  return best;
}

describe("pairSchools(input)", () => {
  it("finds the assignment a brute force finds (most pairs, then least total cost) on 150 random networks", () => {
    const random = prng(42);
    const levels = ["elementary", "middle"];
    const metrics = ["math_performance", "ela_performance", "chronic_absence", "suspension"];
    for (let trial = 0; trial < 150; trial++) {
      const framework = withPairing({
        partner_capacity: 1 + Math.floor(random() * 2),
        caliper_km: 20 + random() * 60,
        same_district_preference: random() < 0.5 ? 0 : 0.25,
        keep_existing_pairs: false,
      });
      const make = (prefix: string, n: number, lo: number, hi: number) =>
        Array.from({ length: n }, (_, i) =>
          withLevels(
            school(`${prefix}${i}`, {
              level: levels[Math.floor(random() * 2)]!,
              district: random() < 0.5 ? "1000000" : "2000000",
              lat: 36.5 + random() * 0.8,
              lon: -120 + random() * 0.8,
              vars: [random(), random(), random() * 0.3],
            }),
            Object.fromEntries(
              metrics
                .filter(() => random() < 0.85)
                .map((m) => [m, lo + Math.floor(random() * (hi - lo + 1))]),
            ),
          ),
        );
      const priority = make("P", 2 + Math.floor(random() * 5), 1, 4);
      const partners = make("Q", 1 + Math.floor(random() * 5), 3, 10);
      const plan = pairSchools(input(priority, partners, framework));
      const best = bruteForce(plan.problem.cost, plan.problem.capacity);
      const made = plan.pairings.filter((p) => p.partnerCode !== null);
      expect(made.length).toBe(best.count);
      expect(plan.assignedCost).toBeCloseTo(best.cost, 3);
      // The matrix is the real one: every entry is the candidate's assignment cost; only pairs
      // across levels are forbidden, so as many schools are paired as capacity at their level allows.
      expect(made.reduce((s, p) => s + assignmentCost(p.cost!, framework), 0)).toBeCloseTo(
        best.cost,
        3,
      );
      const sameLevel = plan.problem.rows.map((r) =>
        plan.problem.columns.map((c) => (r.split("|")[1] === c.split("|")[1] ? 0 : Infinity)),
      );
      expect(made.length).toBe(bruteForce(sameLevel, plan.problem.capacity).count);
      for (const p of made) {
        expect(p.schoolLevel).toBe(
          partners.find((q) => q.context.schoolCode === p.partnerCode)!.context.schoolLevel,
        );
        if (p.cost!.blockedBy !== null)
          expect(pairingReason(p, labels)).toMatch(
            /so the preferences were widened for this pair: /,
          );
      }
    }
  });

  it("gives a partner at most partner_capacity schools", () => {
    const priority = ["P1", "P2", "P3"].map((c) => withLevels(school(c), weak));
    const partners = [
      withLevels(school("Q1"), strong),
      withLevels(school("Q2", { lat: 36.9 }), { ...strong, math_performance: 5 }),
    ];
    const one = pairSchools(input(priority, partners, withPairing({ partner_capacity: 1 })));
    const two = pairSchools(input(priority, partners, withPairing({ partner_capacity: 2 })));
    const load = (plan: typeof one, code: string) =>
      plan.pairings.filter((p) => p.partnerCode === code).length;
    expect([load(one, "Q1"), load(one, "Q2")]).toEqual([1, 1]);
    expect([load(two, "Q1"), load(two, "Q2")]).toEqual([2, 1]);
    const left = one.pairings.find((p) => p.partnerCode === null)!;
    expect(pairingReason(left, labels)).toMatch(
      /were all needed by other priority schools.*at most 1 school/,
    );
  });

  it("never pairs schools of different levels", () => {
    const plan = pairSchools(
      input(
        [withLevels(school("P1", { level: "elementary" }), weak)],
        [withLevels(school("Q1", { level: "high" }), strong)],
        withPairing({}),
      ),
    );
    expect(plan.pairings[0]!.partnerCode).toBeNull();
    expect(pairingReason(plan.pairings[0]!, labels)).toBe(
      "No partner: there is no partner-eligible elementary school in the network this year.",
    );
    expect(plan.candidates).toEqual([]);
  });

  it("widens the distance cap, saying how far, when no partner of the level is within it (issue #14 point 10)", () => {
    const priority = [withLevels(school("P1", { lat: 36.7 }), weak)];
    const partners = [withLevels(school("Q1", { lat: 36.7 + 100 / 111.2 }), strong)];
    const near = pairSchools(input(priority, partners, withPairing({ caliper_km: 120 })));
    expect(near.pairings[0]!.partnerCode).toBe("Q1");
    expect(pairingReason(near.pairings[0]!, labels)).not.toMatch(/widened/);
    const far = pairSchools(input(priority, partners, withPairing({ caliper_km: 80 })));
    expect(far.pairings[0]!.partnerCode).toBe("Q1");
    expect(pairingReason(far.pairings[0]!, labels)).toMatch(
      /No partner-eligible elementary school meets every pairing preference for this school, so the preferences were widened for this pair: 100\.0 km is beyond the preferred 80 km\.$/,
    );
    const dear = pairSchools(
      input(priority, partners, withPairing({ caliper_km: 120, max_cost: 0.5 })),
    );
    expect(dear.pairings[0]!.partnerCode).toBe("Q1");
    expect(pairingReason(dear.pairings[0]!, labels)).toMatch(
      /its cost [0-9.]+ is above the maximum of 0\.5/,
    );
  });

  it("pairs every priority school while partners of its level have room: two schools, one partner near, one 585 km away", () => {
    const priority = [
      withLevels(school("P1", { lat: 36.7 }), weak),
      withLevels(school("P2", { lat: 36.75 }), weak),
    ];
    const partners = [
      withLevels(school("Q1", { lat: 36.72 }), strong),
      withLevels(school("Q2", { lat: 36.7 + 585 / 111.2 }), strong),
    ];
    const plan = pairSchools(input(priority, partners, withPairing({ partner_capacity: 1 })));
    expect(plan.pairings.map((p) => p.partnerCode).sort()).toEqual(["Q1", "Q2"]);
    const widened = plan.pairings.find((p) => p.partnerCode === "Q2")!;
    expect(pairingReason(widened, labels)).toMatch(
      /The 1 partner-eligible elementary school\(s\) that meet every pairing preference for this school were needed by other priority schools with no better option, so the preferences were widened for this pair: 5[0-9]{2}\.[0-9] km is beyond the preferred 80 km\./,
    );
    // Only capacity leaves a school without a partner.
    const third = pairSchools(
      input(
        [...priority, withLevels(school("P3"), weak)],
        partners,
        withPairing({ partner_capacity: 1 }),
      ),
    );
    expect(third.pairings.filter((p) => p.partnerCode === null)).toHaveLength(1);
    expect(pairingReason(third.pairings.find((p) => p.partnerCode === null)!, labels)).toMatch(
      /were all needed by other priority schools with no better option; each partner supports at most 1 school/,
    );
  });

  it("prefers a partner stronger on the school's weakest measures, and pairs with one that is not only when none is", () => {
    const notStronger = withLevels(school("Q1"), { math_performance: 1, ela_performance: 2 });
    const alone = pairSchools(
      input([withLevels(school("P1"), weak)], [notStronger], withPairing({})),
    );
    expect(alone.pairings[0]!.partnerCode).toBe("Q1");
    expect(pairingReason(alone.pairings[0]!, labels)).toMatch(
      /widened for this pair: the partner is not stronger on the school's weakest measures\.$/,
    );
    expect(pairingReason(alone.pairings[0]!, labels)).not.toMatch(/Stronger where/);
    const withFar = pairSchools(
      input(
        [withLevels(school("P1"), weak)],
        [notStronger, withLevels(school("Q2", { lat: 36.7 + 300 / 111.2 }), strong)],
        withPairing({}),
      ),
    );
    expect(withFar.pairings[0]!.partnerCode).toBe("Q2");
  });

  it("keeps last year's pair while both schools stay eligible, even when a cheaper partner exists", () => {
    const priority = [withLevels(school("P1"), weak)];
    const partners = [
      withLevels(school("Q1", { lat: 36.8, vars: [0.9, 0.1] }), { ...strong, math_performance: 6 }),
      withLevels(school("Q2"), strong),
      withLevels(school("Q3", { vars: [0.1, 0.6] }), strong),
    ];
    const prior = [{ schoolCode: "P1", schoolLevel: "elementary", partnerCode: "Q1" }];
    const fresh = pairSchools(input(priority, partners, withPairing({}), []));
    expect(fresh.pairings[0]!.partnerCode).toBe("Q2");
    const kept = pairSchools(input(priority, partners, withPairing({}), prior));
    expect(kept.pairings[0]).toMatchObject({ partnerCode: "Q1", kept: true });
    expect(pairingReason(kept.pairings[0]!, labels)).toMatch(/^Kept from last year's pairing/);
    expect(kept.problem.rows).toEqual([]);
    const notKept = pairSchools(
      input(priority, partners, withPairing({ keep_existing_pairs: false }), prior),
    );
    expect(notKept.pairings[0]).toMatchObject({ partnerCode: "Q2", kept: false });
  });

  it("re-pairs a school whose last partner is no longer partner-eligible, and says so", () => {
    const plan = pairSchools(
      input([withLevels(school("P1"), weak)], [withLevels(school("Q2"), strong)], withPairing({}), [
        { schoolCode: "P1", schoolLevel: "elementary", partnerCode: "Q1" },
      ]),
    );
    expect(plan.pairings[0]).toMatchObject({ partnerCode: "Q2", kept: false });
    expect(pairingReason(plan.pairings[0]!, labels)).toMatch(
      /^Last year's partner Q1 is no longer an eligible elementary partner, so the school was re-paired\./,
    );
  });

  it("a kept pair uses the partner's capacity", () => {
    const priority = [withLevels(school("P1"), weak), withLevels(school("P2"), weak)];
    const partners = [withLevels(school("Q1"), strong)];
    const plan = pairSchools(
      input(priority, partners, withPairing({ partner_capacity: 1 }), [
        { schoolCode: "P2", schoolLevel: "elementary", partnerCode: "Q1" },
      ]),
    );
    expect(plan.pairings.map((p) => [p.schoolCode, p.partnerCode, p.kept])).toEqual([
      ["P1", null, false],
      ["P2", "Q1", true],
    ]);
  });

  it("prefers a partner in the same district by the same-district discount", () => {
    const priority = [withLevels(school("P1", { district: "1000000" }), weak)];
    const partners = [
      withLevels(school("Q1", { district: "2000000", lat: 36.71 }), strong),
      withLevels(school("Q2", { district: "1000000", lat: 36.75 }), strong),
    ];
    expect(
      pairSchools(input(priority, partners, withPairing({ same_district_preference: 0 })))
        .pairings[0]!.partnerCode,
    ).toBe("Q1");
    const preferred = pairSchools(
      input(priority, partners, withPairing({ same_district_preference: 0.25 })),
    );
    expect(preferred.pairings[0]!.partnerCode).toBe("Q2");
    expect(pairingReason(preferred.pairings[0]!, labels)).toMatch(/km away in the same district/);
  });

  it("explains a pair with its context rank, the partner's strengths and the distance", () => {
    const plan = pairSchools(
      input(
        [withLevels(school("P1"), weak)],
        [withLevels(school("Q1", { lat: 36.7 + 10 / 111.2 }), strong)],
        withPairing({}),
      ),
    );
    expect(pairingReason(plan.pairings[0]!, labels)).toBe(
      "Paired with School Q1 (Q1), 10.0 km away in the same district. Its students are the 1st most similar of 1 partner-eligible elementary schools (context distance 0.00). Stronger where this school is weakest: Math performance level 9 vs 1 (+8), ELA performance level 9 vs 2 (+7); +7.5 levels on average.",
    );
  });
});
