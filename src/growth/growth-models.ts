import { SCHOOL_LEVELS, type SchoolLevel, type Subject } from "../domain/codes.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import type { GrowthModelSettings } from "../domain/framework/growth-model-settings.ts";

/** The growth metrics and the subject each measures. */
export const GROWTH_METRICS = { ela_growth: "ELA", math_growth: "MATH" } as const;
export type GrowthMetric = keyof typeof GROWTH_METRICS;

/**
 * One fitted regression: a subject × tested grade in the run's year. Grades 4–8 take the
 * same-subject prior at grade − 1 one year earlier; the high-school grade (11) takes the
 * `prior_grade` (8) score `grade − prior_grade` years earlier.
 */
export interface GrowthModel {
  readonly metric: GrowthMetric;
  readonly subject: Subject;
  readonly otherSubject: Subject;
  readonly grade: number;
  readonly priorGrade: number;
  /** Years between the prior and the current score. */
  readonly lag: number;
  /** True for the high-school model, whose credit is split over the schools of its years. */
  readonly highSchool: boolean;
  readonly reliability: number;
  readonly otherReliability: number;
}

/** Everything {@link computeGrowth} reads from the framework, resolved. */
export interface GrowthPlan {
  readonly models: readonly GrowthModel[];
  /** Per metric: min n and school levels of the framework measure. */
  readonly metrics: readonly {
    metric: GrowthMetric;
    subject: Subject;
    minN: number;
    schoolLevels: readonly SchoolLevel[];
  }[];
  readonly settings: GrowthModelSettings;
}

/**
 * The models of every growth measure the framework defines. The other subject's reliability
 * (used only when the other-subject prior is corrected too) comes from its own growth measure,
 * or equals the subject's when that measure is absent.
 */
export function growthPlan(framework: Framework): GrowthPlan {
  const models: GrowthModel[] = [];
  const metrics: GrowthPlan["metrics"][number][] = [];
  for (const metric of Object.keys(GROWTH_METRICS) as GrowthMetric[]) {
    const measure = framework.measures[metric];
    if (!measure) continue;
    const subject = measure.subject;
    const otherSubject: Subject = subject === "ELA" ? "MATH" : "ELA";
    const otherMeasure = Object.values(framework.measures).find(
      (m) => m !== undefined && "reliability" in m && m.subject === otherSubject,
    ) as { reliability: number } | undefined;
    const otherReliability = otherMeasure?.reliability ?? measure.reliability;
    const base = {
      metric,
      subject,
      otherSubject,
      reliability: measure.reliability,
      otherReliability,
    };
    for (const grade of [...measure.grades].sort((a, b) => a - b)) {
      if (measure.high_school?.grade === grade) continue;
      models.push({ ...base, grade, priorGrade: grade - 1, lag: 1, highSchool: false });
    }
    if (measure.high_school) {
      const { grade, prior_grade: priorGrade } = measure.high_school;
      models.push({ ...base, grade, priorGrade, lag: grade - priorGrade, highSchool: true });
    }
    metrics.push({
      metric,
      subject,
      minN: measure.min_n,
      schoolLevels: SCHOOL_LEVELS.filter((l) => measure.school_levels.includes(l)),
    });
  }
  return { models, metrics, settings: framework.growth };
}
