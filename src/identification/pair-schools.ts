import type { Framework } from "../domain/framework/framework-schema.ts";
import { solveAssignment } from "../stats/assignment.ts";
import type { ContextSimilarity } from "./context-similarity.ts";
import {
  assignmentCost,
  type PairCost,
  type PairingSchool,
  pairCost,
  weakestMeasures,
} from "./pairing-cost.ts";
import { pairFacts, unmatchedFacts } from "./pairing-facts.ts";
import type { PairingFacts } from "./reason-facts.ts";

/** Last year's pair of a school (from the latest run of year − 1, overrides applied). */
export interface PriorPair {
  readonly schoolCode: string;
  readonly schoolLevel: string;
  readonly partnerCode: string;
}

/** What {@link pairSchools} reads. */
export interface PairingInput {
  /** Priority schools × level; `context` null when the school had no census-day students. */
  readonly priority: readonly (Omit<PairingSchool, "context"> & {
    readonly schoolCode: string;
    readonly schoolLevel: string;
    readonly context: PairingSchool["context"] | null;
  })[];
  /** Partner-eligible schools × level with a context. */
  readonly partners: readonly PairingSchool[];
  readonly similarity: ContextSimilarity;
  readonly priorPairs: readonly PriorPair[];
  readonly framework: Framework;
}

/** A priority school's pairing (partner null: unmatched, the reason says why). */
export interface Pairing {
  readonly schoolCode: string;
  readonly schoolLevel: string;
  readonly partnerCode: string | null;
  readonly partnerName: string | null;
  readonly cost: PairCost | null;
  /** Kept from last year's pairing. */
  readonly kept: boolean;
  /** Why: the facts its reason is rendered from (reason-text.ts). */
  readonly facts: PairingFacts<number>;
}

/** A candidate pair and its cost parts (every priority × partner-eligible school of its level). */
export interface PairCandidate {
  readonly schoolCode: string;
  readonly schoolLevel: string;
  readonly partnerCode: string;
  readonly cost: PairCost;
}

/** The pairing of one network and year, and the assignment problem that produced it. */
export interface PairingPlan {
  readonly pairings: Pairing[];
  readonly candidates: PairCandidate[];
  /**
   * The assignment problem solved after kept pairs were fixed: one row per priority school to
   * pair, one column per partner with its remaining capacity; entries are {@link assignmentCost}
   * (a pair breaking a preference priced above all others); Infinity marks a pair across levels.
   */
  readonly problem: {
    readonly rows: string[];
    readonly columns: string[];
    readonly cost: number[][];
    readonly capacity: number[];
  };
  /** Sum of the assignment costs of the pairs it made (kept pairs excluded). */
  readonly assignedCost: number;
}

const key = (code: string, level: string) => `${code}|${level}`;

/**
 * Pairs every priority school with a partner-eligible school of the same level, as ONE optimal
 * assignment for the network and year (pure):
 *
 * 1. Kept pairs (`keep_existing_pairs`): last year's pair stays when the school is still priority
 *    and the partner still partner-eligible at the same level; it uses one unit of the partner's
 *    capacity (kept pairs cheapest first when capacity has fallen).
 * 2. The others: {@link solveAssignment} over the {@link assignmentCost} matrix — only pairs
 *    across levels forbidden, each partner taking up to `partner_capacity` schools minus its kept
 *    pairs — which pairs as many schools as possible (so a school is left without a partner only
 *    when every partner-eligible school of its level is taken), then breaks as few preferences
 *    (distance cap, maximum cost, a partner stronger on its weakest measures) as it can, then
 *    minimizes the total cost.
 * 3. Every pairing and every unmatched school gets the facts of its reason; a pair that breaks a
 *    preference records which and why.
 */
export function pairSchools(input: PairingInput): PairingPlan {
  const { framework, similarity } = input;
  const settings = framework.pairing;
  const belowAverageTop = framework.cut_points.bands.below_average[1];
  const partnersByLevel = new Map<string, PairingSchool[]>();
  for (const p of input.partners) {
    const list = partnersByLevel.get(p.context.schoolLevel) ?? [];
    list.push(p);
    partnersByLevel.set(p.context.schoolLevel, list);
  }
  const partnerIndex = new Map(
    input.partners.map((p, j) => [key(p.context.schoolCode, p.context.schoolLevel), j]),
  );

  // Cost of every priority × same-level partner, with context ranks.
  const candidates: PairCandidate[] = [];
  const costs = new Map<string, Map<string, PairCost>>();
  const weakestOf = new Map<string, string[]>();
  for (const s of input.priority) {
    const row = new Map<string, PairCost>();
    costs.set(key(s.schoolCode, s.schoolLevel), row);
    const weakest = weakestMeasures(s.measureLevels, belowAverageTop);
    weakestOf.set(key(s.schoolCode, s.schoolLevel), weakest);
    if (s.context === null) continue;
    const school = { context: s.context, measureLevels: s.measureLevels };
    const level = partnersByLevel.get(s.schoolLevel) ?? [];
    const ranked = level
      .map((p) => ({ p, d: similarity.contextDistance(s.context!, p.context) }))
      .sort((a, b) => a.d - b.d || (a.p.context.schoolCode < b.p.context.schoolCode ? -1 : 1));
    ranked.forEach(({ p }, r) => {
      const cost = pairCost(school, p, weakest, r + 1, similarity, framework);
      row.set(p.context.schoolCode, cost);
      candidates.push({
        schoolCode: s.schoolCode,
        schoolLevel: s.schoolLevel,
        partnerCode: p.context.schoolCode,
        cost,
      });
    });
  }

  // 1. Kept pairs.
  const capacity = input.partners.map(() => settings.partner_capacity);
  const prior = new Map(
    input.priorPairs.map((p) => [key(p.schoolCode, p.schoolLevel), p.partnerCode]),
  );
  const kept = new Map<string, string>();
  if (settings.keep_existing_pairs) {
    const keepable = input.priority
      .filter((s) => s.context !== null)
      .flatMap((s) => {
        const partnerCode = prior.get(key(s.schoolCode, s.schoolLevel));
        const cost =
          partnerCode === undefined
            ? undefined
            : costs.get(key(s.schoolCode, s.schoolLevel))!.get(partnerCode);
        return partnerCode !== undefined && cost !== undefined ? [{ s, partnerCode, cost }] : [];
      })
      .sort((a, b) => a.cost.cost - b.cost.cost || (a.s.schoolCode < b.s.schoolCode ? -1 : 1));
    for (const { s, partnerCode } of keepable) {
      const j = partnerIndex.get(key(partnerCode, s.schoolLevel))!;
      if (capacity[j]! <= 0) continue;
      capacity[j]!--;
      kept.set(key(s.schoolCode, s.schoolLevel), partnerCode);
    }
  }

  // 2. One assignment for everyone else.
  const toPair = input.priority.filter(
    (s) => s.context !== null && !kept.has(key(s.schoolCode, s.schoolLevel)),
  );
  const columns = input.partners.map((p, j) => ({ p, j })).filter(({ j }) => capacity[j]! > 0);
  const matrix = toPair.map((s) => {
    const row = costs.get(key(s.schoolCode, s.schoolLevel))!;
    return columns.map(({ p }) => {
      if (p.context.schoolLevel !== s.schoolLevel) return Number.POSITIVE_INFINITY;
      const c = row.get(p.context.schoolCode);
      return c === undefined ? Number.POSITIVE_INFINITY : assignmentCost(c, framework);
    });
  });
  const columnCapacity = columns.map(({ j }) => capacity[j]!);
  const solution = solveAssignment(matrix, { capacity: columnCapacity });
  const assigned = new Map<string, string>();
  toPair.forEach((s, i) => {
    const col = solution.rowToColumn[i];
    if (col !== null && col !== undefined)
      assigned.set(key(s.schoolCode, s.schoolLevel), columns[col]!.p.context.schoolCode);
  });

  // 3. The facts of each reason.
  const nameOf = new Map(input.partners.map((p) => [p.context.schoolCode, p.context.schoolName]));
  const pairings = input.priority.map((s): Pairing => {
    const k = key(s.schoolCode, s.schoolLevel);
    const row = costs.get(k)!;
    const priorPartner = prior.get(k) ?? null;
    const keptPartner = kept.get(k);
    const partnerCode = keptPartner ?? assigned.get(k) ?? null;
    const base = {
      schoolCode: s.schoolCode,
      schoolLevel: s.schoolLevel,
      kept: keptPartner !== undefined,
    };
    if (partnerCode === null) {
      return {
        ...base,
        partnerCode: null,
        partnerName: null,
        cost: null,
        facts: unmatchedFacts({
          schoolLevel: s.schoolLevel,
          hasContext: s.context !== null,
          // Every candidate could have been taken (preferences widen): none was free.
          candidates: [...row.entries()].map(([code, cost]) => ({
            code,
            name: nameOf.get(code) ?? code,
            cost: { ...cost, blockedBy: null },
          })),
          weakest: weakestOf.get(k)!,
          priorPartner: settings.keep_existing_pairs ? priorPartner : null,
          framework,
        }),
      };
    }
    const cost = row.get(partnerCode)!;
    return {
      ...base,
      partnerCode,
      partnerName: nameOf.get(partnerCode) ?? null,
      cost,
      facts: pairFacts({
        partnerName: nameOf.get(partnerCode) ?? partnerCode,
        partnerCode,
        schoolLevel: s.schoolLevel,
        cost,
        partnersAtLevel: row.size,
        withinPreferences: [...row.values()].filter((c) => c.blockedBy === null).length,
        kept: keptPartner !== undefined,
        replacedPrior:
          settings.keep_existing_pairs && priorPartner !== null && priorPartner !== partnerCode
            ? priorPartner
            : null,
        framework,
      }),
    };
  });

  return {
    pairings,
    candidates,
    problem: {
      rows: toPair.map((s) => key(s.schoolCode, s.schoolLevel)),
      columns: columns.map(({ p }) => key(p.context.schoolCode, p.context.schoolLevel)),
      cost: matrix,
      capacity: columnCapacity,
    },
    assignedCost: solution.totalCost,
  };
}
