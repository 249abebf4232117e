import { join } from "node:path";
import { SUBJECTS } from "../domain/codes.ts";
import { CsvFileWriter } from "./csv-file-writer.ts";
import type { NetworkLayout } from "./network-layout.ts";
import {
  ABSENCE,
  GROWTH_INTERCEPT,
  GROWTH_TRAITS,
  NOISE_SD,
  NOISE_SD_11,
  SUSPENSION,
} from "./parameters.ts";
import {
  gradeScoreModel,
  growthSlopes,
  priorGrade,
  SCORED_GRADES,
  truePointSlopes,
} from "./score-model.ts";

const GROWTH_GRADES = [4, 5, 6, 7, 8, 11] as const;
const SLOTS = 13;

/**
 * Collects what the generator planted and realized, per school × year (attendance and suspension
 * propensities) and per subject × grade (measurement error, observed spread), and writes truth/.
 */
export class PlantedTruth {
  private readonly absenceDays: Float64Array;
  private readonly days: Float64Array;
  private readonly chronicExpected: Float64Array;
  private readonly chronicCount: Float64Array;
  private readonly suspension: Float64Array;
  private readonly stints: Float64Array;
  /** Per subject × grade: n, Σ sem², Σ observed, Σ observed², Σ true, Σ true². */
  private readonly scores = new Float64Array(2 * SLOTS * 6);

  constructor(
    private readonly layout: NetworkLayout,
    private readonly years: readonly number[],
    /** Planted contextual effect (grades 4–8), see SynthOptions.contextualEffect. */
    private readonly contextualEffect = 0,
  ) {
    const n = layout.schools.length * years.length;
    this.absenceDays = new Float64Array(n);
    this.days = new Float64Array(n);
    this.chronicExpected = new Float64Array(n);
    this.chronicCount = new Float64Array(n);
    this.suspension = new Float64Array(n);
    this.stints = new Float64Array(n);
  }

  /** One enrollment stint: its daily absence probability, days, P(chronic) and P(suspended). */
  addStint(
    yearIndex: number,
    school: number,
    absenceProbability: number,
    days: number,
    chronicProbability: number,
    suspensionProbability: number,
  ): void {
    const k = yearIndex * this.layout.schools.length + school;
    this.absenceDays[k]! += absenceProbability * days;
    this.days[k]! += days;
    if (days >= 31) {
      this.chronicExpected[k]! += chronicProbability;
      this.chronicCount[k]! += 1;
    }
    this.suspension[k]! += suspensionProbability;
    this.stints[k]! += 1;
  }

  /** The school's expected daily absence rate in a year so far (undefined without days). */
  absenceRate(yearIndex: number, school: number): number | undefined {
    if (yearIndex < 0) return undefined;
    const k = yearIndex * this.layout.schools.length + school;
    return this.days[k]! > 0 ? this.absenceDays[k]! / this.days[k]! : undefined;
  }

  addScore(
    subjectIndex: number,
    grade: number,
    sem: number,
    observed: number,
    trueScore: number,
  ): void {
    const k = (subjectIndex * SLOTS + grade) * 6;
    this.scores[k]! += 1;
    this.scores[k + 1]! += sem * sem;
    this.scores[k + 2]! += observed;
    this.scores[k + 3]! += observed * observed;
    this.scores[k + 4]! += trueScore;
    this.scores[k + 5]! += trueScore * trueScore;
  }

  /** Realized figures of a subject × grade: mean SEM², observed SD, reliability, true SD. */
  realized(
    subjectIndex: number,
    grade: number,
  ): { n: number; meanSem: number; observedSd: number; reliability: number; trueSd: number } {
    const k = (subjectIndex * SLOTS + grade) * 6;
    const n = this.scores[k]!;
    if (n < 2)
      return {
        n,
        meanSem: Number.NaN,
        observedSd: Number.NaN,
        reliability: Number.NaN,
        trueSd: Number.NaN,
      };
    const meanSem2 = this.scores[k + 1]! / n;
    const observedVar = (this.scores[k + 3]! - this.scores[k + 2]! ** 2 / n) / (n - 1);
    const trueVar = (this.scores[k + 5]! - this.scores[k + 4]! ** 2 / n) / (n - 1);
    return {
      n,
      meanSem: Math.sqrt(meanSem2),
      observedSd: Math.sqrt(observedVar),
      reliability: 1 - meanSem2 / observedVar,
      trueSd: Math.sqrt(trueVar),
    };
  }

  /** Writes truth/*.csv into `dir`; returns the row count of each file. */
  write(dir: string): Record<string, number> {
    const counts: Record<string, number> = {};
    const open = (file: string, columns: string[]): CsvFileWriter =>
      new CsvFileWriter(join(dir, file), columns);

    const growth = open("growth_parameters.csv", [
      "subject",
      "grade",
      "prior_grade",
      "true_prior_slope",
      "true_prior_slope_std",
      "true_other_prior_slope",
      "true_other_prior_slope_std",
      "intercept_std",
      "noise_sd_std",
      "n_scores",
      "mean_sem",
      "observed_sd",
      "reliability",
      "prior_mean_sem",
      "prior_reliability",
      "contextual_effect",
    ]);
    SUBJECTS.forEach((subject, s) => {
      for (const grade of GROWTH_GRADES) {
        const points = truePointSlopes(subject, grade);
        const z = growthSlopes(subject, grade);
        const current = this.realized(s, grade);
        const prior = this.realized(s, priorGrade(grade));
        growth.write(
          [
            subject,
            grade,
            priorGrade(grade),
            fixed(points.slope),
            fixed(z.slope),
            fixed(points.cross),
            fixed(z.cross),
            fixed(GROWTH_INTERCEPT),
            fixed(grade === 11 ? NOISE_SD_11 : NOISE_SD),
            current.n,
            fixed(current.meanSem),
            fixed(current.observedSd),
            fixed(current.reliability),
            fixed(prior.meanSem),
            fixed(prior.reliability),
            fixed(grade === 11 ? 0 : this.contextualEffect),
          ].join(","),
        );
      }
    });
    growth.close();
    counts["growth_parameters.csv"] = growth.rows;

    const traits = open("growth_trait_effects.csv", [
      "subject",
      "grade",
      "trait",
      "effect_std",
      "effect",
    ]);
    const traitList: [string, number][] = [
      ["sed", GROWTH_TRAITS.sed],
      ["swd", GROWTH_TRAITS.swd],
      ...GROWTH_TRAITS.el.map((e, k): [string, number] => [`el_level_${k + 1}`, e]),
      ["homeless", GROWTH_TRAITS.homeless],
      ["foster", GROWTH_TRAITS.foster],
    ];
    for (const subject of SUBJECTS) {
      for (const grade of GROWTH_GRADES) {
        const sd = gradeScoreModel(subject, grade).sd;
        for (const [trait, effect] of traitList) {
          const e = grade === 11 ? effect * 1.5 : effect;
          traits.write([subject, grade, trait, fixed(e), fixed(e * sd)].join(","));
        }
      }
    }
    traits.close();
    counts["growth_trait_effects.csv"] = traits.rows;

    const effects = open("school_growth_effects.csv", [
      "school_code",
      "subject",
      "effect",
      "effect_sd",
      "effect_z",
    ]);
    const byGrade = open("school_growth_effects_by_grade.csv", [
      "school_code",
      "subject",
      "grade",
      "effect",
      "effect_sd",
    ]);
    const schools = [...this.layout.schools].sort((a, b) =>
      a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
    );
    for (const school of schools) {
      SUBJECTS.forEach((subject, s) => {
        const z = s === 0 ? school.effectEla : school.effectMath;
        let points = 0;
        let sds = 0;
        let grades = 0;
        for (const grade of GROWTH_GRADES) {
          if (grade < school.low || grade > school.high) continue;
          const sd = gradeScoreModel(subject, grade).sd;
          const observedSd = this.realized(s, grade).observedSd;
          const ratio = Number.isFinite(observedSd) ? sd / observedSd : 1;
          byGrade.write([school.code, subject, grade, fixed(z * sd), fixed(z * ratio)].join(","));
          points += z * sd;
          sds += z * ratio;
          grades++;
        }
        if (grades > 0)
          effects.write(
            [school.code, subject, fixed(points / grades), fixed(sds / grades), fixed(z)].join(","),
          );
      });
    }
    effects.close();
    byGrade.close();
    counts["school_growth_effects.csv"] = effects.rows;
    counts["school_growth_effects_by_grade.csv"] = byGrade.rows;

    const propensities = open("school_propensities.csv", [
      "school_code",
      "year",
      "absence_rate",
      "chronic_absence_expected",
      "suspension_probability",
      "absence_school_effect",
      "suspension_school_effect",
      "students_31_days",
    ]);
    for (const school of schools) {
      this.years.forEach((year, y) => {
        const k = y * this.layout.schools.length + school.index;
        if (this.stints[k] === 0) return;
        propensities.write(
          [
            school.code,
            year,
            fixed(this.absenceDays[k]! / this.days[k]!),
            this.chronicCount[k]! > 0
              ? fixed(this.chronicExpected[k]! / this.chronicCount[k]!)
              : "",
            fixed(this.suspension[k]! / this.stints[k]!),
            fixed(ABSENCE.schoolSd * school.absenceEffect),
            fixed(SUSPENSION.schoolSd * school.suspensionEffect),
            this.chronicCount[k]!,
          ].join(","),
        );
      });
    }
    propensities.close();
    counts["school_propensities.csv"] = propensities.rows;
    return counts;
  }
}

export const TRUTH_SCORED_GRADES = SCORED_GRADES;

function fixed(x: number): string {
  return Number.isFinite(x) ? x.toFixed(6) : "";
}
