import { z } from "zod";
import {
  CLIMATE_AREAS,
  DISCIPLINE_ACTIONS,
  MARKS,
  MAX_GRADE,
  MIN_GRADE,
  SCHOOL_LEVELS,
  SEL_CONSTRUCTS,
  SUBJECT_AREAS,
  SUBJECTS,
  TESTED_GRADES,
} from "../codes.ts";

/**
 * The settings of each measure in a framework file. Every measure shares the fields of
 * {@link commonMeasureFields}; the rest are the measure's own parameters. All numbers the spec
 * marks [default] live here, never in code.
 */

/** Index domains: academic, and social-emotional & culture-climate. */
export const DOMAINS = ["academic", "se_cc"] as const;
export type Domain = (typeof DOMAINS)[number];

export const grade = z.number().int().min(MIN_GRADE).max(MAX_GRADE);
export const gradeList = z.array(grade).min(1);
export const percent = z.number().min(0).max(100);
const testedGrade = z
  .number()
  .int()
  .refine((g) => (TESTED_GRADES as readonly number[]).includes(g), {
    message: `must be a tested grade (${TESTED_GRADES.join(", ")})`,
  });
/** A percentage per school level, e.g. a survey participation floor. */
export const percentByLevel = z.strictObject({
  elementary: percent,
  middle: percent,
  high: percent,
});

const commonMeasureFields = {
  /** Short name shown on reports. */
  label: z.string().min(1),
  /**
   * Plain-language definition for principals (rendered into docs/measures.md). Numbers that are
   * settings are written as placeholders (`{min_days_enrolled}`, `{min_answered_share:percent}`),
   * so the text cannot disagree with the values; see `measure-description.ts`.
   */
  description: z.string().min(1),
  domain: z.enum(DOMAINS),
  school_levels: z.array(z.enum(SCHOOL_LEVELS)).min(1),
  direction: z.enum(["higher", "lower"]),
  in_index: z.boolean(),
  /** Minimum n for a result to be shown and levelled; defaults to `suppression.min_n`. */
  min_n: z.number().int().min(1).optional(),
};

export const performanceSettings = z.strictObject({
  ...commonMeasureFields,
  subject: z.enum(SUBJECTS),
  grades: z.array(testedGrade).min(1),
  /** Achievement levels counted as meeting the standard (3 Met, 4 Exceeded). */
  proficient_levels: z.array(z.number().int().min(1).max(4)).min(1),
});

export const distanceFromStandardSettings = z.strictObject({
  ...commonMeasureFields,
  subject: z.enum(SUBJECTS),
  grades: z.array(testedGrade).min(1),
});

export const growthSettings = z.strictObject({
  ...commonMeasureFields,
  subject: z.enum(SUBJECTS),
  grades: z.array(testedGrade).min(1),
  /** Test reliability used for the errors-in-variables correction. */
  reliability: z.number().gt(0).lt(1),
  /** High-school growth: this grade's score with the prior from `prior_grade` years earlier. */
  high_school: z.strictObject({ grade: testedGrade, prior_grade: testedGrade }).optional(),
});

export const hsReadinessSettings = z.strictObject({
  ...commonMeasureFields,
  grade,
  /** Denominator: students in `grade` enrolled at the school at least this many days. */
  min_days_enrolled: z.number().int().min(0),
  gpa_min: z.number().min(0).max(4),
  /** GPA points of each letter mark; marks not listed (P, NP, I, W) do not count in GPA. */
  gpa_points: z.partialRecord(z.enum(MARKS), z.number().min(0).max(5)),
  attendance_min_percent: percent,
  /** No mark in `d_or_f_marks` in any of these subject areas. */
  no_d_or_f_in: z.array(z.enum(SUBJECT_AREAS)).min(1),
  d_or_f_marks: z.array(z.enum(MARKS)).min(1),
  /** No discipline action of these kinds during the year. */
  no_discipline_actions: z.array(z.enum(DISCIPLINE_ACTIONS)),
});

export const graduationSettings = z.strictObject({
  ...commonMeasureFields,
  graduate_outcomes: z.array(z.enum(["GRD", "CON", "DRP", "CHS"])).min(1),
  /** Outcomes that leave the cohort (not in the denominator). */
  excluded_outcomes: z.array(z.enum(["TRO", "EMI", "DEC"])),
});

export const chronicAbsenceSettings = z.strictObject({
  ...commonMeasureFields,
  grades: gradeList,
  min_days_enrolled: z.number().int().min(1),
  absence_threshold_percent: z.number().gt(0).max(100),
});

export const suspensionSettings = z.strictObject({
  ...commonMeasureFields,
  grades: gradeList,
  actions: z.array(z.enum(DISCIPLINE_ACTIONS)).min(1),
});

export const elRedesignationSettings = z.strictObject({
  ...commonMeasureFields,
  /** Reclassified after the prior census day and on or before this year's census or year end. */
  window_end: z.enum(["census", "year_end"]),
  /** EL progress is reported for all students only (the EL population), never split by group. */
  all_students_only: z.literal(true),
});

export const selSkillsSettings = z.strictObject({
  ...commonMeasureFields,
  grades: gradeList,
  constructs: z.array(z.enum(SEL_CONSTRUCTS)).min(1),
  /** A construct score needs at least this share of the construct's items answered. */
  min_answered_share: z.number().gt(0).max(1),
  participation_floor: percentByLevel,
});

export const cultureClimateSettings = z.strictObject({
  ...commonMeasureFields,
  areas: z.array(z.enum(CLIMATE_AREAS)).min(1),
  /** Answers (after reverse coding, 1-5) counted as favourable: the top two of five. */
  favorable_answers: z.array(z.number().int().min(1).max(5)).min(1),
  respondents: z.strictObject({
    student: z.strictObject({ grades: gradeList, participation_floor: percentByLevel }),
    staff: z.strictObject({ participation_floor: percentByLevel }),
    parent: z.strictObject({ participation_floor: percentByLevel }),
  }),
});

/**
 * The measures a framework may define. A framework lists the ones it uses; an absent measure is
 * neither computed nor counted.
 */
export const measuresSettings = z.strictObject({
  ela_performance: performanceSettings.optional(),
  math_performance: performanceSettings.optional(),
  ela_distance_from_standard: distanceFromStandardSettings.optional(),
  math_distance_from_standard: distanceFromStandardSettings.optional(),
  ela_growth: growthSettings.optional(),
  math_growth: growthSettings.optional(),
  hs_readiness: hsReadinessSettings.optional(),
  graduation: graduationSettings.optional(),
  chronic_absence: chronicAbsenceSettings.optional(),
  suspension: suspensionSettings.optional(),
  el_redesignation: elRedesignationSettings.optional(),
  sel_skills: selSkillsSettings.optional(),
  culture_climate: cultureClimateSettings.optional(),
});

export type MeasureId = keyof z.output<typeof measuresSettings>;
export const MEASURE_IDS = Object.keys(measuresSettings.shape) as MeasureId[];
