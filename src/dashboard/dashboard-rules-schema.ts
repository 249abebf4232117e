import { z } from "zod";

/** The canonical columns a Dashboard download file is read through (see `columns` in the rules). */
export const DASHBOARD_COLUMNS = [
  "cds",
  "record_type",
  "school_name",
  "district_name",
  "group",
  "indicator",
  "year",
  "current_n",
  "prior_n",
  "status",
  "change",
  "status_level",
  "change_level",
  "color",
  "box",
] as const;
export type DashboardColumn = (typeof DASHBOARD_COLUMNS)[number];

const LEVEL_KEYS = ["1", "2", "3", "4", "5"] as const;
const COLOR_NAMES = ["red", "orange", "yellow", "green", "blue"] as const;
export type ColorName = (typeof COLOR_NAMES)[number];

const bound = z.number().nullable();
/** [low, high] of the values (after rounding) that fall in one level; null is an open end. */
const range = z.tuple([bound, bound]);
/** Level "1".."5" -> its range. */
const scale = z.strictObject({ 1: range, 2: range, 3: range, 4: range, 5: range });
export type Scale = z.infer<typeof scale>;

/**
 * A row condition: any of the listed alternatives; an alternative holds when every column it
 * names (as written in the file, lower-cased) has one of the listed values.
 */
const condition = z.array(z.record(z.string(), z.array(z.string()).min(1))).min(1);
export type RowCondition = z.infer<typeof condition>;

const cutSet = z.strictObject({
  when: condition.optional(),
  status: scale,
  change: scale.optional(),
});
export type CutSet = z.infer<typeof cutSet>;

const colorRow = z.tuple([
  z.enum(COLOR_NAMES),
  z.enum(COLOR_NAMES),
  z.enum(COLOR_NAMES),
  z.enum(COLOR_NAMES),
  z.enum(COLOR_NAMES),
]);
/** Status level "1".."5" -> the colors for change levels 1..5. */
const colorTable = z.strictObject({
  1: colorRow,
  2: colorRow,
  3: colorRow,
  4: colorRow,
  5: colorRow,
});
export type ColorTable = z.infer<typeof colorTable>;

const yearRules = z.strictObject({
  /** A year with status levels only: no change, no color (2022). */
  status_only: z.boolean().default(false),
  n_size: z.strictObject({
    status_min: z.number().int().min(1),
    color_min_current: z.number().int().min(1),
    color_min_prior: z.number().int().min(1),
  }),
  /**
   * Rows whose published status may rest on a count the file lacks (ELPI with under 95%
   * participation counts enrolled, not tested, students): whether a status is shown is not checked.
   */
  status_shown_unknown: condition.optional(),
  /** n-sizes that differ for some rows (first match wins), e.g. foster and homeless LEAs. */
  n_size_overrides: z
    .array(
      z.strictObject({
        when: condition,
        color_min_current: z.number().int().min(1),
        color_min_prior: z.number().int().min(1),
      }),
    )
    .default([]),
  small_denominator: z
    .strictObject({
      below: z.number().int().min(1),
      stored_change_level: z.enum(["raw", "collapsed"]),
    })
    .optional(),
  status_caps: z
    .array(z.strictObject({ when: condition, max_level: z.number().int().min(1).max(5) }))
    .default([]),
  colors: colorTable.optional(),
  cut_sets: z.array(cutSet).min(1),
});
export type YearRules = z.infer<typeof yearRules>;

const indicatorRules = z.strictObject({
  label: z.string().min(1),
  direction: z.enum(["higher", "lower"]),
  /** How CDE names the file (`chronicdownload2019.txt`), to tell the indicator from the name. */
  file_name: z.string().min(1),
  /** The `indicator` column's value, where the file has one. */
  file_code: z.string().min(1).optional(),
  group_when_absent: z.string().min(1).optional(),
  uncolored_groups: z.array(z.string()).default([]),
  years: z.record(z.string().regex(/^\d{4}$/, "a year is four digits"), yearRules),
});
export type IndicatorRules = z.infer<typeof indicatorRules>;

const colorList = z.array(z.enum(COLOR_NAMES)).min(1);
/**
 * One low-performance test on a set of indicator colors: every color in `colors` (`all_in`), all
 * but one (`all_but_one_in`), or more than half (`majority_in`), given at least `min_indicators`.
 */
const colorCriterion = z.strictObject({
  name: z.string().min(1),
  test: z.enum(["all_in", "all_but_one_in", "majority_in"]),
  colors: colorList,
  min_indicators: z.number().int().min(1),
});
export type ColorCriterion = z.infer<typeof colorCriterion>;

/** ESSA school support categories from Dashboard results (CSI, ATSI). */
const essaRules = z.strictObject({
  csi_low_performing: z.strictObject({
    title_i_only: z.boolean(),
    group: z.string().min(1),
    criteria: z.array(colorCriterion).min(1),
  }),
  csi_low_graduation: z.strictObject({
    below: z.number(),
    years_averaged: z.number().int().min(1),
  }),
  atsi: z.strictObject({
    groups: z.array(z.string().min(1)).min(1),
    criteria: z.array(colorCriterion).min(1),
  }),
});
export type EssaRules = z.infer<typeof essaRules>;

/**
 * The Dashboard rule file (frameworks/ca-dashboard-rules.yaml). Other top-level keys are allowed:
 * they hold the YAML anchors (scales, color tables) the indicators refer to.
 */
export const dashboardRulesSchema = z
  .looseObject({
    id: z.string().min(1),
    name: z.string().min(1),
    version: z.number().int().min(1),
    rounding: z.strictObject({
      digits: z.number().int().min(0).max(4),
      mode: z.literal("half_away_from_zero"),
    }),
    colors: z.strictObject({
      red: z.number().int(),
      orange: z.number().int(),
      yellow: z.number().int(),
      green: z.number().int(),
      blue: z.number().int(),
    }),
    box: z.strictObject({
      per_status_level: z.number().int().min(1),
      per_change_level: z.number().int().min(1),
    }),
    columns: z.strictObject(
      Object.fromEntries(DASHBOARD_COLUMNS.map((c) => [c, z.array(z.string().min(1)).min(1)])) as {
        [K in DashboardColumn]: z.ZodArray<z.ZodString>;
      },
    ),
    record_types: z.record(z.string(), z.string()),
    indicators: z.record(z.string().regex(/^[a-z_]+$/), indicatorRules),
    essa: essaRules.optional(),
  })
  .superRefine((rules, ctx) => {
    const step = 10 ** -rules.rounding.digits;
    for (const [id, indicator] of Object.entries(rules.indicators)) {
      for (const [year, y] of Object.entries(indicator.years)) {
        const at = ["indicators", id, "years", year];
        if (!y.status_only && !y.colors)
          ctx.addIssue({
            code: "custom",
            path: [...at, "colors"],
            message: "a year with colors needs a color table",
            input: undefined,
          });
        y.cut_sets.forEach((set, i) => {
          if (i < y.cut_sets.length - 1 && !set.when)
            ctx.addIssue({
              code: "custom",
              path: [...at, "cut_sets", i],
              message: "only the last cut set may omit `when`",
              input: set,
            });
          if (!y.status_only && !set.change)
            ctx.addIssue({
              code: "custom",
              path: [...at, "cut_sets", i, "change"],
              message: "a year with colors needs change cut points",
              input: undefined,
            });
          for (const part of ["status", "change"] as const) {
            const s = set[part];
            if (!s) continue;
            const problem = scaleProblem(s, indicator.direction, step);
            if (problem)
              ctx.addIssue({
                code: "custom",
                path: [...at, "cut_sets", i, part],
                message: problem,
                input: s,
              });
          }
        });
      }
    }
  });
export type DashboardRules = z.infer<typeof dashboardRulesSchema>;

/**
 * Why five ranges do not tile the number line in level order at the rounding step, or undefined.
 * Higher-is-better scales rise with the level; lower-is-better scales fall.
 */
function scaleProblem(s: Scale, direction: "higher" | "lower", step: number): string | undefined {
  const levels = direction === "higher" ? LEVEL_KEYS : [...LEVEL_KEYS].reverse();
  const ranges = levels.map((l) => s[l]);
  const eps = step / 1000;
  for (const [i, [low, high]] of ranges.entries()) {
    const level = levels[i]!;
    if ((i === 0) !== (low === null))
      return `level ${level}: only the lowest range has an open low end`;
    if ((i === ranges.length - 1) !== (high === null))
      return `level ${level}: only the highest range has an open high end`;
    for (const v of [low, high])
      if (v !== null && Math.abs(v / step - Math.round(v / step)) > 1e-6)
        return `level ${level}: ${v} is not a multiple of ${step}`;
    if (low !== null && high !== null && high < low - eps)
      return `level ${level}: ${high} is below ${low}`;
    const next = ranges[i + 1];
    if (next && high !== null && next[0] !== null && Math.abs(next[0] - (high + step)) > eps)
      return `levels ${level} and ${levels[i + 1]}: ${high} is not followed by ${+(high + step).toFixed(6)} (got ${next[0]})`;
  }
  return undefined;
}
