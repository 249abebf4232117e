import type { ExitStatus, Tier } from "./identify-schools.ts";

/*
 * What a tier, a pairing or a community rests on, as facts (groups, measures, levels, values,
 * cut-offs, ranks, distances): identification and pairing store them (`facts` JSON columns), the
 * disclosure pass decides each figure for the reader (src/disclosure/derived-values.ts) and
 * reason-text.ts renders the sentence afterwards. Each shape is generic in how a figure is held:
 * `number` as stored, {@link Figure} once disclosed to a reader.
 */

/** A number a reason quotes, as one reader may see it: withheld, it has no value. */
export type Figure =
  | { readonly value: number; readonly withheld: false }
  | { readonly value: null; readonly withheld: true };

/** A quoted number: as stored (`number`) or as disclosed ({@link Figure}). */
export type FigureOf = number | Figure;

/** One measure of a focus trigger: the reporting group's level on it. */
export interface TriggerMeasureFacts<F extends FigureOf> {
  readonly metric: string;
  /** The reporting group behind it (the race group chosen for LOWEST_RACE). */
  readonly studentGroup: string;
  readonly level: F;
}

/** A focus trigger: an accountability group, its mean level and its weakest measures. */
export interface TriggerFacts<F extends FigureOf> {
  readonly group: string;
  readonly meanLevel: F;
  readonly measures: readonly TriggerMeasureFacts<F>[];
}

/** The framework's identification rules as the decision used them. */
export interface TierRules {
  readonly priorityLowestPercent: number;
  readonly graduationRateBelow: number;
  readonly focusLowestPercent: number;
  /** Focus is ranked within each school level (else over the whole network). */
  readonly focusPerLevel: boolean;
  /** A group whose mean level is at or below the priority cut-off (in level terms) enters focus. */
  readonly focusGroupRule: boolean;
  readonly titleIOnly: boolean;
  readonly exitAfterYears: number;
  readonly partnerMinIndexLevel: number;
  readonly partnerMinGrowthLevel: number;
}

/**
 * Why a school × level has its tier (stored without its triggers, which the `triggers` column
 * holds; {@link TierReasonFacts} joins them).
 */
export interface TierFacts<F extends FigureOf> {
  readonly tier: Tier;
  /** `entry`: this year's results meet the tier's entry rule; `held`: kept below it; `none`. */
  readonly basis: "entry" | "held" | "none";
  readonly schoolLevel: string;
  readonly titleI: boolean;
  readonly yearsInTier: number;
  readonly yearsBelowEntry: number;
  readonly exitStatus: ExitStatus;
  readonly exitedFrom: Tier | null;
  readonly priorityBy: { readonly index: boolean; readonly graduation: boolean };
  /** Partner-eligible by its index level, by its growth measures' mean level. */
  readonly partnerBy: { readonly index: boolean; readonly growth: boolean };
  readonly indexScore: F;
  /** The index level (a whole number; never withheld: it is served beside every report). */
  readonly indexLevel: number | null;
  readonly subgroupComponent: F | null;
  /** The all-students graduation rate, when the school has one. */
  readonly graduationRate: F | null;
  /** The mean all-students level of the growth measures `metrics`. */
  readonly growth: { readonly metrics: readonly string[]; readonly level: F } | null;
  /** Focus entered by a group at or below the priority cut-off in level terms. */
  readonly focusByGroupLevel: boolean;
  readonly cutoffs: {
    /** The priority cut-off: the index score at the `lowest_percent` rank. */
    readonly priorityScore: F | null;
    /** The same in level terms (score / 10). */
    readonly priorityLevel: F | null;
    /** The focus cut-off on the subgroup component that applied to the school. */
    readonly subgroupComponent: F | null;
  };
  readonly rules: TierRules;
}

/** A tier's facts with its focus triggers: what the tier reason is rendered from. */
export type TierReasonFacts<F extends FigureOf> = TierFacts<F> & {
  readonly triggers: readonly TriggerFacts<F>[];
};

/** A pairing preference a pair breaks. */
export type BrokenPreference = "caliper_km" | "not_stronger" | "max_cost";

/** One of the school's weakest measures where the partner is stronger (levels as compared). */
export interface StrengthFacts<F extends FigureOf> {
  readonly metric: string;
  readonly schoolLevel: F;
  readonly partnerLevel: F;
}

/** Why a priority school was paired with its partner. */
export interface PairFacts<F extends FigureOf> {
  readonly kind: "paired";
  readonly schoolLevel: string;
  readonly partnerCode: string;
  readonly partnerName: string;
  readonly kept: boolean;
  /** Last year's partner, no longer eligible, that this pair replaces. */
  readonly replacedPrior: string | null;
  readonly distanceKm: number;
  readonly sameDistrict: boolean;
  /** 1 = the most similar of `partnersAtLevel` partner-eligible schools of the level. */
  readonly contextRank: number;
  readonly partnersAtLevel: number;
  readonly contextDistance: number;
  /** The school's weakest measures both schools have (what the cost's strength part averages). */
  readonly shared: readonly string[];
  /** Those where the partner's level, as a whole number, is above the school's; largest gap first. */
  readonly stronger: readonly StrengthFacts<F>[];
  /** Mean of partner − school level over `stronger` (null: none). */
  readonly meanGap: F | null;
  readonly cost: F;
  /** The preferences the pair breaks, with why they were widened. */
  readonly broken: readonly BrokenPreference[];
  /** How many partner-eligible schools of the level met every preference for this school. */
  readonly withinPreferences: number;
  readonly caliperKm: number;
  readonly maxCost: number;
}

/** A candidate a reason names by its cost. */
export interface CandidateCostFacts<F extends FigureOf> {
  readonly code: string;
  readonly name: string;
  readonly cost: F;
}

/** Why a priority school has no partner. */
export interface UnmatchedFacts<F extends FigureOf> {
  readonly kind: "unmatched";
  readonly schoolLevel: string;
  readonly why: "no_context" | "no_candidates" | "all_taken" | "none_qualify";
  readonly priorPartner: string | null;
  readonly candidates: number;
  /** The school's weakest measures (what every candidate's cost is built on). */
  readonly weakest: readonly string[];
  /** `all_taken`: how many acceptable partners there were and the cheapest. */
  readonly open: number;
  readonly best: CandidateCostFacts<F> | null;
  readonly capacity: number;
  /** `none_qualify`: candidates beyond the distance cap, and the nearest's distance. */
  readonly far: { readonly count: number; readonly nearestKm: number } | null;
  readonly notStronger: number;
  /** `none_qualify`: candidates above the maximum cost, and the cheapest of them. */
  readonly dear: { readonly count: number; readonly lowest: CandidateCostFacts<F> } | null;
  readonly caliperKm: number;
  readonly maxCost: number;
}

/** A priority school's pairing facts. */
export type PairingFacts<F extends FigureOf> = PairFacts<F> | UnmatchedFacts<F>;

/** A member of a community, with its group weak on the shared measure and its level there. */
export interface MemberFacts<F extends FigureOf> {
  readonly schoolCode: string;
  readonly group: string;
  readonly level: F;
}

/** Why focus schools form a community of practice (the same facts on every member's row). */
export interface CommunityFacts<F extends FigureOf> {
  readonly kind: "community";
  readonly id: string;
  readonly schoolLevel: string;
  readonly metric: string;
  /** The groups named by the members' problems (one: they share the problem). */
  readonly groups: readonly string[];
  /** In school code order. */
  readonly members: readonly MemberFacts<F>[];
  readonly meanContextDistance: number;
  readonly districts: number;
}

/** Why a focus school is in no community. */
export interface UnplacedFacts {
  readonly kind: "unplaced";
  readonly schoolLevel: string;
  readonly why: "no_problem" | "none_sharing" | "blocked";
  readonly problems: readonly { readonly group: string; readonly metric: string }[];
  readonly crossDistrict: boolean;
  readonly minSize: number;
  /** `blocked`: the communities whose members share a measure with it. */
  readonly sharing: readonly string[];
}

/** A focus school's community facts. */
export type CommunityRowFacts<F extends FigureOf> = CommunityFacts<F> | UnplacedFacts;

/** A hub analyst's override of a proposal, as a reason states it first. */
export interface OverrideFacts {
  readonly kind: "pair" | "community";
  /** The new partner or community; null: removed. */
  readonly target: string | null;
  /** The analyst's own words (entered with the override). */
  readonly statement: string;
}

/** One step a group could take on a measure: its next level and the value that reaches it. */
export interface ExitStepFacts<F extends FigureOf> {
  readonly metric: string;
  readonly studentGroup: string;
  readonly direction: "higher" | "lower";
  readonly level: F;
  /** The value at which the next level starts (the cut point: reached exactly is enough); null at the top level. */
  readonly threshold: F | null;
}

/** A rule the school meets today and must stop meeting to leave its tier. */
export type ExitConditionFacts<F extends FigureOf> =
  | { readonly kind: "index"; readonly score: F; readonly cutoff: F }
  | { readonly kind: "graduation"; readonly rate: F; readonly atLeast: number }
  | {
      readonly kind: "group";
      readonly group: string;
      readonly meanLevel: F;
      /** The priority cut-off in level terms, which the mean must rise above. */
      readonly cutoff: F;
      /** Whole levels more, over the group's measures, that take the mean above the cut-off. */
      readonly levelsNeeded: F;
      /** The group's weakest measures first, each one level up. */
      readonly steps: readonly ExitStepFacts<F>[];
    }
  | { readonly kind: "component"; readonly component: F; readonly cutoff: F };

/** What would take a priority or focus school out of its tier, as facts. */
export interface TierExitFacts<F extends FigureOf> {
  readonly tier: "priority" | "focus";
  /** Consecutive years below the entry rule so far, and how many it takes to leave. */
  readonly yearsBelowEntry: number;
  readonly exitAfterYears: number;
  /** Empty when the school is held below its entry rule (only time is needed). */
  readonly conditions: readonly ExitConditionFacts<F>[];
}
