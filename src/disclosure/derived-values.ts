import type { Framework } from "../domain/framework/framework-schema.ts";
import { suppressCommunityReason } from "../identification/form-communities.ts";
import type { Trigger } from "../identification/identify-schools.ts";
import type { MeasureStrength } from "../identification/pairing-cost.ts";
import { suppressPairCosts, suppressPairReason } from "../identification/pairing-reason.ts";
import { suppressTierReason } from "../identification/reason-sentence.ts";
import type { HiddenCells, TableKey } from "./hidden-cells.ts";

/**
 * Values the server derives from group cells, as one reader may see them. Each follows the
 * decision {@link HiddenCells} makes for the cell it quotes: a hidden cell's level is written as
 * "suppressed" in sentences and is null in fields; the row itself stays.
 */

/** An `identification` row's quoted parts: its triggers and its reason. */
export interface TierQuote {
  readonly school_code: string;
  readonly school_level: string;
  readonly reason: string;
  readonly triggers: readonly Trigger[];
}

/** The school × level whose index figures a tier reason (or a row beside it) quotes. */
export function tierSchools(row: { readonly school_code: string; readonly school_level: string }) {
  return { schoolCode: row.school_code, schoolLevel: row.school_level };
}

/** The group tables a tier reason quotes: its triggers' measures and the graduation rate. */
export function tierTables(row: TierQuote): TableKey[] {
  const at = (metric: string) => ({
    schoolCode: row.school_code,
    schoolLevel: row.school_level,
    metric,
  });
  return [
    ...row.triggers.flatMap((t) => t.measures.map((m) => at(m.metric))),
    ...(row.reason.includes("graduation rate") ? [at("graduation")] : []),
  ];
}

/**
 * A tier reason with the hidden cells it quotes written as suppressed, the school's index
 * score and subgroup component too when its index uses a hidden cell, and each network cut-off
 * that reads as a withheld school's figure (load `hidden` with the school's index, see
 * {@link tierSchools}).
 */
export function shownTierReason(row: TierQuote, hidden: HiddenCells, framework: Framework): string {
  const { school_code: school, school_level: level } = row;
  return suppressTierReason(
    row.reason,
    {
      triggers: row.triggers,
      graduationHidden: hidden.cell(school, level, "graduation", "ALL"),
      indexHidden: hidden.index(school, level),
      cutoffHidden: hidden.cutoff,
    },
    framework,
    (m) => hidden.cell(school, level, m.metric, m.studentGroup),
  );
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

/** A pair's quoted measure levels: both schools' levels on the school's weakest measures. */
export interface PairQuote {
  readonly school_code: string;
  readonly school_level: string;
  readonly partner_code: string | null;
  readonly strengths: readonly MeasureStrength[];
}

/** The tables behind the measure levels a pair reason quotes, for both schools. */
export function pairTables(pair: PairQuote): TableKey[] {
  if (pair.partner_code === null) return [];
  return [pair.school_code, pair.partner_code].flatMap((schoolCode) =>
    pair.strengths.map((s) => ({ schoolCode, schoolLevel: pair.school_level, metric: s.metric })),
  );
}

function pairHidden(pair: PairQuote, hidden: HiddenCells) {
  return (side: "school" | "partner", metric: string) =>
    hidden.measure(
      side === "school" ? pair.school_code : (pair.partner_code ?? ""),
      pair.school_level,
      metric,
    );
}

/**
 * A pair reason (or text embedding one) with the hidden measure levels it quotes suppressed, and
 * the costs it quotes when one of them is built on a hidden level: `pair`'s own, or for a school
 * left unmatched any of its `candidates`' (an unmatched reason quotes the best and the lowest).
 */
export function shownPairReason(
  reason: string,
  pair: PairQuote & { readonly strength_gap: number | null },
  hidden: HiddenCells,
  framework: Framework,
  candidates: readonly PairQuote[] = [],
): string {
  const shown = suppressPairReason(
    reason,
    { strengths: pair.strengths, strengthGap: pair.strength_gap },
    framework,
    pairHidden(pair, hidden),
  );
  return [pair, ...candidates].some((p) => pairGapHidden(p, hidden))
    ? suppressPairCosts(shown)
    : shown;
}

/**
 * Whether a pair's strength gap or cost (the gap is a mean over its quoted measure levels, the
 * cost adds the partner's mean to parts shown beside it) would tell a hidden level.
 */
export function pairGapHidden(pair: PairQuote, hidden: HiddenCells): boolean {
  const h = pairHidden(pair, hidden);
  return pair.strengths.some((s) => h("school", s.metric) || h("partner", s.metric));
}

/** A member of a proposed community (a `communities` row of the run itself). */
export interface CommunityMember {
  readonly community_id: string | null;
  readonly school_code: string;
  readonly school_level: string;
  readonly problem: string | null;
  readonly problem_level: number | null;
}

/** `GROUP × metric` split into its group and metric. */
export function problemCell(problem: string): { group: string; metric: string } {
  const [group = "", metric = ""] = problem.split(" × ");
  return { group, metric };
}

/** The tables behind the members' problem levels. */
export function communityTables(members: readonly CommunityMember[]): TableKey[] {
  return members.flatMap((m) =>
    m.problem === null
      ? []
      : [
          {
            schoolCode: m.school_code,
            schoolLevel: m.school_level,
            metric: problemCell(m.problem).metric,
          },
        ],
  );
}

/** Whether a member's level on its community's problem is hidden from the reader. */
export function memberLevelHidden(m: CommunityMember, hidden: HiddenCells): boolean {
  if (m.problem === null) return false;
  const { group, metric } = problemCell(m.problem);
  return hidden.cell(m.school_code, m.school_level, metric, group);
}

/**
 * A community reason (or a text embedding one) with hidden member levels suppressed; `members`
 * are the proposed community's members as the run wrote them.
 */
export function shownCommunityReason(
  reason: string,
  members: readonly CommunityMember[],
  hidden: HiddenCells,
): string {
  const ordered = [...members].sort((a, b) =>
    a.school_code < b.school_code ? -1 : a.school_code > b.school_code ? 1 : 0,
  );
  if (ordered.some((m) => m.problem_level === null)) return reason;
  return suppressCommunityReason(
    reason,
    ordered.map((m) => m.problem_level!),
    ordered.map((m) => memberLevelHidden(m, hidden)),
  );
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
