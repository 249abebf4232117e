import type { Framework } from "../domain/framework/framework-schema.ts";
import type { TierFacts, TriggerFacts, TriggerMeasureFacts } from "./reason-facts.ts";
import { tierFacts } from "./tier-facts.ts";

/** Support tiers, most intensive first; `none` = not identified and not partner-eligible. */
export type Tier = "priority" | "focus" | "partner_eligible" | "none";
/** How the tier relates to last year's: see {@link identifySchools}. */
export type ExitStatus = "new" | "continuing" | "exit_pending" | "exited" | null;

/**
 * An index measure as one accountability group scored on it: `metric`, `level`, and
 * `studentGroup`, the reporting group behind it (the race group chosen for LOWEST_RACE).
 */
export type GroupMeasure = TriggerMeasureFacts<number>;

/** One accountability group of a school: its levels on the index measures that have one. */
export interface GroupStanding {
  readonly group: string;
  readonly measures: readonly GroupMeasure[];
}

/** Last year's identification of the same school and level (from the latest run of year − 1). */
export interface PriorIdentification {
  readonly tier: Tier;
  readonly yearsInTier: number;
  readonly yearsBelowEntry: number;
}

/** What identification reads about one school × school level. */
export interface SchoolStanding {
  readonly schoolCode: string;
  readonly schoolLevel: string;
  readonly indexScore: number;
  readonly indexLevel: number | null;
  readonly titleI: boolean;
  /** All-students graduation rate (high schools, not suppressed), else null. */
  readonly graduationRate: number | null;
  readonly groups: readonly GroupStanding[];
  /**
   * The subgroup part of the index on its 0–100 scale: Σ weight × subgroup mean level / 10 over
   * the measures with subgroup levels, divided by their weights × 100; null when none has any.
   */
  readonly subgroupComponent: number | null;
  /** Mean all-students level of the growth measures, null without growth. */
  readonly growthLevel: number | null;
  /** The growth measures `growthLevel` averages (default: none named). */
  readonly growthMetrics?: readonly string[];
  readonly prior: PriorIdentification | null;
}

/** A trigger of targeted support: a group, its mean level and the measures where it is weakest. */
export type Trigger = TriggerFacts<number>;

/** The network-wide cut-offs one identification used. */
export interface NetworkCutoffs {
  /** Index score of the school at the `lowest_percent` rank (null: no eligible school). */
  readonly priorityScore: number | null;
  /** The same in level terms: priorityScore / 10 (the index is a weighted mean level × 10). */
  readonly priorityLevel: number | null;
  /** The focus cut-off on the subgroup component when focus is ranked over the whole network. */
  readonly subgroupComponent: number | null;
  /**
   * The focus cut-off of each school level (`focus.per: school_level`): the subgroup component
   * at rank ⌈p/100 × N⌉ among the level's eligible schools outside priority (null: none).
   */
  readonly subgroupComponentByLevel?: Readonly<Record<string, number | null>>;
}

/** One school's identification. */
export interface Identification {
  readonly schoolCode: string;
  readonly schoolLevel: string;
  readonly tier: Tier;
  readonly meetsPriority: boolean;
  readonly meetsFocus: boolean;
  readonly priorityBy: { index: boolean; graduation: boolean };
  readonly triggers: readonly Trigger[];
  readonly yearsInTier: number;
  readonly yearsBelowEntry: number;
  readonly exitStatus: ExitStatus;
  readonly exitedFrom: Tier | null;
  /** What the tier rests on, for its reason (see reason-text.ts). */
  readonly facts: TierFacts<number>;
}

/**
 * Support tiers for every school × level of one year (pure; a few thousand rows at most).
 *
 * - Cut-offs: with N eligible schools (Title I only when `title_i_only`) and p the percent, the
 *   cut-off is the score of the ⌈p/100 × N⌉-th lowest; a school at or below it is in the lowest
 *   p%. All school levels are pooled (every index is on the same 0–100 scale).
 * - Priority entry: index score ≤ the priority cut-off, or a high school whose graduation rate is
 *   below `graduation_rate_below`.
 * - Focus entry, a share of schools: with N eligible schools of a level (`focus.per:
 *   school_level`, else the whole network) and p = `subgroup_component_lowest_percent`, the
 *   cut-off is the subgroup component at rank ⌈p/100 × N⌉ among those schools that do not meet
 *   priority; a school outside priority at or below it enters focus (ties included). With
 *   `subgroup_mean_level_at_or_below_priority_cutoff`, also a school with an accountability group
 *   whose mean level across the index measures is ≤ the priority cut-off in level terms (score /
 *   10). Triggers (recorded): those groups, else the group with the lowest mean level, each with
 *   its measures in the below-average band (else its lowest ones); a school held in focus below
 *   its entry rule gets the same, as its problem of practice for a community.
 * - A tier held last year is kept while its entry rule is unmet for fewer than
 *   `exit_after_years_below_entry` consecutive years (`exit_pending`), then left (`exited`).
 *   Priority outranks focus; a held tier outranks a new lower one.
 * - Partner-eligible: not identified, and index level ≥ `min_index_level` or mean growth level
 *   ≥ `min_growth_level`.
 * - `setsCutoffs` picks the schools whose scores set the cut-offs (the member districts' schools
 *   when a data-collaborative participant opted in to identification): the others are identified
 *   against those cut-offs without moving them.
 */
export function identifySchools(
  standings: readonly SchoolStanding[],
  framework: Framework,
  setsCutoffs: (s: SchoolStanding) => boolean = () => true,
): { identifications: Identification[]; cutoffs: NetworkCutoffs } {
  const rules = framework.identification;
  const basis = standings.filter(setsCutoffs);
  const eligible = (s: SchoolStanding) => !rules.priority.title_i_only || s.titleI;
  const priorityScore = lowestPercentCutoff(
    basis.filter(eligible).map((s) => s.indexScore),
    rules.priority.lowest_percent,
  );
  const meetsPriorityEntry = (s: SchoolStanding) =>
    eligible(s) &&
    ((priorityScore !== null && s.indexScore <= priorityScore) ||
      (s.schoolLevel === "high" &&
        s.graduationRate !== null &&
        s.graduationRate < rules.priority.graduation_rate_below));
  const focusCutoff = (schools: readonly SchoolStanding[]) =>
    shareCutoff(
      schools.filter(eligible).length,
      schools
        .filter((s) => eligible(s) && !meetsPriorityEntry(s))
        .flatMap((s) => (s.subgroupComponent === null ? [] : [s.subgroupComponent])),
      rules.focus.subgroup_component_lowest_percent,
    );
  const byLevel = rules.focus.per === "school_level";
  const levels = [...new Set(basis.map((s) => s.schoolLevel))];
  const cutoffs: NetworkCutoffs = {
    priorityScore,
    priorityLevel: priorityScore === null ? null : priorityScore / 10,
    subgroupComponent: byLevel ? null : focusCutoff(basis),
    ...(byLevel && {
      subgroupComponentByLevel: Object.fromEntries(
        levels.map((l) => [l, focusCutoff(basis.filter((s) => s.schoolLevel === l))]),
      ),
    }),
  };
  const belowAverageTop = framework.cut_points.bands.below_average[1];
  const exitYears = rules.exit_after_years_below_entry;

  const identifications = standings.map((s): Identification => {
    const byIndex = eligible(s) && priorityScore !== null && s.indexScore <= priorityScore;
    const byGraduation =
      eligible(s) &&
      s.schoolLevel === "high" &&
      s.graduationRate !== null &&
      s.graduationRate < rules.priority.graduation_rate_below;
    const meetsPriority = byIndex || byGraduation;
    const means = s.groups
      .filter((g) => g.measures.length > 0)
      .map((g) => ({ group: g, mean: mean(g.measures.map((m) => m.level)) }));
    const lowGroups =
      rules.focus.subgroup_mean_level_at_or_below_priority_cutoff && cutoffs.priorityLevel !== null
        ? means.filter((m) => m.mean <= cutoffs.priorityLevel!)
        : [];
    const componentCutoff = byLevel
      ? (cutoffs.subgroupComponentByLevel![s.schoolLevel] ?? null)
      : cutoffs.subgroupComponent;
    const lowComponent =
      !meetsPriority &&
      componentCutoff !== null &&
      s.subgroupComponent !== null &&
      s.subgroupComponent <= componentCutoff;
    const meetsFocus = eligible(s) && (lowGroups.length > 0 || lowComponent);
    let triggerGroups = lowGroups;
    if (triggerGroups.length === 0 && means.length > 0) {
      const lowest = Math.min(...means.map((m) => m.mean));
      triggerGroups = means.filter((m) => m.mean === lowest);
    }
    const triggersIf = (recorded: boolean) =>
      recorded
        ? triggerGroups.map(({ group, mean: meanLevel }) => ({
            group: group.group,
            meanLevel,
            measures: weakest(group.measures, belowAverageTop),
          }))
        : [];

    const prior = s.prior;
    const held = prior && (prior.tier === "priority" || prior.tier === "focus") ? prior : null;
    const continuing = (tier: Tier) => prior !== null && prior.tier === tier;
    let tier: Tier = "none";
    let exitStatus: ExitStatus = null;
    let exitedFrom: Tier | null = null;
    let yearsBelowEntry = 0;
    const holdOrExit = (heldTier: "priority" | "focus"): boolean => {
      const below = held!.yearsBelowEntry + 1;
      if (below < exitYears) {
        tier = heldTier;
        exitStatus = "exit_pending";
        yearsBelowEntry = below;
        return true;
      }
      exitedFrom = heldTier;
      return false;
    };
    if (meetsPriority) {
      tier = "priority";
      exitStatus = continuing("priority") ? "continuing" : "new";
    } else if (held?.tier === "priority" && holdOrExit("priority")) {
      // kept in priority while below its entry rule
    } else if (meetsFocus) {
      tier = "focus";
      exitStatus = continuing("focus") ? "continuing" : "new";
    } else if (held?.tier === "focus" && exitedFrom === null && holdOrExit("focus")) {
      // kept in focus while below its entry rule
    } else {
      const partner =
        (s.indexLevel !== null && s.indexLevel >= rules.partner_eligible.min_index_level) ||
        (s.growthLevel !== null && s.growthLevel >= rules.partner_eligible.min_growth_level);
      tier = partner ? "partner_eligible" : "none";
      exitStatus = exitedFrom !== null ? "exited" : null;
    }
    // A school held in focus below its entry rule keeps a problem of practice for its community:
    // its weakest group's weakest measures, as if it entered today.
    const triggers = triggersIf(meetsFocus || tier === "focus");
    const yearsInTier = continuing(tier) ? prior!.yearsInTier + 1 : 1;
    const result = {
      schoolCode: s.schoolCode,
      schoolLevel: s.schoolLevel,
      tier,
      meetsPriority,
      meetsFocus,
      priorityBy: { index: byIndex, graduation: byGraduation },
      triggers,
      yearsInTier,
      yearsBelowEntry,
      exitStatus,
      exitedFrom,
    };
    return { ...result, facts: tierFacts(s, result, cutoffs, framework) };
  });
  return { identifications, cutoffs };
}

/**
 * The cut-off of a share of `total` schools taken from `candidates` (some of the schools may not
 * be candidates, e.g. those in priority): the candidate score at rank ⌈p/100 × total⌉ from the
 * bottom, or the highest candidate when there are fewer; null when there are none.
 */
export function shareCutoff(
  total: number,
  candidates: readonly number[],
  percent: number,
): number | null {
  if (candidates.length === 0 || percent <= 0 || total <= 0) return null;
  const sorted = [...candidates].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percent / 100) * total));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** The score at rank ⌈p/100 × N⌉ from the bottom; null when there are no scores. */
export function lowestPercentCutoff(scores: readonly number[], percent: number): number | null {
  if (scores.length === 0 || percent <= 0) return null;
  const sorted = [...scores].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Measures in the below-average band, else those at the group's lowest level; metric order. */
function weakest(measures: readonly GroupMeasure[], belowAverageTop: number): GroupMeasure[] {
  const low = measures.filter((m) => m.level <= belowAverageTop);
  const lowest = Math.min(...measures.map((m) => m.level));
  const chosen = low.length > 0 ? low : measures.filter((m) => m.level === lowest);
  return [...chosen].sort((a, b) => (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
}
