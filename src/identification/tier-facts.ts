import type { Framework } from "../domain/framework/framework-schema.ts";
import type { Identification, NetworkCutoffs, SchoolStanding } from "./identify-schools.ts";
import type { TierFacts } from "./reason-facts.ts";

type Decided = Omit<Identification, "facts">;

/**
 * The facts behind a school's tier (its figures, the cut-offs and rules they were held against);
 * reason-text.ts words them for a reader once disclosure has decided each figure.
 */
export function tierFacts(
  s: SchoolStanding,
  d: Decided,
  cutoffs: NetworkCutoffs,
  framework: Framework,
): TierFacts<number> {
  const rules = framework.identification;
  const perLevel = cutoffs.subgroupComponentByLevel !== undefined;
  const focusGroupRule = rules.focus.subgroup_mean_level_at_or_below_priority_cutoff;
  const entry =
    (d.tier === "priority" && d.meetsPriority) ||
    (d.tier === "focus" && d.meetsFocus) ||
    d.tier === "partner_eligible";
  return {
    tier: d.tier,
    basis: d.tier === "none" ? "none" : entry ? "entry" : "held",
    schoolLevel: s.schoolLevel,
    titleI: s.titleI,
    yearsInTier: d.yearsInTier,
    yearsBelowEntry: d.yearsBelowEntry,
    exitStatus: d.exitStatus,
    exitedFrom: d.exitedFrom,
    priorityBy: d.priorityBy,
    partnerBy: {
      index:
        d.tier === "partner_eligible" &&
        s.indexLevel !== null &&
        s.indexLevel >= rules.partner_eligible.min_index_level,
      growth:
        d.tier === "partner_eligible" &&
        s.growthLevel !== null &&
        s.growthLevel >= rules.partner_eligible.min_growth_level,
    },
    indexScore: s.indexScore,
    indexLevel: s.indexLevel,
    subgroupComponent: s.subgroupComponent,
    graduationRate: s.graduationRate,
    growth:
      s.growthLevel === null ? null : { metrics: s.growthMetrics ?? [], level: s.growthLevel },
    focusByGroupLevel:
      focusGroupRule &&
      cutoffs.priorityLevel !== null &&
      d.triggers.some((t) => t.meanLevel <= cutoffs.priorityLevel!),
    cutoffs: {
      priorityScore: cutoffs.priorityScore,
      priorityLevel: cutoffs.priorityLevel,
      subgroupComponent: perLevel
        ? (cutoffs.subgroupComponentByLevel![s.schoolLevel] ?? null)
        : cutoffs.subgroupComponent,
    },
    rules: {
      priorityLowestPercent: rules.priority.lowest_percent,
      graduationRateBelow: rules.priority.graduation_rate_below,
      focusLowestPercent: rules.focus.subgroup_component_lowest_percent,
      focusPerLevel: perLevel,
      focusGroupRule,
      titleIOnly: rules.priority.title_i_only,
      exitAfterYears: rules.exit_after_years_below_entry,
      partnerMinIndexLevel: rules.partner_eligible.min_index_level,
      partnerMinGrowthLevel: rules.partner_eligible.min_growth_level,
    },
  };
}
