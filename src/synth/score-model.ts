import { ASSESSMENT_SCALE, type GradeScale } from "../domain/assessment-scale.ts";
import { SUBJECTS, type Subject } from "../domain/codes.ts";
import {
  GRADE_SCORE_SD,
  GROWTH,
  GROWTH_INTERCEPT,
  GROWTH_TRAITS,
  MEAN_OFFSET_SD,
  SEM_CURVATURE,
  TARGET_RELIABILITY,
} from "./parameters.ts";

/** How a subject × grade's latent z maps to scale scores, and its measurement error. */
export interface GradeScoreModel {
  readonly subject: Subject;
  readonly grade: number;
  readonly scale: GradeScale;
  /** True scale score = mean + sd × z. */
  readonly mean: number;
  readonly sd: number;
  /** SEM at z = 0; SEM(z) = sem0 × (1 + SEM_CURVATURE × z²). */
  readonly sem0: number;
}

export const SCORED_GRADES = [3, 4, 5, 6, 7, 8, 11] as const;

/** The score model of `subject` in tested `grade` (3–8, 11). */
export function gradeScoreModel(subject: Subject, grade: number): GradeScoreModel {
  const scale = ASSESSMENT_SCALE[subject][grade];
  const sd = (GRADE_SCORE_SD[subject] as Record<number, number>)[grade];
  if (!scale || sd === undefined) throw new Error(`no score model for ${subject} grade ${grade}`);
  const r = TARGET_RELIABILITY[subject];
  const a = SEM_CURVATURE;
  const sem0 = sd * Math.sqrt((1 - r) / r / (1 + 2 * a + 3 * a * a));
  return { subject, grade, scale, mean: scale.level3 + MEAN_OFFSET_SD[subject] * sd, sd, sem0 };
}

/** Score models indexed [subject index][grade] (undefined for untested grades). */
export const SCORE_MODELS: readonly (readonly (GradeScoreModel | undefined)[])[] = SUBJECTS.map(
  (subject) => {
    const byGrade: (GradeScoreModel | undefined)[] = [];
    for (const grade of SCORED_GRADES) byGrade[grade] = gradeScoreModel(subject, grade);
    return byGrade;
  },
);

/** The grade whose score is the prior of `grade` (grade 11's prior is grade 8). */
export function priorGrade(grade: number): number {
  return grade === 11 ? 8 : grade - 1;
}

/** Growth-equation trait effect (z) for one year; grade 11 multiplies by 1.5. */
export function growthTraitEffect(
  sed: boolean,
  swd: boolean,
  elpacLevel: number,
  homeless: boolean,
  foster: boolean,
): number {
  let effect = 0;
  if (sed) effect += GROWTH_TRAITS.sed;
  if (swd) effect += GROWTH_TRAITS.swd;
  if (elpacLevel >= 1) effect += GROWTH_TRAITS.el[elpacLevel - 1] ?? 0;
  if (homeless) effect += GROWTH_TRAITS.homeless;
  if (foster) effect += GROWTH_TRAITS.foster;
  return effect;
}

/** The planted slope parameters on the z scale for subject index `s` and tested grade. */
export function growthSlopes(subject: Subject, grade: number): { slope: number; cross: number } {
  const g = GROWTH[subject];
  return grade === 11 ? { slope: g.slope11, cross: g.cross11 } : { slope: g.slope, cross: g.cross };
}

export const INTERCEPT = GROWTH_INTERCEPT;

/** The true slope of current on prior true scale score (points per point), and of the other subject's prior. */
export function truePointSlopes(subject: Subject, grade: number): { slope: number; cross: number } {
  const other: Subject = subject === "ELA" ? "MATH" : "ELA";
  const { slope, cross } = growthSlopes(subject, grade);
  const current = gradeScoreModel(subject, grade).sd;
  const prior = gradeScoreModel(subject, priorGrade(grade)).sd;
  const otherPrior = gradeScoreModel(other, priorGrade(grade)).sd;
  return { slope: (slope * current) / prior, cross: (cross * current) / otherPrior };
}

/** SEM (integer scale points) of a true score at latent z. */
export function semAt(model: GradeScoreModel, z: number): number {
  return Math.max(1, Math.round(model.sem0 * (1 + SEM_CURVATURE * z * z)));
}

/** Observed score: true score plus error, rounded and clamped to LOSS..HOSS. */
export function observedScore(
  model: GradeScoreModel,
  z: number,
  sem: number,
  standardNormal: number,
): number {
  const raw = Math.round(model.mean + model.sd * z + sem * standardNormal);
  return Math.min(model.scale.hoss, Math.max(model.scale.loss, raw));
}
