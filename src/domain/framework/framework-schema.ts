import { z } from "zod";
import { SCHOOL_LEVELS, type SchoolLevel } from "../codes.ts";
import { growthModelSettings } from "./growth-model-settings.ts";
import { unresolvedPlaceholders } from "./measure-description.ts";
import { MEASURE_IDS, type MeasureId, measuresSettings } from "./measure-settings.ts";
import {
  cutPointsSettings,
  identificationSettings,
  indexSettings,
  LOWEST_RACE_GROUP,
  pairingSettings,
  schoolLevelsSettings,
  studentGroupsSettings,
  suppressionSettings,
} from "./policy-settings.ts";

/**
 * The whole framework file. Unknown keys are errors (a typo must not silently fall back to a
 * default); cross-field rules are checked after the shapes. After parsing, every measure carries
 * its effective `min_n` (its own, else `suppression.min_n`).
 */
export const frameworkSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "must be lower-case letters, digits, - or _"),
    name: z.string().min(1),
    version: z.number().int().min(1),
    school_levels: schoolLevelsSettings,
    student_groups: studentGroupsSettings,
    measures: measuresSettings,
    /** The growth model's shared modelling choices (defaults when the section is omitted). */
    growth: growthModelSettings.prefault({}),
    index: indexSettings,
    cut_points: cutPointsSettings,
    identification: identificationSettings,
    pairing: pairingSettings,
    suppression: suppressionSettings,
  })
  .superRefine((f, ctx) => {
    for (const level of SCHOOL_LEVELS) {
      const [low, high] = f.school_levels[level].grades;
      if (low > high)
        ctx.addIssue({
          code: "custom",
          path: ["school_levels", level, "grades"],
          message: `low grade ${low} is above high grade ${high}`,
          input: [low, high],
        });
    }
    const weights = Object.values(f.index.domain_weights).reduce((a, b) => a + b, 0);
    if (Math.abs(weights - 100) > 1e-9)
      ctx.addIssue({
        code: "custom",
        path: ["index", "domain_weights"],
        message: `domain weights must sum to 100, got ${weights}`,
        input: f.index.domain_weights,
      });
    const split = f.index.measure_level.all_students + f.index.measure_level.subgroups;
    if (Math.abs(split - 1) > 1e-9)
      ctx.addIssue({
        code: "custom",
        path: ["index", "measure_level"],
        message: `all_students + subgroups must be 1, got ${split}`,
        input: f.index.measure_level,
      });
    for (const group of f.student_groups.accountability) {
      if (group !== LOWEST_RACE_GROUP && !f.student_groups.reporting.includes(group))
        ctx.addIssue({
          code: "custom",
          path: ["student_groups", "accountability"],
          message: `accountability group "${group}" is not a reporting group`,
          input: group,
        });
    }
    if (!f.student_groups.reporting.includes("ALL"))
      ctx.addIssue({
        code: "custom",
        path: ["student_groups", "reporting"],
        message: `reporting groups must include "ALL"`,
        input: f.student_groups.reporting,
      });
    if (f.pairing.communities.min_size > f.pairing.communities.max_size)
      ctx.addIssue({
        code: "custom",
        path: ["pairing", "communities"],
        message: "min_size is above max_size",
        input: f.pairing.communities,
      });
    for (const id of MEASURE_IDS) {
      const measure = f.measures[id];
      if (!measure) continue;
      const unresolved = unresolvedPlaceholders(measure.description, measure);
      if (unresolved.length > 0)
        ctx.addIssue({
          code: "custom",
          path: ["measures", id, "description"],
          message: `placeholder(s) ${unresolved.join(", ")} name no setting of the measure`,
          input: unresolved,
        });
      const seen = new Set<string>();
      measure.school_levels.forEach((level, i) => {
        if (seen.has(level))
          ctx.addIssue({
            code: "custom",
            path: ["measures", id, "school_levels", i],
            message: `school level "${level}" is listed twice`,
            input: level,
          });
        seen.add(level);
      });
    }
  })
  .transform((f) => {
    const measures: Record<string, unknown> = {};
    for (const [id, measure] of Object.entries(f.measures)) {
      if (measure) measures[id] = { ...measure, min_n: measure.min_n ?? f.suppression.min_n };
    }
    return { ...f, measures: measures as ResolvedMeasures<typeof f.measures> };
  });

type ResolvedMeasures<M> = { [K in keyof M]?: NonNullable<M[K]> & { min_n: number } };

/** A validated framework: every setting the measures, levels, index and identification read. */
export type Framework = z.output<typeof frameworkSchema>;
/** The settings of one measure, with its effective `min_n`. */
export type MeasureSettings<K extends MeasureId> = NonNullable<Framework["measures"][K]>;

/** The grades of `level` in this framework, from low to high. */
export function levelGrades(framework: Framework, level: SchoolLevel): number[] {
  const [low, high] = framework.school_levels[level].grades;
  const grades: number[] = [];
  for (let g = low; g <= high; g++) grades.push(g);
  return grades;
}
