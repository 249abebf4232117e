import type { Framework } from "../domain/framework/framework-schema.ts";
import type { MeasureStrength } from "../identification/pairing-cost.ts";
import type {
  CommunityRowFacts,
  Figure,
  PairingFacts,
  TierFacts,
  TierReasonFacts,
  TriggerFacts,
} from "../identification/reason-facts.ts";
import { tierReasonText } from "../identification/reason-text.ts";
import type { RowOf } from "../warehouse/row-shape.ts";
import type { HiddenCells, TableKey } from "./hidden-cells.ts";

/**
 * Values the server derives from group cells, as one reader may see them. Each follows the
 * decision {@link HiddenCells} makes for the cell it quotes: a hidden cell's figure is withheld
 * in a reason's facts ({@link Figure}: no value) and is null in fields; the row itself stays.
 * Reasons are decided here as facts and only then rendered (identification/reason-text.ts), so
 * no sentence is ever searched for what to hide.
 */

const WITHHELD: Figure = { value: null, withheld: true };

/** `value` as a reader sees it: withheld when `hide`. */
function figure(value: number, hide: boolean): Figure {
  return hide ? WITHHELD : { value, withheld: false };
}

function figureOrNull(value: number | null, hide: boolean): Figure | null {
  return value === null ? null : figure(value, hide);
}

/** An `identification` row's facts, as stored (facts null: a run from before facts were kept). */
export interface TierQuote {
  readonly school_code: string;
  readonly school_level: string;
  readonly facts: TierFacts<number> | null;
  readonly triggers: readonly TriggerFacts<number>[];
}

/** The school × level whose index figures a tier reason (or a row beside it) quotes. */
export function tierSchools(row: { readonly school_code: string; readonly school_level: string }) {
  return { schoolCode: row.school_code, schoolLevel: row.school_level };
}

/** The group tables a tier reason quotes: its triggers' measures, graduation and growth. */
export function tierTables(row: TierQuote): TableKey[] {
  const at = (metric: string) => ({
    schoolCode: row.school_code,
    schoolLevel: row.school_level,
    metric,
  });
  return [
    ...row.triggers.flatMap((t) => t.measures.map((m) => at(m.metric))),
    ...(row.facts?.graduationRate != null ? [at("graduation")] : []),
    ...(row.facts?.growth?.metrics ?? []).map(at),
  ];
}

/**
 * A tier's facts as one reader may see them: a trigger's level when its cell is hidden (and the
 * group's mean over it), the graduation rate and the growth levels' mean when an all-students
 * cell behind them is, the school's index score and subgroup component when its index uses a
 * hidden cell, and each network cut-off that is a withheld school's exact figure (load `hidden`
 * with the school's index, see {@link tierSchools}). Null for a run from before facts were kept.
 */
export function shownTierFacts(
  row: TierQuote,
  hidden: HiddenCells,
): TierReasonFacts<Figure> | null {
  const f = row.facts;
  if (f === null) return null;
  const { school_code: school, school_level: level } = row;
  const indexHidden = hidden.index(school, level);
  const growth = f.growth;
  const priorityHidden =
    f.cutoffs.priorityScore !== null && hidden.cutoff("priorityScore", f.cutoffs.priorityScore);
  return {
    ...f,
    indexScore: figure(f.indexScore, indexHidden),
    subgroupComponent: figureOrNull(f.subgroupComponent, indexHidden),
    graduationRate: figureOrNull(f.graduationRate, hidden.cell(school, level, "graduation", "ALL")),
    growth:
      growth === null
        ? null
        : {
            metrics: growth.metrics,
            level: figure(
              growth.level,
              growth.metrics.some((m) => hidden.cell(school, level, m, "ALL")),
            ),
          },
    cutoffs: {
      priorityScore: figureOrNull(f.cutoffs.priorityScore, priorityHidden),
      // The level-terms cut-off is the same school's score / 10.
      priorityLevel: figureOrNull(f.cutoffs.priorityLevel, priorityHidden),
      subgroupComponent: figureOrNull(
        f.cutoffs.subgroupComponent,
        f.cutoffs.subgroupComponent !== null &&
          hidden.cutoff("subgroupComponent", f.cutoffs.subgroupComponent),
      ),
    },
    triggers: row.triggers.map((t) => {
      const isHidden = t.measures.map((m) => hidden.cell(school, level, m.metric, m.studentGroup));
      return {
        group: t.group,
        meanLevel: figure(t.meanLevel, isHidden.some(Boolean)),
        measures: t.measures.map((m, i) => ({
          metric: m.metric,
          studentGroup: m.studentGroup,
          level: figure(m.level, isHidden[i]!),
        })),
      };
    }),
  };
}

/** A tier's reason for one reader: its facts decided ({@link shownTierFacts}), then rendered. */
export function shownTierReason(row: TierQuote, hidden: HiddenCells, framework: Framework): string {
  return tierReasonText(shownTierFacts(row, hidden), framework);
}

/** Focus triggers with hidden levels (and the mean over them) set to null. */
export function shownTriggers(row: TierQuote, hidden: HiddenCells) {
  return row.triggers.map((t) => {
    const isHidden = t.measures.map((m) =>
      hidden.cell(row.school_code, row.school_level, m.metric, m.studentGroup),
    );
    return {
      ...t,
      meanLevel: isHidden.some(Boolean) ? null : t.meanLevel,
      measures: t.measures.map((m, i) => ({ ...m, level: isHidden[i] ? null : m.level })),
    };
  });
}

/** A pair's recorded strengths (a `pairing_candidates` row): what its cost and gap are built on. */
export interface PairQuote {
  readonly school_code: string;
  readonly school_level: string;
  readonly partner_code: string | null;
  readonly strengths: readonly MeasureStrength[];
}

/** The tables behind the measure levels a pair's cost and gap are built on, for both schools. */
export function pairTables(pair: PairQuote): TableKey[] {
  if (pair.partner_code === null) return [];
  return [pair.school_code, pair.partner_code].flatMap((schoolCode) =>
    pair.strengths.map((s) => ({ schoolCode, schoolLevel: pair.school_level, metric: s.metric })),
  );
}

/**
 * Whether a pair's strength gap or cost (the gap is a mean over its quoted measure levels, the
 * cost adds the partner's mean to parts shown beside it) would tell a hidden level.
 */
export function pairGapHidden(pair: PairQuote, hidden: HiddenCells): boolean {
  if (pair.partner_code === null) return false;
  return pair.strengths.some(
    (s) =>
      hidden.measure(pair.school_code, pair.school_level, s.metric) ||
      hidden.measure(pair.partner_code!, pair.school_level, s.metric),
  );
}

/** A `pairings` row's facts, as stored. */
export interface PairingQuote {
  readonly school_code: string;
  readonly school_level: string;
  readonly facts: PairingFacts<number> | null;
}

/** The schools and measures a pairing's facts quote levels of, or build a cost on. */
function pairingQuoted(row: PairingQuote): { schools: string[]; metrics: readonly string[] } {
  const f = row.facts;
  if (f === null) return { schools: [], metrics: [] };
  if (f.kind === "paired") return { schools: [row.school_code, f.partnerCode], metrics: f.shared };
  const costed = [f.best?.code, f.dear?.lowest.code].flatMap((c) => (c ? [c] : []));
  return { schools: [row.school_code, ...costed], metrics: f.weakest };
}

/** The tables behind the levels a pairing's reason quotes or builds a cost on. */
export function pairingTables(row: PairingQuote): TableKey[] {
  const { schools, metrics } = pairingQuoted(row);
  return schools.flatMap((schoolCode) =>
    metrics.map((metric) => ({ schoolCode, schoolLevel: row.school_level, metric })),
  );
}

/**
 * A pairing's facts as one reader may see them: each side's measure level when a level behind it
 * is hidden ({@link HiddenCells.measure}), the mean gap over them, and every cost built on the
 * two schools' levels of the school's weakest measures when one of those is hidden (a cost adds
 * the partner's mean level to parts shown beside it). Null for a run from before facts were kept.
 */
export function shownPairingFacts(
  row: PairingQuote,
  hidden: HiddenCells,
): PairingFacts<Figure> | null {
  const f = row.facts;
  if (f === null) return null;
  const level = row.school_level;
  const h = (school: string, metric: string) => hidden.measure(school, level, metric);
  const costHidden = (partner: string, metrics: readonly string[]) =>
    metrics.some((m) => h(row.school_code, m) || h(partner, m));
  if (f.kind === "unmatched") {
    return {
      ...f,
      best:
        f.best === null
          ? null
          : { ...f.best, cost: figure(f.best.cost, costHidden(f.best.code, f.weakest)) },
      dear:
        f.dear === null
          ? null
          : {
              count: f.dear.count,
              lowest: {
                ...f.dear.lowest,
                cost: figure(f.dear.lowest.cost, costHidden(f.dear.lowest.code, f.weakest)),
              },
            },
    };
  }
  const stronger = f.stronger.map((s) => ({
    metric: s.metric,
    schoolLevel: figure(s.schoolLevel, h(row.school_code, s.metric)),
    partnerLevel: figure(s.partnerLevel, h(f.partnerCode, s.metric)),
  }));
  return {
    ...f,
    stronger,
    meanGap: figureOrNull(
      f.meanGap,
      stronger.some((s) => s.schoolLevel.withheld || s.partnerLevel.withheld),
    ),
    cost: figure(f.cost, costHidden(f.partnerCode, f.shared)),
  };
}

/** A member of a proposed community (a `communities` row of the run itself). */
export const COMMUNITY_MEMBER_ROW = {
  type: "object",
  required: ["community_id", "school_code", "school_level", "problem", "problem_level"],
  additionalProperties: false,
  properties: {
    community_id: { type: ["string", "null"] },
    school_code: { type: "string" },
    school_level: { type: "string" },
    problem: { type: ["string", "null"] },
    problem_level: { type: ["number", "null"] },
  },
} as const;
export type CommunityMember = Readonly<RowOf<typeof COMMUNITY_MEMBER_ROW>>;

/** `GROUP × metric` split into its group and metric. */
export function problemCell(problem: string): { group: string; metric: string } {
  const [group = "", metric = ""] = problem.split(" × ");
  return { group, metric };
}

/** Whether a member's level on its community's problem is hidden from the reader. */
export function memberLevelHidden(m: CommunityMember, hidden: HiddenCells): boolean {
  if (m.problem === null) return false;
  const { group, metric } = problemCell(m.problem);
  return hidden.cell(m.school_code, m.school_level, metric, group);
}

/** The tables behind the members' levels a community's reason quotes. */
export function communityTables(facts: CommunityRowFacts<number> | null): TableKey[] {
  if (facts === null || facts.kind === "unplaced") return [];
  return facts.members.map((m) => ({
    schoolCode: m.schoolCode,
    schoolLevel: facts.schoolLevel,
    metric: facts.metric,
  }));
}

/**
 * A community's facts as one reader may see them: each member's level on the shared measure
 * follows the reader's decision on that member's group cell. Null for a run from before facts
 * were kept.
 */
export function shownCommunityFacts(
  facts: CommunityRowFacts<number> | null,
  hidden: HiddenCells,
): CommunityRowFacts<Figure> | null {
  if (facts === null) return null;
  if (facts.kind === "unplaced") return facts;
  return {
    ...facts,
    members: facts.members.map((m) => ({
      ...m,
      level: figure(m.level, hidden.cell(m.schoolCode, facts.schoolLevel, facts.metric, m.group)),
    })),
  };
}

/** An index component (`index_components` row) and the group levels behind it. */
export interface ComponentRow {
  readonly school_code: string;
  readonly school_level: string;
  readonly metric: string;
  readonly all_level: number | null;
  readonly subgroup_mean: number | null;
  readonly measure_level: number | null;
  readonly points: number | null;
}

/** A component with the parts that would tell a hidden level (mean, measure level, points) null. */
export function shownComponent<C extends ComponentRow>(c: C, hidden: HiddenCells): C {
  const allHidden = hidden.cell(c.school_code, c.school_level, c.metric, "ALL");
  if (!hidden.measure(c.school_code, c.school_level, c.metric)) return c;
  return {
    ...c,
    all_level: allHidden ? null : c.all_level,
    subgroup_mean: null,
    measure_level: null,
    points: null,
  };
}

/** An index score as one reader may see it, and whether it is withheld. */
export interface ShownIndexScore {
  readonly index_score: number | null;
  /** The school's index uses a cell hidden from the reader: only its level is served. */
  readonly index_score_suppressed: boolean;
}

/**
 * A school's index score, null when its index uses a hidden cell ({@link HiddenCells.index}): the
 * score minus the points still shown would give the hidden measure's points back.
 */
export function shownIndexScore(
  row: { readonly school_code: string; readonly school_level: string },
  score: number | null,
  hidden: HiddenCells,
): ShownIndexScore {
  const withheld = score !== null && hidden.index(row.school_code, row.school_level);
  return { index_score: withheld ? null : score, index_score_suppressed: withheld };
}
