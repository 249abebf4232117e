import { z } from "zod";
import { RACE_GROUPS, STUDENT_GROUPS } from "../codes.ts";
import { DOMAINS, grade, MEASURE_IDS, type MeasureId, percent } from "./measure-settings.ts";

/**
 * Framework settings beyond the measures: school levels, student groups, index, cut points,
 * identification, pairing and suppression. Read by the levels, identification and server stages.
 */

/** Grade span of each school level; a spanning school is reported at each level it serves. */
export const schoolLevelsSettings = z.strictObject({
  elementary: z.strictObject({ grades: z.tuple([grade, grade]) }),
  middle: z.strictObject({ grades: z.tuple([grade, grade]) }),
  high: z.strictObject({ grades: z.tuple([grade, grade]) }),
  /** How a school serving several levels is reported: at each level, with that level's grades. */
  spanning_schools: z.literal("each_level_with_its_grades"),
});

/** The pseudo-group standing for the lowest-performing race group in the index. */
export const LOWEST_RACE_GROUP = "LOWEST_RACE";

export const studentGroupsSettings = z.strictObject({
  reporting: z.array(z.enum(STUDENT_GROUPS)).min(1),
  /** Subgroups in a measure's index level besides ALL; LOWEST_RACE = lowest race group. */
  accountability: z.array(z.enum([...STUDENT_GROUPS, LOWEST_RACE_GROUP])),
  lowest_race_group: z.strictObject({
    among: z.array(z.enum(RACE_GROUPS)).min(1),
    /** Chosen per measure among race groups with n >= min n, by lowest level, then: */
    tie_breaks: z.array(z.enum(["lower_value", "larger_n"])),
  }),
});

export const indexSettings = z.strictObject({
  /** Domain weights in index points; they sum to 100. */
  domain_weights: z.strictObject(
    Object.fromEntries(DOMAINS.map((d) => [d, z.number().min(0).max(100)])) as Record<
      (typeof DOMAINS)[number],
      z.ZodNumber
    >,
  ),
  /** Within a domain: equal weight per measure with a level, renormalized when one is missing. */
  within_domain: z.literal("equal_renormalized"),
  /** A measure's index level = all_students × level(ALL) + subgroups × mean subgroup level. */
  measure_level: z.strictObject({
    all_students: z.number().min(0).max(1),
    subgroups: z.number().min(0).max(1),
  }),
  /** Index level: cut points from the baseline-year percentiles of index scores per level. */
  index_level_percentiles: z.array(z.number().gt(0).lt(100)).min(1),
  /**
   * A school with no measure at a level in a domain that has weight (e.g. no academic level at
   * all): `no_index` gives it no index score (its measures are still reported, and the run warns);
   * `rescale` scales the present domains' weights up to 100, so the index rests on the other
   * domain alone.
   */
  missing_domain: z.enum(["no_index", "rescale"]).default("no_index"),
});

export const cutPointsSettings = z.strictObject({
  method: z.literal("baseline_percentiles"),
  percentiles: z.array(z.number().gt(0).lt(100)).min(1),
  per: z.literal("measure_and_school_level"),
  /** Only schools whose ALL result has n >= min n contribute to the percentiles. */
  eligible: z.literal("all_students_n_at_least_min_n"),
  /**
   * Survey measures: a school whose participation fell below the floor (its result gets no level)
   * also does not set the cut points. `false`: min n alone decides, as for other measures.
   */
  eligible_requires_participation_floor: z.boolean().default(true),
  /**
   * A measure × school level whose cut points come from fewer schools than this is a warning in
   * the run's output and manifest (the cut points are used as they are).
   */
  min_schools: z.number().int().min(1).default(20),
  /**
   * A measure × school level with no cut points in the set (no eligible school in the baseline
   * year, e.g. EL reclassification with the first year as baseline): `first_year_with_values`
   * freezes its cut points into the set from the first later year that has eligible values, once,
   * with that year recorded (every run warns about it); `no_level` leaves it without levels and
   * out of the index (every run warns).
   */
  when_missing: z.enum(["first_year_with_values", "no_level"]).default("first_year_with_values"),
  /** Growth scores 0-100 are cut into bins of this width (10 = deciles). */
  growth_bin_width: z.number().int().min(1).max(50),
  /**
   * Measures levelled by cutting their 0-100 score into fixed bins of `growth_bin_width`
   * (CORE's growth deciles) instead of baseline percentiles. Added by the levels stage.
   */
  score_bin_measures: z
    .array(z.enum(MEASURE_IDS as [MeasureId, ...MeasureId[]]))
    .default(["ela_growth", "math_growth"]),
  bands: z.strictObject({
    below_average: z.tuple([z.number().int(), z.number().int()]),
    average: z.tuple([z.number().int(), z.number().int()]),
    above_average: z.tuple([z.number().int(), z.number().int()]),
  }),
});

export const identificationSettings = z.strictObject({
  priority: z.strictObject({
    lowest_percent: percent,
    title_i_only: z.boolean(),
    graduation_rate_below: percent,
  }),
  /**
   * Focus (targeted support) is a share of schools: with N eligible schools of a level (`per:
   * school_level`; the whole network with `network`), the ⌈p/100 × N⌉ schools outside priority
   * with the lowest subgroup component (their accountability groups' index levels), ties at the
   * cut included, so focus is about p% of each level on top of priority. Each is recorded with
   * its trigger: the group with the lowest mean level and that group's weakest measures.
   */
  focus: z.strictObject({
    /**
     * Also focus: a school with a group whose mean level across measures is at or below the
     * priority cut-off (the waiver's rule; it has no share: 39 of 66 schools on a demo network).
     */
    subgroup_mean_level_at_or_below_priority_cutoff: z.boolean(),
    /** p: the share of each level's schools in focus. */
    subgroup_component_lowest_percent: percent,
    per: z.enum(["school_level", "network"]).default("school_level"),
  }),
  partner_eligible: z.strictObject({
    min_index_level: z.number().int().min(1).max(10),
    min_growth_level: z.number().int().min(1).max(10),
  }),
  exit_after_years_below_entry: z.number().int().min(1),
});

export const pairingSettings = z.strictObject({
  partner_capacity: z.number().int().min(1).max(2),
  /**
   * Preferred greatest distance between a school and its partner. A preference, never a wall: a
   * priority school with no partner within it is paired beyond it (as little beyond as the
   * assignment allows), and its reason says how far the preference was widened.
   */
  caliper_km: z.number().positive(),
  same_level: z.boolean(),
  keep_existing_pairs: z.boolean(),
  same_district_preference: z.number().min(0),
  similarity_variables: z.array(z.string().min(1)).min(1),
  cost_weights: z.strictObject({
    similarity: z.number().min(0),
    need_match: z.number().min(0),
    distance: z.number().min(0),
  }),
  /**
   * Preferred greatest pair cost: a pair costing more is made only when the school has no partner
   * within the preferences (its reason says so), like `caliper_km`.
   */
  max_cost: z.number().positive().default(10),
  /** Kilometres of travel that count as one cost unit (before the distance weight). */
  distance_scale_km: z.number().positive().default(25),
  /** Levels of shortfall below 10 on the school's weakest measures that count as one cost unit. */
  need_scale_levels: z.number().positive().default(3),
  communities: z.strictObject({
    min_size: z.number().int().min(2),
    max_size: z.number().int().min(2),
    cross_district: z.boolean(),
  }),
});

/**
 * The protection rule: for every small cell, the interval an attacker can derive from everything
 * published to an audience must stay at least this wide (checked by the disclosure attack suite,
 * test/disclosure/). Defaults: 10 points for rates and survey percents (about one level band at
 * the middle of the network), 0.5 on the 1–5 SEL scale (an eighth of it), 20 scale-score points
 * for distance from standard (about a third of a performance level's width).
 */
export const protectionSettings = z.strictObject({
  rate_points: z.number().positive().default(10),
  percent_points: z.number().positive().default(10),
  scale_points: z.number().positive().default(0.5),
  distance_points: z.number().positive().default(20),
});

export const suppressionSettings = z.strictObject({
  min_n: z.number().int().min(1),
  /** Off: only the primary rule (a control for the attack suite; never for publication). */
  complementary: z.boolean(),
  protection: protectionSettings.default({
    rate_points: 10,
    percent_points: 10,
    scale_points: 0.5,
    distance_points: 20,
  }),
});
